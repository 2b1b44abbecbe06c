import { describe, expect, it } from 'vitest'
import { BASEMAPS } from '../features/basemaps/basemaps.ts'
import { basemapStyle, type BoundaryGeometry } from './basemap-style.ts'
import type { SketchFeature } from './sketch-style.ts'

const boundary: BoundaryGeometry = { type: 'MultiPolygon', coordinates: [[[[111, 21], [111.1, 21], [111.1, 21.1], [111, 21]]]] }

describe('basemapStyle', () => {
  it('offline needs nothing remote: no tiles, no glyphs, the village outline filled', () => {
    const s = basemapStyle(BASEMAPS.offline, '', boundary)
    expect(s.glyphs).toBeUndefined()
    expect(JSON.stringify(s)).not.toMatch(/https?:/)
    expect(s.layers.map((l) => l.id)).toEqual(['paper', 'boundary-fill', 'boundary-line'])
  })
  it('Tianditu uses Web-Mercator _w layers with the key, base then annotation', () => {
    const s = basemapStyle(BASEMAPS['tianditu-img'], 'abc', null)
    const tiles = (s.sources['tiles-0'] as { tiles: string[] }).tiles
    expect(tiles[0]).toContain('tianditu.gov.cn/img_w/wmts')
    expect(tiles[0]).toContain('TILEMATRIXSET=w')
    expect(tiles[0]).toContain('tk=abc')
    expect((s.sources['tiles-1'] as { tiles: string[] }).tiles[0]).toContain('cia_w')
  })
  it('falls back to the offline look when Tianditu has no key yet', () => {
    const s = basemapStyle(BASEMAPS['tianditu-vec'], ' ', boundary)
    expect(Object.keys(s.sources)).toEqual(['boundary'])
  })
  it('carries attribution for OSM and AMap', () => {
    expect((basemapStyle(BASEMAPS.osm, '', null).sources['tiles-0'] as { attribution: string }).attribution).toMatch(/OpenStreetMap/)
    expect(BASEMAPS.amap.datum).toBe('gcj02')
  })
  it('the base sketch: the offline look with the sketch drawn between the outline fill and line, still nothing remote', () => {
    const sketch: SketchFeature[] = [{ kind: 'road', name: '村道', colour: '#8d6e63', geometry: { type: 'LineString', coordinates: [[111, 21], [111.01, 21]] } }]
    const s = basemapStyle(BASEMAPS.sketch, '', boundary, sketch)
    expect(s.glyphs).toBeUndefined()
    expect(JSON.stringify(s)).not.toMatch(/https?:/)
    const ids = s.layers.map((l) => l.id)
    expect(ids.slice(0, 2)).toEqual(['paper', 'boundary-fill'])
    expect(ids.at(-1)).toBe('boundary-line')
    expect(ids.filter((id) => id.startsWith('sketch-')).length).toBeGreaterThan(5)
    expect(s.layers.some((l) => l.type === 'symbol')).toBe(false)
  })
  it('the sketch without features (the village has none) is the offline basemap', () => {
    expect(basemapStyle(BASEMAPS.sketch, '', boundary, null)).toEqual(basemapStyle(BASEMAPS.offline, '', boundary))
    expect(basemapStyle(BASEMAPS.sketch, '', boundary, [])).toEqual(basemapStyle(BASEMAPS.offline, '', boundary))
  })
})
