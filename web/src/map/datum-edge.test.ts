import { describe, expect, it } from 'vitest'
import type { Polygon } from 'geojson'
import { flatPositionsToDatum, geometryFromDatum, geometryToDatum, metresBetween } from './datum-edge.ts'

// A small polygon in the demo village (化州市), WGS84.
const poly: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [111.0351, 21.8236],
      [111.0362, 21.8236],
      [111.0362, 21.8245],
      [111.0351, 21.8236],
    ],
  ],
}

describe('the datum edge', () => {
  it('passes WGS84 through untouched (same object)', () => {
    expect(geometryToDatum(poly, 'wgs84')).toBe(poly)
    expect(geometryFromDatum(poly, 'wgs84')).toBe(poly)
  })
  it('a shape drawn on GCJ-02 tiles comes back to the same ground position within 1 m', () => {
    // What terra-draw hands back on the AMap basemap is the ground position in GCJ-02 …
    const onAmap = geometryToDatum(poly, 'gcj02')
    const a = onAmap.coordinates[0]![0]! as [number, number]
    const b = poly.coordinates[0]![0]! as [number, number]
    // … hundreds of metres away from its WGS84 numbers …
    expect(metresBetween(a, b)).toBeGreaterThan(200)
    // … and stored in WGS84, it lands where it was drawn on an OSM (WGS84) basemap.
    const stored = geometryFromDatum(onAmap, 'gcj02')
    stored.coordinates[0]!.forEach((p, i) => expect(metresBetween(p as [number, number], poly.coordinates[0]![i] as [number, number])).toBeLessThan(1))
  })
  it('keeps every ring and vertex count, and extra ordinates', () => {
    const g = geometryToDatum({ type: 'LineString', coordinates: [[111.03, 21.82, 5], [111.04, 21.83, 6]] }, 'gcj02')
    expect(g.coordinates).toHaveLength(2)
    expect(g.coordinates[1]![2]).toBe(6)
  })
  it('shifts a flat household array once per datum and remembers it', () => {
    const p = new Float64Array([111.0351, 21.8236, Number.NaN, Number.NaN])
    const a = flatPositionsToDatum(p, 'gcj02')
    expect(flatPositionsToDatum(p, 'gcj02')).toBe(a)
    expect(flatPositionsToDatum(p, 'wgs84')).toBe(p)
    expect(Number.isNaN(a[2]!)).toBe(true)
  })
})
