/**
 * Drawn maps over the API on a real database: maps, layers, features, bad
 * geometry (each refused case proves nothing was written), versions and 409,
 * the change log with restore, locked layers, and the role and area matrix.
 */
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import { OTHER_VILLAGE, TEST_VILLAGE, withVillage, type Client } from './helpers.ts'

// The generated village is centred here (fixtures/src/demo-village.ts), WGS84 [lng, lat].
const C: [number, number] = [111.0412, 21.8237]
const at = (dx: number, dy: number): [number, number] => [Number((C[0] + dx).toFixed(7)), Number((C[1] + dy).toFixed(7))]
const square = (d = 0.0003) => ({ type: 'Polygon', coordinates: [[at(0, 0), at(d, 0), at(d, d), at(0, d), at(0, 0)]] })

async function counts(database: Database) {
  const [row] = await database.rows<{ features: number; changes: number }>(sql`
    select (select count(*)::int from features) as features, (select count(*)::int from change_log) as changes`)
  return row!
}

async function newMap(app: Client, village = TEST_VILLAGE, purpose = 'need') {
  const res = await app.inject({ method: 'POST', url: `/api/villages/${village}/maps`, payload: { name: '需求地图', purpose } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; layers: { id: string; version: number }[] }
}

const draw = (app: Client, layerId: string, body: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/api/layers/${layerId}/features`, payload: body, headers })

describe('maps, layers and features', () => {
  it('creates a map with a first layer, draws a point, a line and a polygon and lists them in WGS84', async () => {
    const { app } = await withVillage(10)
    const m = await newMap(app)
    expect(m.layers).toHaveLength(1)
    const layer = m.layers[0]!.id
    const point = await draw(app, layer, { kind: 'waterlogging', name: '村口积水', geometry: { type: 'Point', coordinates: at(0.0001, 0.0002) } })
    expect(point.statusCode, point.body).toBe(201)
    expect(point.json()).toMatchObject({ kind: 'waterlogging', name: '村口积水', version: 1, villageCode: TEST_VILLAGE, createdBy: 'lead', repair: null })
    expect((await draw(app, layer, { kind: 'no_street_light', geometry: { type: 'LineString', coordinates: [at(0, 0), at(0.001, 0.0005)] } })).statusCode).toBe(201)
    expect((await draw(app, layer, { kind: 'unsafe_house', geometry: square() })).statusCode).toBe(201)
    const list = (await app.inject(`/api/maps/${m.id}/features`)).json().features
    expect(list.map((f: { geometry: { type: string } }) => f.geometry.type)).toEqual(['Point', 'LineString', 'Polygon'])
    // (the first test of a worker also opens its database)
    expect(list[0].geometry.coordinates).toEqual(at(0.0001, 0.0002))
    const maps = (await app.inject(`/api/villages/${TEST_VILLAGE}/maps`)).json()
    expect(maps[0].layers[0].featureCount).toBe(3)
  }, 120_000)

  it('answers a stale version with 409 and the current feature; the right version saves', async () => {
    const { app } = await withVillage(5)
    const m = await newMap(app)
    const f = (await draw(app, m.layers[0]!.id, { kind: 'waterlogging', geometry: { type: 'Point', coordinates: C } })).json()
    const mine = await app.inject({ method: 'PATCH', url: `/api/features/${f.id}`, payload: { version: 1, name: '我的' } })
    expect(mine.json().version).toBe(2)
    const stale = await app.inject({ method: 'PATCH', url: `/api/features/${f.id}`, payload: { version: 1, name: '他的' } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ error: { code: 'version_conflict' }, current: { name: '我的', version: 2 } })
  })

  it('keeps every change: delete and undelete, history with before and after, restore an earlier version', async () => {
    const { app } = await withVillage(5)
    const m = await newMap(app)
    const f = (await draw(app, m.layers[0]!.id, { kind: 'unsafe_house', name: '旧名', geometry: square() })).json()
    await app.inject({ method: 'PATCH', url: `/api/features/${f.id}`, payload: { version: 1, name: '新名', geometry: square(0.0005) } })
    expect((await app.inject({ method: 'DELETE', url: `/api/features/${f.id}?version=2` })).statusCode).toBe(204)
    expect((await app.inject(`/api/maps/${m.id}/features`)).json().features).toHaveLength(0)
    expect((await app.inject(`/api/maps/${m.id}/features?deleted=1`)).json().features.map((x: { id: string }) => x.id)).toEqual([f.id])
    const back = await app.inject({ method: 'POST', url: `/api/features/${f.id}/undelete` })
    expect(back.json()).toMatchObject({ name: '新名', deleted: false, version: 4 })
    const history = (await app.inject(`/api/features/${f.id}/history`)).json().entries
    expect(history.map((e: { action: string }) => e.action)).toEqual(['create', 'update', 'delete', 'restore'])
    expect(history[1]).toMatchObject({ username: 'lead', version: 2, before: { name: '旧名' }, after: { name: '新名' } })
    const restored = await app.inject({ method: 'POST', url: `/api/features/${f.id}/history/${history[0].id}/restore`, payload: { version: 4 } })
    expect(restored.statusCode, restored.body).toBe(200)
    expect(restored.json()).toMatchObject({ name: '旧名', version: 5, geometry: square() })
    const stale = await app.inject({ method: 'POST', url: `/api/features/${f.id}/history/${history[0].id}/restore`, payload: { version: 4 } })
    expect(stale.statusCode).toBe(409)
  })

  it('a locked layer refuses new, edited and deleted features with 423; unlocked, it takes them again', async () => {
    const { app, database } = await withVillage(5)
    const m = await newMap(app)
    const layer = m.layers[0]!
    const f = (await draw(app, layer.id, { kind: 'waterlogging', geometry: { type: 'Point', coordinates: C } })).json()
    const locked = await app.inject({ method: 'PATCH', url: `/api/layers/${layer.id}`, payload: { version: layer.version, locked: true } })
    expect(locked.json()).toMatchObject({ locked: true, version: 2 })
    const before = await counts(database)
    const refused = [
      await draw(app, layer.id, { kind: 'waterlogging', geometry: { type: 'Point', coordinates: C } }),
      await app.inject({ method: 'PATCH', url: `/api/features/${f.id}`, payload: { version: 1, name: 'x' } }),
      await app.inject({ method: 'DELETE', url: `/api/features/${f.id}` }),
    ]
    for (const r of refused) {
      expect(r.statusCode).toBe(423)
      expect(r.json().error.message).toContain('已锁定')
    }
    expect(await counts(database)).toEqual(before)
    await app.inject({ method: 'PATCH', url: `/api/layers/${layer.id}`, payload: { version: 2, locked: false } })
    expect((await app.inject({ method: 'PATCH', url: `/api/features/${f.id}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(200)
  })

  it('layers are renamed, hidden, faded and reordered with the version check, and each change is logged', async () => {
    const { app, database } = await withVillage(5)
    const m = await newMap(app)
    const second = (await app.inject({ method: 'POST', url: `/api/maps/${m.id}/layers`, payload: { name: '第二层' } })).json()
    expect(second.position).toBe(1)
    const r = await app.inject({ method: 'PATCH', url: `/api/layers/${second.id}`, payload: { version: 1, name: '积水', visible: false, opacity: 0.5, position: 0 } })
    expect(r.json()).toMatchObject({ name: '积水', visible: false, opacity: 0.5, position: 0, version: 2 })
    expect((await app.inject({ method: 'PATCH', url: `/api/layers/${second.id}`, payload: { version: 1, name: '旧' } })).statusCode).toBe(409)
    const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from change_log where entity_type = 'layer' and entity_id = ${second.id}`)
    expect(row!.n).toBe(2)
  })
})

describe('bad geometry: 400 in the user’s language, nothing written', () => {
  const bowtie = { type: 'Polygon', coordinates: [[at(0, 0), at(0.001, 0.001), at(0.001, 0), at(0, 0.001), at(0, 0)]] }
  const cases: [string, object, string][] = [
    ['out-of-range coordinates', { kind: 'waterlogging', geometry: { type: 'Point', coordinates: [191, 21.8] } }, 'geometry_out_of_range'],
    ['a zero-length line', { kind: 'no_street_light', geometry: { type: 'LineString', coordinates: [C, C] } }, 'geometry_zero_length'],
    ['duplicate vertices', { kind: 'no_street_light', geometry: { type: 'LineString', coordinates: [at(0, 0), at(0.001, 0), at(0.001, 0)] } }, 'geometry_duplicate_vertices'],
    ['an open ring', { kind: 'unsafe_house', geometry: { type: 'Polygon', coordinates: [[at(0, 0), at(0.001, 0), at(0.001, 0.001), at(0, 0.001)]] } }, 'geometry_ring_not_closed'],
    ['a self-intersecting bow-tie', { kind: 'unsafe_house', geometry: bowtie }, 'geometry_self_intersects'],
    ['a feature far outside the village', { kind: 'waterlogging', geometry: { type: 'Point', coordinates: at(0.2, 0) } }, 'geometry_far_from_village'],
    ['too many vertices', { kind: 'no_street_light', geometry: { type: 'LineString', coordinates: Array.from({ length: 5001 }, (_, i) => at(i * 1e-6, (i % 2) * 1e-6)) } }, 'geometry_too_many_vertices'],
    ['a geometry the kind does not allow', { kind: 'lane', geometry: square() }, 'geometry_not_allowed'],
    ['an unknown kind', { kind: 'no_such_kind', geometry: { type: 'Point', coordinates: C } }, 'unknown_feature_kind'],
    ['a MultiPolygon', { kind: 'unsafe_house', geometry: { type: 'MultiPolygon', coordinates: [square().coordinates] } }, 'validation_failed'],
  ]

  it.each(cases)('%s', async (_, body, code) => {
    const { app, database } = await withVillage(5)
    const m = await newMap(app)
    const before = await counts(database)
    const zh = await draw(app, m.layers[0]!.id, body)
    expect(zh.statusCode, zh.body).toBe(400)
    expect(zh.json().error.code).toBe(code)
    expect(zh.json().error.message).toMatch(/[\u4e00-\u9fff]/)
    const en = await draw(app, m.layers[0]!.id, body, { 'accept-language': 'en' })
    expect(en.json().error.message).not.toMatch(/[\u4e00-\u9fff]{3}/)
    expect(await counts(database)).toEqual(before)
  })

  it('an edit with bad geometry changes nothing either', async () => {
    const { app, database } = await withVillage(5)
    const m = await newMap(app)
    const f = (await draw(app, m.layers[0]!.id, { kind: 'unsafe_house', geometry: square() })).json()
    const before = await counts(database)
    const r = await app.inject({ method: 'PATCH', url: `/api/features/${f.id}`, payload: { version: 1, geometry: bowtie } })
    expect(r.statusCode).toBe(400)
    expect(await counts(database)).toEqual(before)
    expect((await app.inject(`/api/features/${f.id}`)).json()).toMatchObject({ version: 1, geometry: square() })
  })

  it('a body over the limit is refused before anything is read', async () => {
    const { app, database } = await withVillage(5)
    const m = await newMap(app)
    const before = await counts(database)
    const r = await draw(app, m.layers[0]!.id, { kind: 'waterlogging', description: 'x'.repeat(600_000), geometry: { type: 'Point', coordinates: C } })
    expect(r.statusCode).toBe(413)
    expect(r.json().error.code).toBe('body_too_large')
    expect(await counts(database)).toEqual(before)
  })

  it('repairs a polygon with a spike into one piece and says what changed', async () => {
    const { app } = await withVillage(5)
    const m = await newMap(app)
    const spike = { type: 'Polygon', coordinates: [[at(0, 0), at(0.001, 0), at(0.001, 0.001), at(0.0005, 0.001), at(0.0005, 0.002), at(0.0005, 0.001), at(0, 0.001), at(0, 0)]] }
    const r = await draw(app, m.layers[0]!.id, { kind: 'unsafe_house', geometry: spike })
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json().repair).toMatchObject({ verticesBefore: 8 })
    expect(r.json().repair.verticesAfter).toBeLessThan(8)
    expect(r.json().geometry.type).toBe('Polygon')
  })
})

describe('roles and area scope for drawn maps', () => {
  it('contacts only for roles that read names, audited; supervisor and bureau cannot write', async () => {
    const { app, as, database } = await withVillage(5)
    const m = await newMap(app)
    const f = (await draw(app, m.layers[0]!.id, { kind: 'volunteer_team', name: '青年志愿队', contactName: '李四', contactPhone: '13800000000', geometry: { type: 'Point', coordinates: C } })).json()
    expect(f).toMatchObject({ contactName: '李四', contactPhone: '13800000000', contactsHidden: false })

    const worker = await as('worker')
    expect((await worker.inject(`/api/maps/${m.id}/features`)).json().features[0]).toMatchObject({ contactName: '李四' })
    const [audited] = await database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'features.view_contacts' and ${f.id} = any(target_ids)`)
    expect(audited!.n).toBeGreaterThanOrEqual(1)

    const supervisor = await as('supervisor')
    const seen = (await supervisor.inject(`/api/maps/${m.id}/features`)).json().features[0]
    expect(seen).toMatchObject({ name: '青年志愿队', contactName: null, contactPhone: null, contactsHidden: true })
    const hist = (await supervisor.inject(`/api/features/${f.id}/history`)).json().entries
    expect(JSON.stringify(hist)).not.toContain('李四')
    expect((await draw(supervisor, m.layers[0]!.id, { kind: 'waterlogging', geometry: { type: 'Point', coordinates: C } })).statusCode).toBe(403)

    const bureau = await as('bureau')
    expect((await bureau.inject(`/api/maps/${m.id}/features`)).statusCode).toBe(200)
    expect((await bureau.inject({ method: 'PATCH', url: `/api/features/${f.id}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(403)
    expect((await bureau.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/maps`, payload: { name: 'x', purpose: 'asset' } })).statusCode).toBe(403)
  })

  it('a village out of scope is invisible (RLS) and cannot be drawn on', async () => {
    const { app, as } = await withVillage(5)
    const admin = await as('admin')
    const other = await newMap(admin, OTHER_VILLAGE)
    const f = (await draw(admin, other.layers[0]!.id, { kind: 'waterlogging', geometry: { type: 'Point', coordinates: [111.0412, 21.8237] } }))
    // The other village's generated households sit at the same default centre.
    expect(f.statusCode, f.body).toBe(201)
    expect((await app.inject({ method: 'POST', url: `/api/villages/${OTHER_VILLAGE}/maps`, payload: { name: 'x', purpose: 'asset' } })).statusCode).toBe(403)
    expect((await app.inject(`/api/villages/${OTHER_VILLAGE}/maps`)).statusCode).toBe(403)
    expect((await app.inject(`/api/maps/${other.id}/features`)).statusCode).toBe(404)
    expect((await app.inject(`/api/features/${f.json().id}`)).statusCode).toBe(404)
    expect((await draw(app, other.layers[0]!.id, { kind: 'waterlogging', geometry: { type: 'Point', coordinates: C } })).statusCode).toBe(404)
    expect((await app.inject({ method: 'PATCH', url: `/api/features/${f.json().id}`, payload: { version: 1, name: 'x' } })).statusCode).toBe(404)
  })

  it('feature kinds: the built-in registry for everyone; a station lead adds one for the station only', async () => {
    const { app, as } = await withVillage(5)
    const kinds = (await app.inject('/api/feature-kinds')).json()
    expect(kinds.find((k: { code: string }) => k.code === 'ancestral_hall')).toMatchObject({ labelZh: '祠堂', icon: '祠', builtin: true })
    const own = { code: 'lychee_grove', group: 'asset_industry', labelZh: '荔枝园', labelEn: 'Lychee grove', colour: '#aa3355', icon: '荔', geometries: ['polygon'], stationCode: TEST_VILLAGE.slice(0, 9) + '000' }
    const r = await app.inject({ method: 'POST', url: '/api/feature-kinds', payload: own })
    expect(r.statusCode, r.body).toBe(201)
    expect((await app.inject({ method: 'POST', url: '/api/feature-kinds', payload: own })).statusCode).toBe(409)
    const worker = await as('worker')
    expect((await worker.inject({ method: 'POST', url: '/api/feature-kinds', payload: { ...own, code: 'x_kind' } })).statusCode).toBe(403)
    expect((await worker.inject('/api/feature-kinds')).json().some((k: { code: string }) => k.code === 'lychee_grove')).toBe(true)
  })
})
