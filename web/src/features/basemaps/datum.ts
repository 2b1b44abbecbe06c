/**
 * Our data is WGS84; AMap/Gaode tiles are drawn in GCJ-02. When such a basemap
 * is on, everything we draw is shifted into GCJ-02 (and the view read back out
 * of it), so households sit on the right roof instead of hundreds of metres off.
 */
import { asGcj02, gcj02ToWgs84, wgs84ToGcj02 } from '@cuntu/domain/coords.ts'
import type { Datum } from './basemaps.ts'

/** [lng, lat] WGS84 → [lng, lat] in `datum`. */
export function toDatum([lng, lat]: [number, number], datum: Datum): [number, number] {
  if (datum === 'wgs84') return [lng, lat]
  const p = wgs84ToGcj02([lng, lat])
  return [p[0], p[1]]
}

/** [lng, lat] in `datum` → WGS84. */
export function fromDatum([lng, lat]: [number, number], datum: Datum): [number, number] {
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

export function multiPolygonInDatum<T extends { type: 'MultiPolygon'; coordinates: [number, number][][][] }>(g: T, datum: Datum): T {
  if (datum === 'wgs84') return g
  return { ...g, coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map((p) => toDatum(p, datum)))) }
}
