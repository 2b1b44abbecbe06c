/**
 * A map's features exported as GeoJSON and KML, read back by a real GIS
 * client (ogrinfo from gdal-bin): feature count, geometry types, names.
 * Contacts only with the right to export names.
 */
import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { TEST_VILLAGE, withVillage } from './helpers.ts'

const C = [111.0412, 21.8237]
const sq = [[C, [C[0]! + 0.0005, C[1]!], [C[0]! + 0.0005, C[1]! + 0.0005], C].map((p) => p as number[])]
sq[0]!.splice(3, 0, [C[0]!, C[1]! + 0.0005])

const ogrinfo = (file: string) => execFileSync('ogrinfo', ['-ro', '-al', file], { encoding: 'utf8' })

describe('map exchange: GeoJSON and KML that a GIS client reads', () => {
  it('writes every feature with its geometry and name; ogrinfo reads them back; contacts only for leads who ask', async () => {
    const { app, as } = await withVillage(5)
    const m = (await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/maps`, payload: { name: '2026 资源地图', purpose: 'asset' } })).json()
    const layer = m.layers[0].id
    const add = (body: object) => app.inject({ method: 'POST', url: `/api/layers/${layer}/features`, payload: body })
    expect((await add({ kind: 'park', name: '榕树公园', geometry: { type: 'Polygon', coordinates: sq } })).statusCode).toBe(201)
    expect((await add({ kind: 'road', name: '村道', geometry: { type: 'LineString', coordinates: [C, [C[0]! + 0.001, C[1]! + 0.0002]] } })).statusCode).toBe(201)
    expect((await add({ kind: 'volunteer_team', name: '青年志愿队', contactName: '李四', contactPhone: '13800000000', geometry: { type: 'Point', coordinates: C } })).statusCode).toBe(201)

    const dir = mkdtempSync(path.join(tmpdir(), 'cuntu-exchange-'))
    for (const format of ['geojson', 'kml'] as const) {
      const r = await app.inject(`/api/maps/${m.id}/export.${format}`)
      expect(r.statusCode).toBe(200)
      expect(r.body).not.toContain('李四')
      const file = path.join(dir, `map.${format}`)
      writeFileSync(file, r.rawPayload)
      const info = ogrinfo(file)
      expect(info).toMatch(/Feature Count: 3|OGRFeature\(.*\):2/)
      for (const name of ['榕树公园', '村道', '青年志愿队']) expect(info).toContain(name)
      expect(info).toMatch(/POLYGON/)
      expect(info).toMatch(/LINESTRING/)
      expect(info).toMatch(/POINT/)
    }

    const named = await app.inject(`/api/maps/${m.id}/export.geojson?contacts=1`)
    expect(named.statusCode).toBe(200)
    expect(named.body).toContain('李四')
    expect(named.json().note).toBe('保密资料，请勿外传')
    const worker = await as('worker')
    expect((await worker.inject(`/api/maps/${m.id}/export.kml?contacts=1`)).statusCode).toBe(403)
    expect((await worker.inject(`/api/maps/${m.id}/export.kml`)).statusCode).toBe(200)
  }, 120_000)
})
