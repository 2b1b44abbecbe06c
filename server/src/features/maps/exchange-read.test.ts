import { describe, expect, it } from 'vitest'
import { formatOf, kmlData, kmlGeometries, readGeoJson, readKml, splitGeoJsonGeometry } from './exchange-read.ts'
import { xmlText } from '../imports/parse/xml-text.ts'
import { matchKind } from './kind-match.ts'

describe('reading exchange files', () => {
  it('splits multi-geometries into parts and refuses other types by name', () => {
    expect(splitGeoJsonGeometry({ type: 'MultiPoint', coordinates: [[1, 2, 30], [3, 4]] })).toEqual([
      { type: 'Point', coordinates: [1, 2] },
      { type: 'Point', coordinates: [3, 4] },
    ])
    expect(splitGeoJsonGeometry({ type: 'GeometryCollection', geometries: [] })).toMatchObject({ code: 'geometry_type_unsupported', params: { type: 'GeometryCollection' } })
    expect(splitGeoJsonGeometry({ type: 'Point', coordinates: ['1', 2] })).toMatchObject({ code: 'geometry_not_finite' })
    expect(splitGeoJsonGeometry(null)).toMatchObject({ code: 'map_import_no_geometry' })
  })

  it('reads GeoJSON properties: name, kind or kind_label, contacts; a Feature alone; refuses a projected crs', () => {
    const [row] = readGeoJson(JSON.stringify({ type: 'Feature', properties: { 名称: '祠堂', kind_label: '祠堂', 联系人: '王五' }, geometry: { type: 'Point', coordinates: [111, 21] } }))
    expect(row).toMatchObject({ row: 1, part: null, name: '祠堂', kind: null, kindLabel: '祠堂', contactName: '王五', problem: null })
    expect(() => readGeoJson('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"features":[]}')).toThrow('map_import_crs')
    expect(readGeoJson('{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[]}')).toEqual([])
  })

  it('reads KML Placemarks: Data and SimpleData, entities and CDATA, MultiGeometry parts, polygon holes', () => {
    expect(xmlText('<![CDATA[a<b]]> &amp;lt; &#x7965;&#31077;')).toBe('a<b &lt; 祥祥')
    expect(kmlData('<ExtendedData><Data name="kind"><value>park</value></Data><SchemaData><SimpleData name="kind_label">公园</SimpleData></SchemaData></ExtendedData>')).toEqual({ kind: 'park', kind_label: '公园' })
    const hole = '<Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 4,0 4,4 0,0</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs><LinearRing><coordinates>1,1 2,1 2,2 1,1</coordinates></LinearRing></innerBoundaryIs></Polygon>'
    expect(kmlGeometries(`<MultiGeometry><Point><coordinates>1,2,0</coordinates></Point>${hole}</MultiGeometry>`)).toEqual([
      { type: 'Point', coordinates: [1, 2] },
      { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] },
    ])
    const rows = readKml('<kml><Document><Placemark><name>公园</name><ExtendedData><Data name="name"><value></value></Data></ExtendedData><Point><coordinates>1,2</coordinates></Point></Placemark><Placemark><name>x</name></Placemark></Document></kml>')
    expect(rows.map((r) => [r.name, r.problem?.code ?? null])).toEqual([['', null], ['x', 'map_import_no_geometry']])
  })

  it('tells the format by content as well as by name', () => {
    expect(formatOf('a.kml', '<?xml version="1.0"?><kml>')).toBe('kml')
    expect(formatOf('a.json', '\ufeff {"type":"FeatureCollection"}')).toBe('geojson')
    expect(formatOf('a.geojson', 'hello')).toBeNull()
    expect(formatOf('a.kml', '<html>')).toBeNull()
  })

  it('matches kinds by code, Chinese label or English label', () => {
    const kinds = [{ code: 'pond', labelZh: '池塘', labelEn: 'Pond' }]
    expect(matchKind(kinds, 'pond', null)).toBe('pond')
    expect(matchKind(kinds, '池塘', null)).toBe('pond')
    expect(matchKind(kinds, 'nope', ' POND ')).toBe('pond')
    expect(matchKind(kinds, 'lake', null)).toBeNull()
  })
})
