/**
 * Import of a map's features from GeoJSON and KML on a real database: our own
 * export read back (same names, kinds, geometry within 1e-7°), a KML written by
 * a real client (ogr2ogr from gdal-bin), the dry run's row-level report, and bad
 * files, each proving nothing was written (features, layers, change log, audit).
 */
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import { TEST_VILLAGE, withVillage, type Client } from './helpers.ts'
import { multipart } from './imports-helpers.ts'

// The generated village is centred here (fixtures/src/demo-village.ts), WGS84 [lng, lat].
const C: [number, number] = [111.0412, 21.8237]
const at = (dx: number, dy: number): [number, number] => [Number((C[0] + dx).toFixed(7)), Number((C[1] + dy).toFixed(7))]
const square = (d = 0.0003, x = 0) => ({ type: 'Polygon', coordinates: [[at(x, 0), at(x + d, 0), at(x + d, d), at(x, d), at(x, 0)]] })
const bowtie = { type: 'Polygon', coordinates: [[at(0, 0), at(0.001, 0.001), at(0.001, 0), at(0, 0.001), at(0, 0)]] }
const spike = { type: 'Polygon', coordinates: [[at(0, 0), at(0.001, 0), at(0.001, 0.001), at(0.0005, 0.001), at(0.0005, 0.002), at(0.0005, 0.001), at(0, 0.001), at(0, 0)]] }

type Geometry = { type: string; coordinates: unknown }
type Feature = { name: string; kind: string; geometry: Geometry; contactName: string | null }

async function state(database: Database) {
  const [row] = await database.rows<{ features: number; layers: number; changes: number; imports: number }>(sql`
    select (select count(*)::int from features) as features, (select count(*)::int from map_layers) as layers,
           (select count(*)::int from change_log) as changes, (select count(*)::int from audit_log where action = 'map.import') as imports`)
  return row!
}

