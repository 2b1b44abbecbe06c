import { describe, expect, it } from 'vitest'
import { sketchClass, sketchCollection, sketchLabels, sketchLayers, type SketchFeature } from './sketch-style.ts'

const f = (kind: string, name: string, geometry: SketchFeature['geometry']): SketchFeature => ({ kind, name, geometry, colour: '#123456' })
const features: SketchFeature[] = [
  f('lane', '一组一巷', { type: 'LineString', coordinates: [[111, 21], [111.001, 21]] }),
  f('road', '东西村道', { type: 'LineString', coordinates: [[111, 21], [111.002, 21], [111.002, 21.002]] }),
  f('pond', '大塘', { type: 'Polygon', coordinates: [[[111, 21], [111.002, 21], [111.002, 21.002], [111, 21.002], [111, 21]]] }),
  f('landmark', '石桥', { type: 'Point', coordinates: [111.5, 21.5] }),
  f('building', '', { type: 'Polygon', coordinates: [[[111, 21], [111.001, 21], [111.001, 21.001], [111, 21]]] }),
]

describe('the base sketch as a basemap', () => {
  it('sorts kinds into what is drawn: roads and lanes, water, fields, buildings, landmarks, the rest in their own colour', () => {
    expect(['road', 'lane', 'river', 'pond', 'farmland', 'building', 'landmark', 'ancestral_hall'].map(sketchClass)).toEqual([
      'road', 'lane', 'water', 'water', 'field', 'building', 'landmark', 'other',
    ])
    expect(sketchCollection(features).features.map((x) => x.properties.cls)).toEqual(['lane', 'road', 'water', 'landmark', 'building'])
  })

  it('draws with line, fill and circle layers only: no symbol layer, so no glyphs are fetched', () => {
    const layers = sketchLayers('sketch')
    expect(new Set(layers.map((l) => l.type))).toEqual(new Set(['fill', 'line', 'circle']))
    expect(JSON.stringify(layers)).not.toMatch(/https?:|text-field|glyph/)
    // Roads under lanes' width: the road's casing is wider than the lane's at every zoom stop.
    const casing = layers.find((l) => l.id === 'sketch-road-casing') as { paint: { 'line-width': unknown[] } }
    const stops = casing.paint['line-width'].slice(3) as unknown[]
    for (let i = 1; i < stops.length; i += 2) {
      const m = stops[i] as (string | number | unknown[])[]
      expect(m[m.indexOf('road') + 1] as number).toBeGreaterThan(m[m.indexOf('lane') + 1] as number)
    }
  })

  it('labels named features but not lanes: points at the point, lines a third of the way along, areas at their centre', () => {
    const labels = sketchLabels(features)
    expect(labels.map((l) => l.text)).toEqual(['东西村道', '大塘', '石桥'])
    expect(labels[0]!.position[0]).toBeCloseTo(111.00133, 5)
    expect(labels[0]!.position[1]).toBeCloseTo(21, 9)
    expect(labels[1]!.position[0]).toBeCloseTo(111.001, 9)
    expect(labels[1]!.position[1]).toBeCloseTo(21.001, 9)
    expect(labels[2]).toEqual({ position: [111.5, 21.5], text: '石桥', cls: 'landmark' })
  })
})
