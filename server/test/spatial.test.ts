/**
 * Spatial questions on a real database: households within N metres of a
 * feature and households far from every feature of a kind, checked against
 * distances computed here from the dataset; a feature's length and area.
 */
import { describe, expect, it } from 'vitest'
import { TEST_VILLAGE, heldCodes, withVillage, type Client } from './helpers.ts'

const metres = (a: number[], b: number[]) => {
  const rad = Math.PI / 180
  const x = (b[0]! - a[0]!) * rad * Math.cos(((a[1]! + b[1]!) / 2) * rad)
  const y = (b[1]! - a[1]!) * rad
  return Math.hypot(x, y) * 6_371_008.8
}

async function pointFeature(app: Client, at: number[], kind = 'waterlogging') {
  const m = (await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/maps`, payload: { name: '需求地图', purpose: 'need' } })).json()
  const f = await app.inject({ method: 'POST', url: `/api/layers/${m.layers[0].id}/features`, payload: { kind, geometry: { type: 'Point', coordinates: at } } })
  expect(f.statusCode, f.body).toBe(201)
  return f.json() as { id: string }
}

describe('spatial questions (PostGIS geography, metres)', () => {
  it('households within 300 m of a need, counted by category, match the distances', async () => {
    const { app, data } = await withVillage(60)
    const placed = data.households.filter((h) => h.lngLat)
    const centre = placed[0]!.lngLat!
    const f = await pointFeature(app, centre)
    const r = await app.inject(`/api/villages/${TEST_VILLAGE}/spatial?near=${f.id}&metres=150`)
    expect(r.statusCode, r.body).toBe(200)
    const answer = r.json()
    const got = new Set<string>(answer.householdIds)
    // Leave out households within a metre of the edge, where sphere and spheroid may disagree.
    for (const h of placed) {
      const d = metres(h.lngLat!, centre)
      if (Math.abs(d - 150) < 1) continue
      expect(got.has(h.id), `${h.huhao} at ${d.toFixed(1)} m`).toBe(d < 150)
    }
    expect(answer.households).toBe(got.size)
    const dibao = placed.filter((h) => got.has(h.id) && heldCodes(h).has('dibao')).length
    expect(answer.byCategory.dibao ?? 0).toBe(dibao)
    expect(answer.area.type).toBe('Polygon')
    // (the first test of a worker also opens its database: slow on a loaded machine)
  }, 120_000)

  it('households further than 200 m from every feature of a kind', async () => {
    const { app, data } = await withVillage(60)
    const placed = data.households.filter((h) => h.lngLat)
    const a = placed[0]!.lngLat!
    const b = placed.at(-1)!.lngLat!
    await pointFeature(app, a, 'volunteer_team')
    await pointFeature(app, b, 'volunteer_team')
    const answer = (await app.inject(`/api/villages/${TEST_VILLAGE}/spatial?far=volunteer_team&metres=200`)).json()
    const got = new Set<string>(answer.householdIds)
    for (const h of placed) {
      const d = Math.min(metres(h.lngLat!, a), metres(h.lngLat!, b))
      if (Math.abs(d - 200) < 1) continue
      expect(got.has(h.id)).toBe(d > 200)
    }
  }, 120_000)

  it('refuses bad questions with 400 and measures a feature', async () => {
    const { app } = await withVillage(5)
    expect((await app.inject(`/api/villages/${TEST_VILLAGE}/spatial?near=x&metres=300`)).statusCode).toBe(400)
    expect((await app.inject(`/api/villages/${TEST_VILLAGE}/spatial?far=volunteer_team&metres=99999`)).statusCode).toBe(400)
    const m = (await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/maps`, payload: { name: 'x', purpose: 'asset' } })).json()
    const sq = [[111.0412, 21.8237], [111.0422, 21.8237], [111.0422, 21.8247], [111.0412, 21.8247], [111.0412, 21.8237]]
    const f = (await app.inject({ method: 'POST', url: `/api/layers/${m.layers[0].id}/features`, payload: { kind: 'park', geometry: { type: 'Polygon', coordinates: [sq] } } })).json()
    const measure = (await app.inject(`/api/features/${f.id}/measure`)).json()
    // 0.001° × 0.001° at 21.8° N: about 103 m × 111 m.
    expect(measure.areaM2).toBeGreaterThan(11_000)
    expect(measure.areaM2).toBeLessThan(12_000)
    expect(measure.perimeterM).toBeGreaterThan(420)
  }, 120_000)
})
