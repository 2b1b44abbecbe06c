import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { wgs84ToGcj02, type Wgs84LngLat } from '@cuntu/domain'
import type { SheetRows } from './cells.ts'
import { ImportFileError } from './errors.ts'
import {
  checkLocations,
  distanceMetres,
  looksSwapped,
  parseGeoJsonLocations,
  parseKmlLocations,
  parseLocationFile,
  parseLocationRows,
  type LocationPoint,
} from './locations.ts'
import { SAMPLES_DIR } from '@cuntu/fixtures/samples.ts'

const SAMPLES = SAMPLES_DIR

describe('looksSwapped', () => {
  it('flags latitude beyond 90 and pairs that fit China only reversed', () => {
    expect(looksSwapped(21.813212, 111.016119)).toBe(true)
    expect(looksSwapped(111.016119, 21.813212)).toBe(false)
    expect(looksSwapped(10, 95)).toBe(true)
    expect(looksSwapped(2.35, 48.85)).toBe(false)
  })
})

describe('parseLocationRows', () => {
  it('reads 户号/经度/纬度 with full-width 户号 and notes', () => {
    const rows: SheetRows = [
      ['户号', '经度', '纬度', '备注'],
      ['０２００１１６', '111.016671', '21.813351', ''],
      ['0200145', 111.019404, 21.814597, '已迁出'],
    ]
    const r = parseLocationRows('loc', rows, { crs: 'wgs84' })
    expect(r.issues).toEqual([])
    expect(r.points).toEqual([
      { huhao: '0200116', lngLat: [111.016671, 21.813351], original: [111.016671, 21.813351], crs: 'wgs84', note: null, source: { sheet: 'loc', row: 2 }, warnings: [] },
      { huhao: '0200145', lngLat: [111.019404, 21.814597], original: [111.019404, 21.814597], crs: 'wgs84', note: '已迁出', source: { sheet: 'loc', row: 3 }, warnings: [] },
    ])
  })

  it('accepts lon/lat and longitude/latitude headers in any case', () => {
    for (const header of [['huhao', 'lon', 'lat'], ['户号', 'Longitude', 'Latitude'], ['户号', 'LNG', 'LAT']]) {
      const r = parseLocationRows('s', [header, ['0200101', '111.01', '21.81']], { crs: 'wgs84' })
      expect(r.points.map((p) => p.huhao)).toEqual(['0200101'])
    }
  })

  it('converts GCJ-02 to WGS84 and keeps the original', () => {
    const wgs: Wgs84LngLat = [111.016119, 21.813212]
    const gcj = wgs84ToGcj02(wgs)
    const r = parseLocationRows('s', [['户号', '经度', '纬度'], ['0200101', gcj[0], gcj[1]]], { crs: 'gcj02' })
    expect(r.points[0]!.original).toEqual(gcj)
    expect(r.points[0]!.lngLat[0]).toBeCloseTo(wgs[0], 7)
    expect(r.points[0]!.lngLat[1]).toBeCloseTo(wgs[1], 7)
  })

  it('flags a swapped pair without swapping or converting it', () => {
    const r = parseLocationRows('s', [['户号', '经度', '纬度'], ['0200101', '21.813212', '111.016119'], ['0200103', '111.015862', '21.812872']], { crs: 'gcj02' })
    expect(r.points[0]).toMatchObject({ lngLat: [21.813212, 111.016119], warnings: ['swapped'] })
    expect(r.issues).toMatchObject([{ code: 'location_swapped', row: 2, severity: 'warning' }])
  })

  it('flags a point more than 5 km from the median of the set', () => {
    const rows: SheetRows = [['户号', '经度', '纬度'], ['1', 111.016, 21.813], ['2', 111.017, 21.814], ['3', 111.018, 21.812], ['4', 111.2, 21.9]]
    const r = parseLocationRows('s', rows, { crs: 'wgs84' })
    expect(r.points.map((p) => p.warnings)).toEqual([[], [], [], ['outlier']])
    expect(r.issues[0]).toMatchObject({ code: 'location_outlier', row: 5 })
    expect(r.issues[0]!.messageZh).toMatch(/^该点离其他点的中心 2\d\.\d 公里/)
  })

  it('reports bad coordinates, missing 户号 and duplicates', () => {
    const rows: SheetRows = [['户号', '经度', '纬度'], ['1', 'abc', 21.8], ['', 111, 21.8], ['3', 111.01, 21.81], ['3', 111.02, 21.82]]
    const r = parseLocationRows('s', rows, { crs: 'wgs84' })
    expect(r.points.map((p) => p.huhao)).toEqual(['3'])
    expect(r.issues.map((i) => `${i.code}@${i.row}`)).toEqual(['location_invalid@2', 'location_huhao_missing@3', 'location_duplicate@5'])
  })

  it('reports a file without the needed columns', () => {
    expect(parseLocationRows('s', [['姓名', '地址']], { crs: 'wgs84' }).issues[0]!.code).toBe('location_header_not_found')
  })
})

