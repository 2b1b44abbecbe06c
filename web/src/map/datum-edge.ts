/**
 * The map's datum edge: everything handed to the map is WGS84, everything the
 * map hands back (view, clicks, drawn shapes, dragged houses) is WGS84. Only
 * here, and only once per layer, is it shifted into the basemap's datum
 * (GCJ-02 for AMap/Gaode tiles, so households sit on the right roof instead of
 * hundreds of metres off) or back. The web's only user of the domain's GCJ-02
 * functions (a lint rule holds it). Pure functions; coordinates are [lng, lat] degrees.
 */
import type { Geometry, Position } from 'geojson'
import { asGcj02, gcj02ToWgs84, wgs84ToGcj02, type Wgs84LngLat } from '@cuntu/domain/coords.ts'
import type { Datum } from '../features/basemaps/basemaps.ts'

export type { Datum }

/** [lng, lat] WGS84 → [lng, lat] in `datum`. */
export function toDatum([lng, lat]: Wgs84LngLat, datum: Datum): [number, number] {
  if (datum === 'wgs84') return [lng, lat]
  const p = wgs84ToGcj02([lng, lat])
  return [p[0], p[1]]
}

/** [lng, lat] in `datum` → WGS84. */
export function fromDatum([lng, lat]: [number, number], datum: Datum): Wgs84LngLat {
  if (datum === 'wgs84') return [lng, lat]
  return gcj02ToWgs84(asGcj02([lng, lat]))
}

/** A flat [lng, lat, …] array in `datum`; the same array when nothing changes. NaN (unplaced) stays NaN. */
export function positionsInDatum(positions: Float64Array, datum: Datum): Float64Array {
  if (datum === 'wgs84') return positions
  const out = new Float64Array(positions.length)
  for (let i = 0; i < positions.length; i += 2) {
    const lng = positions[i]!
    const lat = positions[i + 1]!
    if (Number.isNaN(lng)) {
      out[i] = out[i + 1] = Number.NaN
      continue
    }
    const p = wgs84ToGcj02([lng, lat])
    out[i] = p[0]
    out[i + 1] = p[1]
  }
  return out
}

const mapPositions = (g: Geometry, f: (p: Position) => Position): Geometry => {
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(g.coordinates) }
    case 'MultiPoint':
    case 'LineString':
      return { type: g.type, coordinates: g.coordinates.map(f) } as Geometry
    case 'MultiLineString':
    case 'Polygon':
      return { type: g.type, coordinates: g.coordinates.map((r) => r.map(f)) } as Geometry
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) }
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: g.geometries.map((x) => mapPositions(x, f)) }
  }
}

const shift = (to: (p: [number, number], d: Datum) => [number, number], d: Datum) => (p: Position) => {
  const [lng, lat] = to([p[0]!, p[1]!], d)
  return p.length > 2 ? [lng, lat, ...p.slice(2)] : [lng, lat]
}

/** A WGS84 geometry → the basemap datum; the same object when nothing changes. */
export function geometryToDatum<G extends Geometry>(g: G, datum: Datum): G {
  return datum === 'wgs84' ? g : (mapPositions(g, shift(toDatum, datum)) as G)
}

/** A geometry in the basemap datum (e.g. what terra-draw hands back) → WGS84. */
export function geometryFromDatum<G extends Geometry>(g: G, datum: Datum): G {
  return datum === 'wgs84' ? g : (mapPositions(g, shift(fromDatum, datum)) as G)
}

/** [west, south, east, north] WGS84 → the basemap datum (corner by corner; the shift is smooth over a village). */
export function bboxToDatum(b: [number, number, number, number], datum: Datum): [number, number, number, number] {
  const [w, s] = toDatum([b[0], b[1]], datum)
  const [e, n] = toDatum([b[2], b[3]], datum)
  return [w, s, e, n]
}

/**
 * Flat [lng, lat, …] arrays shifted once per (array, datum) and remembered, so
 * a layer rebuilt on every render does not redo 100,000 shifts.
 */
const shifted = new WeakMap<Float64Array, Map<Datum, Float64Array>>()
export function flatPositionsToDatum(positions: Float64Array, datum: Datum): Float64Array {
  if (datum === 'wgs84') return positions
  let byDatum = shifted.get(positions)
  if (!byDatum) shifted.set(positions, (byDatum = new Map()))
  let out = byDatum.get(datum)
  if (!out) byDatum.set(datum, (out = positionsInDatum(positions, datum)))
  return out
}

/** Ground distance in metres between two WGS84 [lng, lat] (haversine; enough for "within 1 m" checks). */
export function metresBetween(a: [number, number], b: [number, number]): number {
  const R = 6_371_008.8
  const rad = Math.PI / 180
  const dLat = (b[1] - a[1]) * rad
  const dLng = (b[0] - a[0]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2
  return 2 * R * Math.asin(Math.sqrt(h))
}
