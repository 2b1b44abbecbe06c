/**
 * Any area as a map: stats for an area and its children, tiles with the
 * filter as query parameters (households from z13, area points below), the
 * same households for every facet in tiles, GeoJSON and stats, scope kept by
 * every route, and caches that follow every write (issue 12).
 */
import { describe, expect, it } from 'vitest'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { sql } from 'drizzle-orm'
import { OTHER_VILLAGE, TEST_VILLAGE, heldCodes, withVillage, type Client } from './helpers.ts'

const TOWNSHIP = '440982101000'
const COUNTY = '440982000000'

/** The tile (z, x, y) containing [lng, lat] (Web Mercator, XYZ scheme). */
function tileOf(lng: number, lat: number, z: number) {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { x: Math.floor(((lng + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

function decode(payload: Buffer) {
  const tile = new VectorTile(new Pbf(payload))
  const out: Record<string, Record<string, string | number | boolean>[]> = {}
  for (const [name, layer] of Object.entries(tile.layers)) {
    out[name] = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties)
  }
  return out
}

/** Ids of every household in the z14 tiles over the given positions. */
async function tileIds(app: Client, area: string, positions: [number, number][], query: string): Promise<Set<string>> {
  const tiles = new Set(positions.map(([lng, lat]) => JSON.stringify(tileOf(lng, lat, 14))))
  const ids = new Set<string>()
  for (const t of tiles) {
    const { x, y } = JSON.parse(t) as { x: number; y: number }
    const res = await app.inject(`/api/areas/${area}/tiles/14/${x}/${y}.mvt${query}`)
    expect([200, 204]).toContain(res.statusCode)
    if (res.statusCode === 200) for (const f of decode(res.rawPayload).households ?? []) ids.add(String(f.id))
  }
  return ids
}

const FACETS = [
  '',
  '?categories=dibao',
  '?categories=disability_12,disability_34&match=all',
  '?categories=poverty_relief&year=2017',
  '?status=active',
  '?status=moved_out',
  '?group=1',
  '?age=senior',
  '?age=minor',
  '?dis=physical',
  '?grade=12',
  '?categories=elderly_alone&age=aged80',
]

describe('area stats, tiles and facets', () => {
  it('gives the same households for every facet in tiles, GeoJSON and stats, for the village and its township', async () => {
    const { app, data } = await withVillage(60, 5)
    const positions = data.households.filter((h) => h.lngLat).map((h) => h.lngLat!)
    for (const q of FACETS) {
      const list = (await app.inject(`/api/areas/${TOWNSHIP}/households${q}`)).json().features as {
        id: string
        geometry: unknown
        properties: { categories: string[]; memberCount: number }
      }[]
      const township = (await app.inject(`/api/areas/${TOWNSHIP}/stats${q}`)).json()
      const village = (await app.inject(`/api/villages/${TEST_VILLAGE}/stats${q}`)).json()
      expect(township.households, q).toBe(list.length)
      expect(village.households, q).toBe(list.length)
      expect(township.members, q).toBe(list.reduce((s, f) => s + f.properties.memberCount, 0))
      expect(township.byCategory, q).toEqual(village.byCategory)
      const child = township.children.find((c: { code: string }) => c.code === TEST_VILLAGE)
      expect(child.households, q).toBe(list.length)
      expect(child.byCategory, q).toEqual(village.byCategory)
      const placed = new Set(list.filter((f) => f.geometry).map((f) => f.id))
      expect(await tileIds(app, TOWNSHIP, positions, q), q).toEqual(placed)
      // The export of the map's filter holds the same households (by 户号), and says it is filtered in its name.
      const villageList = (await app.inject(`/api/villages/${TEST_VILLAGE}/households${q}`)).json().features as { properties: { huhao: string } }[]
      const exported = await app.inject(`/api/villages/${TEST_VILLAGE}/export.geojson${q}`)
      expect(exported.statusCode, q).toBe(200)
      const exportedHuhao = (exported.json().features as { properties: { huhao: string } }[]).map((f) => f.properties.huhao).sort()
      expect(exportedHuhao, q).toEqual(villageList.map((f) => f.properties.huhao).sort())
      expect(decodeURIComponent(String(exported.headers['content-disposition'])).includes('-筛选'), q).toBe(q !== '')
    }
  }, 240_000)

  it('counts each household once per category, for the township and the county, as the bureau sees them', async () => {
    const { as, data } = await withVillage(80, 8)
    const bureau = await as('bureau')
    const expected: Record<string, number> = {}
    for (const h of data.households) for (const c of heldCodes(h)) expected[c] = (expected[c] ?? 0) + 1
    const county = (await bureau.inject(`/api/areas/${COUNTY}/stats`)).json()
    expect(county.level).toBe('county')
    expect(county.households).toBe(80)
    expect(county.byCategory).toEqual(expected)
    const township = county.children.find((c: { code: string }) => c.code === TOWNSHIP)
    expect(township).toMatchObject({ level: 'township', households: 80, byCategory: expected })
    // The county's low-zoom tile draws the township as one point with the same counts.
    const [lng, lat] = data.households.find((h) => h.lngLat)!.lngLat!
    const { x, y } = tileOf(lng, lat, 8)
    const points = decode((await bureau.inject(`/api/areas/${COUNTY}/tiles/8/${x}/${y}.mvt`)).rawPayload).areas!
    expect(points).toHaveLength(1)
    expect(points[0]).toMatchObject({ code: TOWNSHIP, level: 'township', households: 80 })
    for (const [code, n] of Object.entries(expected)) expect(points[0]![`n_${code}`]).toBe(n)
  })

  it('keeps a worker inside their village by every tile, aggregate and stats route', async () => {
    const { as, data } = await withVillage(30, 6)
    const worker = await as('worker')
    const [lng, lat] = data.households.find((h) => h.lngLat)!.lngLat!
    for (const z of [8, 11, 14]) {
      const { x, y } = tileOf(lng, lat, z)
      expect((await worker.inject(`/api/areas/${TOWNSHIP}/tiles/${z}/${x}/${y}.mvt`)).statusCode).toBe(403)
      expect((await worker.inject(`/api/areas/${OTHER_VILLAGE}/tiles/${z}/${x}/${y}.mvt`)).statusCode).toBe(403)
      // Their own village at a township's zoom is still just their village.
      const own = await worker.inject(`/api/areas/${TEST_VILLAGE}/tiles/${z}/${x}/${y}.mvt`)
      const layers = decode(own.rawPayload)
      if (z < 13) expect(layers.areas!.map((p) => p.code)).toEqual([TEST_VILLAGE])
    }
    expect((await worker.inject(`/api/areas/${TOWNSHIP}/stats`)).statusCode).toBe(403)
    expect((await worker.inject(`/api/areas/${COUNTY}/stats`)).statusCode).toBe(403)
    expect((await worker.inject(`/api/areas/${OTHER_VILLAGE}/stats`)).statusCode).toBe(403)
    const own = (await worker.inject(`/api/areas/${TEST_VILLAGE}/stats`)).json()
    expect(own.households).toBe(30)
    expect(own.children).toEqual([])
  })

  it("answers the supervisor's aggregates with counts and area names only: no household id, 户号 or name", async () => {
    const { as, data } = await withVillage(40, 7)
    const supervisor = await as('supervisor')
    const stats = await supervisor.inject(`/api/areas/${TOWNSHIP}/stats`)
    expect(stats.statusCode).toBe(200)
    const text = stats.body
    for (const h of data.households) {
      expect(text).not.toContain(h.id)
      for (const m of h.members) expect(text).not.toContain(m.name)
    }
    const [lng, lat] = data.households.find((h) => h.lngLat)!.lngLat!
    const { x, y } = tileOf(lng, lat, 11)
    const points = decode((await supervisor.inject(`/api/areas/${TOWNSHIP}/tiles/11/${x}/${y}.mvt`)).rawPayload)
    expect(Object.keys(points)).toEqual(['areas'])
    for (const p of points.areas!) {
      expect(Object.keys(p).filter((k) => !k.startsWith('n_')).sort()).toEqual(['code', 'households', 'level', 'name', 'people'])
    }
  })

  it('answers 304 while nothing changed, and an edit changes the next tile and stats but never another scope', async () => {
    const { app, as, data } = await withVillage(30, 9)
    const admin = await as('admin')
    const placed = data.households.find((h) => h.lngLat && !heldCodes(h).has('dibao'))!
    const { x, y } = tileOf(placed.lngLat![0], placed.lngLat![1], 14)
    const tileUrl = `/api/areas/${TOWNSHIP}/tiles/14/${x}/${y}.mvt?categories=dibao`
    const first = await app.inject(tileUrl)
    const etag = first.headers.etag as string
    expect(etag).toBeTruthy()
    expect(first.headers['cache-control']).toBe('private, no-cache')
    expect((await app.inject({ url: tileUrl, headers: { 'if-none-match': etag } })).statusCode).toBe(304)
    const statsBefore = (await app.inject(`/api/areas/${TOWNSHIP}/stats?categories=dibao`)).json()
    const otherBefore = await admin.inject(`/api/areas/${OTHER_VILLAGE}/stats`)
    const otherTag = otherBefore.headers.etag as string

    const card = (await app.inject(`/api/households/${placed.id}`)).json()
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/households/${placed.id}`,
      payload: { version: card.version, categories: [...card.categories.filter((c: { memberId: string | null }) => !c.memberId).map((c: { code: string; year: number | null }) => ({ code: c.code, year: c.year })), { code: 'dibao' }] },
    })
    expect(patched.statusCode).toBe(200)

    const after = await app.inject({ url: tileUrl, headers: { 'if-none-match': etag } })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(etag)
    expect((decode(after.rawPayload).households ?? []).map((f) => f.id)).toContain(placed.id)
    const statsAfter = (await app.inject(`/api/areas/${TOWNSHIP}/stats?categories=dibao`)).json()
    expect(statsAfter.households).toBe(statsBefore.households + 1)
    expect(statsAfter.version).toBeGreaterThan(statsBefore.version)
    // The other county's village did not move: its cached answer still stands.
    expect((await admin.inject({ url: `/api/areas/${OTHER_VILLAGE}/stats`, headers: { 'if-none-match': otherTag } })).statusCode).toBe(304)
  })

  it('keeps the per-area rollups (unfiltered and by status) equal to the households through edits, status changes and deletions', async () => {
    const { app, as } = await withVillage(40, 12)
    const bureau = await as('bureau')
    const check = async (step: string) => {
      for (const q of ['', '?status=active', '?status=moved_out']) {
        const list = (await app.inject(`/api/areas/${TOWNSHIP}/households${q}`)).json().features as { properties: { categories: string[]; memberCount: number } }[]
        const expected: Record<string, number> = {}
        for (const f of list) for (const c of f.properties.categories) expected[c] = (expected[c] ?? 0) + 1
        const county = (await bureau.inject(`/api/areas/${COUNTY}/stats${q}`)).json()
        const township = county.children.find((c: { code: string }) => c.code === TOWNSHIP)
        const village = (await app.inject(`/api/areas/${TOWNSHIP}/stats${q}`)).json().children.find((c: { code: string }) => c.code === TEST_VILLAGE)
        for (const [level, got] of [['county', county], ['township', township], ['village', village]] as const) {
          expect(got.households, `${step} ${level} ${q}`).toBe(list.length)
          expect(got.members, `${step} ${level} ${q}`).toBe(list.reduce((s, f) => s + f.properties.memberCount, 0))
          expect(got.byCategory, `${step} ${level} ${q}`).toEqual(expected)
        }
      }
    }
    await check('loaded')
    const ids = (await app.inject(`/api/villages/${TEST_VILLAGE}/households`)).json().features.map((f: { id: string }) => f.id) as string[]
    const card = (await app.inject(`/api/households/${ids[0]}`)).json()
    const own = card.categories.filter((c: { memberId: string | null }) => !c.memberId).map((c: { code: string; year: number | null }) => ({ code: c.code, year: c.year }))
    const patch = (id: string, version: number, payload: object) => app.inject({ method: 'PATCH', url: `/api/households/${id}`, payload: { version, ...payload } })
    expect((await patch(ids[0]!, card.version, { categories: [...own.filter((c: { code: string }) => c.code !== 'wubao'), { code: 'wubao' }] })).statusCode).toBe(200)
    await check('category added')
    const second = (await app.inject(`/api/households/${ids[1]}`)).json()
    expect((await patch(ids[1]!, second.version, { status: 'moved_out' })).statusCode).toBe(200)
    await check('moved out')
    expect((await app.inject({ method: 'DELETE', url: `/api/households/${ids[2]}` })).statusCode).toBe(204)
    await check('deleted')
    // The last household gone: no rollup of the village, township or county may stay behind.
    for (const id of [ids[0]!, ids[1]!, ...ids.slice(3)]) expect((await app.inject({ method: 'DELETE', url: `/api/households/${id}` })).statusCode).toBe(204)
    await check('emptied')
  }, 120_000)

  it('refuses an export filtered by an unknown category or a bad facet value with 400, and audits the filter it used', async () => {
    const { app, database } = await withVillage(10)
    const bad = await app.inject(`/api/villages/${TEST_VILLAGE}/export.csv?categories=nonsense_code`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toContain('nonsense_code')
    expect((await app.inject(`/api/villages/${TEST_VILLAGE}/export.csv?age=toddler`)).statusCode).toBe(400)
    expect((await app.inject(`/api/villages/${TEST_VILLAGE}/export.csv?categories=dibao&group=1`)).statusCode).toBe(200)
    const [row] = await database.rows<{ details: { filter?: string } }>(sql`select details from audit_log where action = 'export' order by id desc limit 1`)
    expect(row!.details.filter).toBe('categories=dibao&group=1')
  })

  it('refuses an unknown category and a bad facet value with 400', async () => {
    const { app } = await withVillage(3)
    expect((await app.inject(`/api/areas/${TOWNSHIP}/stats?categories=nope_code`)).statusCode).toBe(400)
    expect((await app.inject(`/api/areas/${TOWNSHIP}/stats?age=old`)).statusCode).toBe(400)
    expect((await app.inject(`/api/areas/${TOWNSHIP}/tiles/10/0/0.mvt?grade=5`)).statusCode).toBe(400)
  })
})