describe('checkLocations', () => {
  it('needs three points before judging outliers', () => {
    const p = (huhao: string, lng: number, lat: number): LocationPoint => ({ huhao, lngLat: [lng, lat], original: [lng, lat], crs: 'wgs84', note: null, source: { sheet: 's', row: 1 }, warnings: [] })
    expect(checkLocations([p('1', 111, 21.8), p('2', 112, 22.8)])).toEqual([])
  })
  it('distanceMetres: one degree of latitude is about 111 km', () => {
    expect(distanceMetres([111, 21], [111, 22])).toBeCloseTo(111_195, -2)
  })
})

describe('GeoJSON and KML', () => {
  it('reads Point features with a huhao or 户号 property', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { huhao: '0200101' }, geometry: { type: 'Point', coordinates: [111.016119, 21.813212] } },
        { type: 'Feature', properties: { 户号: '0200103', 备注: '新房' }, geometry: { type: 'Point', coordinates: [111.015862, 21.812872] } },
        { type: 'Feature', properties: { huhao: '0200104' }, geometry: { type: 'LineString', coordinates: [] } },
      ],
    }
    const r = parseGeoJsonLocations(JSON.stringify(fc), { crs: 'wgs84' })
    expect(r.points.map((p) => [p.huhao, p.lngLat[0], p.lngLat[1], p.note])).toEqual([
      ['0200101', 111.016119, 21.813212, null],
      ['0200103', 111.015862, 21.812872, '新房'],
    ])
    expect(r.issues).toMatchObject([{ code: 'location_invalid', row: 3 }])
  })

  it('reads KML placemarks named by 户号 (lon,lat order)', () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Placemark><name>0200101</name><Point><coordinates>111.016119,21.813212,0</coordinates></Point></Placemark>
      <Placemark><name><![CDATA[0200103]]></name><description>已迁出</description><Point><coordinates> 111.015862,21.812872 </coordinates></Point></Placemark>
    </Document></kml>`
    const r = parseKmlLocations(kml, { crs: 'wgs84' })
    expect(r.issues).toEqual([])
    expect(r.points.map((p) => [p.huhao, p.lngLat[0], p.lngLat[1], p.note])).toEqual([
      ['0200101', 111.016119, 21.813212, null],
      ['0200103', 111.015862, 21.812872, '已迁出'],
    ])
  })

  it('rejects text that is neither', () => {
    expect(() => parseKmlLocations('<html/>', { crs: 'wgs84' })).toThrow(ImportFileError)
    expect(() => parseGeoJsonLocations('not json', { crs: 'wgs84' })).toThrow(ImportFileError)
  })
})

describe('parseLocationFile on the sample files', () => {
  it('UTF-8 and GBK samples give the same 42 points', async () => {
    const utf8 = await parseLocationFile(`${SAMPLES}/sample-locations.csv`, { crs: 'wgs84' })
    const gbk = await parseLocationFile(readFileSync(`${SAMPLES}/sample-locations-gbk.csv`), { crs: 'wgs84', fileName: 'sample-locations-gbk.csv' })
    expect(utf8.points).toHaveLength(42)
    expect(utf8.issues).toEqual([])
    expect(gbk.points.map((p) => [p.huhao, p.lngLat[0], p.lngLat[1], p.note])).toEqual(utf8.points.map((p) => [p.huhao, p.lngLat[0], p.lngLat[1], p.note]))
    expect(utf8.points.find((p) => p.huhao === '0200116')).toMatchObject({ lngLat: [111.016671, 21.813351] })
    expect(utf8.points.filter((p) => p.note === '已迁出').map((p) => p.huhao)).toEqual(['0200145', '0200151'])
  })

  it('reads GeoJSON bytes sniffed from content', async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { huhao: 'A1' }, geometry: { type: 'Point', coordinates: [111, 21.8] } }] }))
    const r = await parseLocationFile(bytes, { crs: 'wgs84' })
    expect(r.points.map((p) => p.huhao)).toEqual(['A1'])
  })
})
