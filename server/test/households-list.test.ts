import { describe, expect, it } from 'vitest'
import { heldCodes, TEST_VILLAGE, withVillage } from './helpers.ts'

type Feature = {
  id: string
  geometry: { type: 'Point'; coordinates: [number, number] } | null
  properties: { id: string; huhao: string; group: number | null; categories: string[]; memberCount: number; status: string; headName?: string | null }
}
const list = async (app: Awaited<ReturnType<typeof withVillage>>['app'], query = '') => {
  const res = await app.inject(`/api/villages/${TEST_VILLAGE}/households${query}`)
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toMatch(/application\/json/)
  const body = res.json() as { type: string; features: Feature[] }
  expect(body.type).toBe('FeatureCollection')
  return body.features
}

describe('GET /api/villages/:code/households', () => {
  it('returns every household as a feature with its rolled-up categories', async () => {
    const { app, data } = await withVillage(60)
    const features = await list(app)
    expect(features).toHaveLength(data.households.length)
    for (const h of data.households) {
      const f = features.find((x) => x.properties.huhao === h.huhao)!
      expect(f.id).toBe(h.id)
      expect(new Set(f.properties.categories)).toEqual(heldCodes(h))
      expect(f.properties.memberCount).toBe(h.members.length)
      expect(f.properties.group).toBe(h.group)
      expect(f.properties.status).toBe(h.status)
      if (h.lngLat) {
        expect(f.geometry!.coordinates[0]).toBeCloseTo(h.lngLat[0], 7)
        expect(f.geometry!.coordinates[1]).toBeCloseTo(h.lngLat[1], 7)
      } else {
        expect(f.geometry).toBeNull()
      }
    }
  })

  it('leaves names out unless asked for', async () => {
    const { app, data } = await withVillage(10)
    expect((await list(app)).every((f) => f.properties.headName === null)).toBe(true)
    const named = await list(app, '?names=1')
    const h = data.households[0]!
    const head = h.members.find((m) => m.relation === '户主')!
    expect(named.find((f) => f.id === h.id)!.properties.headName).toBe(head.name)
  })

  it('filters by any and all categories, group and status', async () => {
    const { app, data } = await withVillage(120, 5)
    const expectIds = (pred: (h: (typeof data.households)[number]) => boolean) =>
      data.households.filter(pred).map((h) => h.id).sort()
    const ids = (fs: Feature[]) => fs.map((f) => f.id).sort()

    expect(ids(await list(app, '?categories=dibao,wubao'))).toEqual(expectIds((h) => heldCodes(h).has('dibao') || heldCodes(h).has('wubao')))
    expect(ids(await list(app, '?categories=dibao,civil_affairs&match=all'))).toEqual(
      expectIds((h) => heldCodes(h).has('dibao') && heldCodes(h).has('civil_affairs')),
    )
    expect(ids(await list(app, '?group=2'))).toEqual(expectIds((h) => h.group === 2))
    expect(ids(await list(app, '?status=active&categories=elderly_80'))).toEqual(
      expectIds((h) => h.status === 'active' && heldCodes(h).has('elderly_80')),
    )
  })

  it('counts per-year categories only in the chosen year', async () => {
    const { app, data } = await withVillage(150, 9)
    const in2018 = data.households.filter((h) => h.categories.some((c) => c.code === 'poverty_relief' && c.year === 2018))
    const any = data.households.filter((h) => h.categories.some((c) => c.code === 'poverty_relief'))
    expect(in2018.length).toBeGreaterThan(0)
    expect(in2018.length).toBeLessThan(any.length)
    expect((await list(app, '?categories=poverty_relief&year=2018')).length).toBe(in2018.length)
    expect((await list(app, '?categories=poverty_relief')).length).toBe(any.length)
  })

  it('rejects unknown categories, bad match values and non-village codes', async () => {
    const { app } = await withVillage(5)
    const unknown = await app.inject(`/api/villages/${TEST_VILLAGE}/households?categories=dibao,nosuch`)
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error).toMatchObject({ code: 'unknown_category' })
    expect(unknown.json().error.message).toContain('nosuch')
    const badMatch = await app.inject(`/api/villages/${TEST_VILLAGE}/households?match=some`)
    expect(badMatch.statusCode).toBe(400)
    const injected = await app.inject(`/api/villages/${TEST_VILLAGE}/households?categories=${encodeURIComponent("dibao') or 1=1 --")}`)
    expect(injected.statusCode).toBe(400)
    const township = await app.inject('/api/villages/440982101000/households')
    expect(township.statusCode).toBe(404)
    expect(township.json().error.code).toBe('village_not_found')
  })

  it('lists a whole township through /api/areas/:code/households', async () => {
    const { app, data } = await withVillage(25)
    const res = await app.inject('/api/areas/440982101000/households')
    expect(res.statusCode).toBe(200)
    expect(res.json().features).toHaveLength(data.households.length)
  })
})