async function newMap(app: Client, name = '2026 资源地图') {
  const res = await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/maps`, payload: { name, purpose: 'asset' } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json() as { id: string; layers: { id: string }[] }
}

const fc = (features: { properties: object; geometry: object }[], extra: object = {}) =>
  JSON.stringify({ type: 'FeatureCollection', ...extra, features: features.map((f) => ({ type: 'Feature', ...f })) })

function importFile(app: Client, mapId: string, fileName: string, data: string | Uint8Array, o: { dryRun?: boolean; fields?: Record<string, string>; lang?: string } = {}) {
  const parts = [{ name: 'file', fileName, data }, ...Object.entries(o.fields ?? {}).map(([name, data]) => ({ name, data }))]
  const { payload, headers } = multipart(parts)
  return app.inject({
    method: 'POST',
    url: `/api/maps/${mapId}/import${o.dryRun ? '?dryRun=1' : ''}`,
    payload,
    headers: { ...headers, ...(o.lang && { 'accept-language': o.lang }) },
  })
}

/** Every coordinate of two geometries within `tol` degrees. */
function closeTo(a: unknown, b: unknown, tol = 1e-7): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tol
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => closeTo(x, b[i], tol))
  return false
}

const features = async (app: Client, mapId: string) => (await app.inject(`/api/maps/${mapId}/features`)).json().features as Feature[]

describe('map import: GeoJSON and KML', () => {
  it('reads our own export back, GeoJSON and KML: same names, kinds and geometry; dry run first writes nothing; each feature in the change log; audited', async () => {
    const { app, database } = await withVillage(5)
    const src = await newMap(app)
    const layer = src.layers[0]!.id
    const add = async (body: object) => expect((await app.inject({ method: 'POST', url: `/api/layers/${layer}/features`, payload: body })).statusCode).toBe(201)
    await add({ kind: 'park', name: '榕树公园', description: '树下 & <石凳> "老人"', geometry: square() })
    await add({ kind: 'road', name: '村道', geometry: { type: 'LineString', coordinates: [at(0, 0), at(0.0011234, 0.0002567), at(0.002, -0.0001)] } })
    await add({ kind: 'volunteer_team', name: '青年志愿队', contactName: '李四', contactPhone: '13800000000', geometry: { type: 'Point', coordinates: at(0.0001234, 0.0004321) } })
    await add({ kind: 'pond', name: '', geometry: square(0.0002, 0.001) })
    const original = await features(app, src.id)

    for (const format of ['geojson', 'kml'] as const) {
      const file = (await app.inject(`/api/maps/${src.id}/export.${format}?contacts=1`)).rawPayload
      const dest = await newMap(app, `导入 ${format}`)
      const before = await state(database)
      const dry = await importFile(app, dest.id, `资源地图.${format}`, file, { dryRun: true, fields: { layerId: dest.layers[0]!.id } })
      expect(dry.statusCode, dry.body).toBe(200)
      expect(dry.json()).toMatchObject({ dryRun: true, committed: false, format, counts: { created: 4, repaired: 0, refused: 0 } })
      expect(await state(database)).toEqual(before)

      const done = await importFile(app, dest.id, `资源地图.${format}`, file, { fields: { layerId: dest.layers[0]!.id } })
      expect(done.statusCode, done.body).toBe(201)
      const report = done.json()
      expect(report).toMatchObject({ committed: true, counts: { created: 4, refused: 0 }, layer: { id: dest.layers[0]!.id, created: false } })
      const back = await features(app, dest.id)
      expect(back.map((f) => [f.name, f.kind, f.contactName])).toEqual(original.map((f) => [f.name, f.kind, f.contactName]))
      expect(back.map((f) => (f as Feature & { description: string }).description)).toEqual(original.map((f) => (f as Feature & { description: string }).description))
      back.forEach((f, i) => {
        expect(f.geometry.type).toBe(original[i]!.geometry.type)
        expect(closeTo(f.geometry.coordinates, original[i]!.geometry.coordinates), `${format} ${f.name}`).toBe(true)
      })
      const after = await state(database)
      expect(after).toMatchObject({ features: before.features + 4, layers: before.layers, changes: before.changes + 4, imports: before.imports + 1 })
      const history = (await app.inject(`/api/features/${report.rows[0].featureId}/history`)).json().entries
      expect(history.map((e: { action: string; username: string }) => [e.action, e.username])).toEqual([['create', 'lead']])
    }
  }, 120_000)

  it('reads a KML written by ogr2ogr from our GeoJSON: multi-lines split into parts, kinds by Chinese label, into a new layer named after the file', async () => {
    const { app, database } = await withVillage(5)
    const m = await newMap(app)
    const dir = mkdtempSync(path.join(tmpdir(), 'cuntu-import-'))
    const input = path.join(dir, 'in.geojson')
    writeFileSync(
      input,
      fc([
        { properties: { name: '晒谷场', kind_label: '晒谷场', description: '秋收时用' }, geometry: square() },
        { properties: { name: '两条巷道', kind_label: '巷道' }, geometry: { type: 'MultiLineString', coordinates: [[at(0, 0), at(0.001, 0.0002)], [at(0, 0.0005), at(0.001, 0.0007)]] } },
        { properties: { name: '志愿队', kind: 'volunteer_team' }, geometry: { type: 'Point', coordinates: at(0.0003, 0.0003) } },
      ]),
    )
    const output = path.join(dir, '村庄底图.kml')
    execFileSync('ogr2ogr', ['-f', 'KML', output, input])
    const before = await state(database)
    const r = await importFile(app, m.id, '村庄底图.kml', readFileSync(output))
    expect(r.statusCode, r.body).toBe(201)
    const report = r.json()
    expect(report).toMatchObject({ format: 'kml', counts: { created: 4, refused: 0 }, layer: { name: '村庄底图', created: true } })
    expect(report.rows.map((x: { row: number; part: number | null; kind: string }) => [x.row, x.part, x.kind])).toEqual([
      [1, null, 'threshing_floor'],
      [2, 1, 'lane'],
      [2, 2, 'lane'],
      [3, null, 'volunteer_team'],
    ])
    const list = await features(app, m.id)
    expect(list.map((f) => [f.name, f.geometry.type])).toEqual([['晒谷场', 'Polygon'], ['两条巷道', 'LineString'], ['两条巷道', 'LineString'], ['志愿队', 'Point']])
    expect(closeTo(list[0]!.geometry.coordinates, square().coordinates)).toBe(true)
    expect(await state(database)).toMatchObject({ features: before.features + 4, layers: before.layers + 1, changes: before.changes + 5 })
  }, 120_000)

  it('refuses a file that is not GeoJSON, a CRS other than WGS84, a DTD, too many features and a wrong file type; nothing changes', async () => {
    const { app, database } = await withVillage(5)
    const m = await newMap(app)
    const before = await state(database)
    const cases: [string, string, number, string][] = [
      ['not json', 'map.geojson', 400, 'map_import_not_exchange'],
      ['{"type":"Topology","objects":{}}', 'map.json', 400, 'map_import_not_exchange'],
      [fc([{ properties: { kind: 'park' }, geometry: { type: 'Point', coordinates: [12361000, 2490000] } }], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } } }), 'mercator.geojson', 400, 'map_import_crs'],
      ['<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x "boom">]><kml><Placemark><name>&x;</name></Placemark></kml>', 'bomb.kml', 422, 'import_xml_doctype'],
      [fc(Array.from({ length: 2001 }, () => ({ properties: { kind: 'volunteer' }, geometry: { type: 'Point', coordinates: C } }))), 'many.geojson', 413, 'map_import_too_many'],
      [fc([{ properties: {}, geometry: { type: 'MultiPoint', coordinates: Array.from({ length: 2001 }, () => C) } }]), 'parts.geojson', 413, 'map_import_too_many'],
      ['a,b\n1,2\n', 'map.csv', 415, 'map_import_file_type'],
      ['{"type":"FeatureCollection","features":[]}\u0000', 'nul.geojson', 415, 'map_import_file_type'],
      [`{"type":"FeatureCollection","features":[],"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`, 'big.geojson', 413, 'import_upload_too_large'],
    ]
    for (const [data, name, status, code] of cases) {
      for (const dryRun of [true, false]) {
        const r = await importFile(app, m.id, name, data, { dryRun })
        expect(r.statusCode, `${name}: ${r.body}`).toBe(status)
        expect(r.json().error.code).toBe(code)
      }
    }
    const crs = await importFile(app, m.id, 'mercator.geojson', cases[2]![0], { lang: 'en' })
    expect(crs.json().error.message).toContain('urn:ogc:def:crs:EPSG::3857')
    expect(crs.json().error.message).toContain('WGS84')
    const ok = fc([{ properties: { kind: 'park' }, geometry: square() }], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } })
    expect((await importFile(app, m.id, 'crs84.geojson', ok, { dryRun: true })).json().counts.created).toBe(1)
    expect(await state(database)).toEqual(before)
  }, 120_000)

  it('reports each row: a self-intersecting polygon repaired, a bow-tie and a feature 20 km away refused with the reason; a commit with refusals writes nothing unless told to skip them', async () => {
    const { app, database } = await withVillage(5)
    const m = await newMap(app)
    const file = fc([
      { properties: { name: '修复', kind: 'unsafe_house' }, geometry: spike },
      { properties: { name: '蝴蝶结', kind: 'unsafe_house' }, geometry: bowtie },
      { properties: { name: '远处', kind: 'waterlogging' }, geometry: { type: 'Point', coordinates: at(0.2, 0) } },
      { properties: { name: '好的', kind: '积水点' }, geometry: { type: 'Point', coordinates: at(0.0002, 0.0001) } },
      { properties: { name: '不认识', kind: 'spaceport' }, geometry: { type: 'Point', coordinates: C } },
      { properties: { name: '集合' }, geometry: { type: 'GeometryCollection', geometries: [] } },
    ])
    const before = await state(database)
    const dry = await importFile(app, m.id, 'needs.geojson', file, { dryRun: true })
    expect(dry.statusCode, dry.body).toBe(200)
    const rows = dry.json().rows as { name: string; status: string; code: string | null; message: string | null; repair: { verticesBefore: number } | null }[]
    expect(rows.map((r) => [r.name, r.status, r.code])).toEqual([
      ['修复', 'repaired', null],
      ['蝴蝶结', 'refused', 'geometry_self_intersects'],
      ['远处', 'refused', 'geometry_far_from_village'],
      ['好的', 'created', null],
      ['不认识', 'refused', 'map_import_kind_unknown'],
      ['集合', 'refused', 'geometry_type_unsupported'],
    ])
    expect(rows[0]!.repair).toMatchObject({ verticesBefore: 8 })
    expect(rows[1]!.message).toContain('自相交')
    expect(rows[2]!.message).toMatch(/约 20\.\d 公里/)
    expect(rows[4]!.message).toContain('spaceport')
    expect(dry.json().counts).toEqual({ created: 1, repaired: 1, refused: 4 })
    expect(await state(database)).toEqual(before)

    const en = (await importFile(app, m.id, 'needs.geojson', file, { dryRun: true, lang: 'en' })).json().rows[2].message
    expect(en).toContain('far from this village')

    const refused = await importFile(app, m.id, 'needs.geojson', file)
    expect(refused.statusCode, refused.body).toBe(422)
    expect(refused.json()).toMatchObject({ error: { code: 'map_import_refused' }, report: { committed: false, counts: { refused: 4 } } })
    expect(await state(database)).toEqual(before)

    const bad = await importFile(app, m.id, 'needs.geojson', file, { fields: { defaultKind: 'no_such_kind' } })
    expect(bad.json().error.code).toBe('unknown_feature_kind')
    expect(await state(database)).toEqual(before)

    const skipped = await importFile(app, m.id, 'needs.geojson', file, { fields: { layerId: m.layers[0]!.id, skipRefused: '1', defaultKind: 'waterlogging' } })
    expect(skipped.statusCode, skipped.body).toBe(201)
    expect(skipped.json().counts).toEqual({ created: 2, repaired: 1, refused: 3 })
    expect((await features(app, m.id)).map((f) => [f.name, f.kind])).toEqual([['修复', 'unsafe_house'], ['好的', 'waterlogging'], ['不认识', 'waterlogging']])
    expect(await state(database)).toMatchObject({ features: before.features + 3, changes: before.changes + 3, imports: before.imports + 1 })
  }, 120_000)

  it('keeps the file’s contacts for a role that reads names; supervisors cannot import; a locked layer refuses and writes nothing', async () => {
    const { app, as, database } = await withVillage(5)
    const m = await newMap(app)
    const file = fc([{ properties: { name: '青年志愿队', kind: 'volunteer_team', contact_name: '李四', contact_phone: '13800000000' }, geometry: { type: 'Point', coordinates: C } }])
    const supervisor = await as('supervisor')
    const before = await state(database)
    expect((await importFile(supervisor, m.id, 'a.geojson', file)).statusCode).toBe(403)
    const layer = (await app.inject(`/api/villages/${TEST_VILLAGE}/maps`)).json()[0].layers[0]
    await app.inject({ method: 'PATCH', url: `/api/layers/${layer.id}`, payload: { version: layer.version, locked: true } })
    const locked = await importFile(app, m.id, 'a.geojson', file, { fields: { layerId: layer.id } })
    expect(locked.statusCode).toBe(423)
    expect((await state(database)).features).toBe(before.features)

    const r = await importFile(app, m.id, 'a.geojson', file)
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json().contactsDropped).toBe(0)
    expect((await features(app, m.id))[0]).toMatchObject({ contactName: '李四' })
  }, 120_000)
})
