/**
 * Checks of a drawn geometry that need no database: finite numbers, WGS84
 * range, vertex count, repeated points, closed rings, zero length. Each
 * problem is a message code with parameters, so the user reads it in their
 * language. Validity (self-intersection) is PostGIS's job (repository.ts).
 */
import type { DrawnGeometry } from '../../contract/index.ts'
import type { MessageCode } from '../../i18n/messages.ts'

/** A hand-drawn village feature has tens to hundreds of points; 5,000 is a traced river, not a mistake. */
export const MAX_VERTICES = 5_000

export interface GeometryProblem {
  code: MessageCode
  params: Record<string, string | number>
}

type P = number[]
const same = (a: P, b: P) => a[0] === b[0] && a[1] === b[1]

/** The first problem found, or null when the geometry may go on to PostGIS. Coordinates are [lng, lat] degrees. */
export function checkGeometry(g: DrawnGeometry): GeometryProblem | null {
  const rings: P[][] = g.type === 'Point' ? [[g.coordinates]] : g.type === 'LineString' ? [g.coordinates] : g.coordinates
  const count = rings.reduce((n, r) => n + r.length, 0)
  if (count > MAX_VERTICES) return { code: 'geometry_too_many_vertices', params: { count, max: MAX_VERTICES } }
  let index = 0
  for (const ring of rings)
    for (const p of ring) {
      index++
      if (!p.every(Number.isFinite)) return { code: 'geometry_not_finite', params: {} }
      const [lng, lat] = p as [number, number]
      if (Math.abs(lng) > 180 || Math.abs(lat) > 90) return { code: 'geometry_out_of_range', params: { index, lng, lat } }
    }
  if (g.type === 'Point') return null
  // A line whose points all coincide has zero length: say so rather than "duplicate point".
  if (g.type === 'LineString' && g.coordinates.length > 1 && g.coordinates.every((p) => same(p, g.coordinates[0]!))) {
    return { code: 'geometry_zero_length', params: {} }
  }
  index = 0
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) if (same(ring[i]!, ring[i - 1]!)) return { code: 'geometry_duplicate_vertices', params: { index: index + i + 1 } }
    index += ring.length
  }
  if (g.type === 'LineString') {
    if (g.coordinates.length < 2) return { code: 'geometry_too_few_points', params: { what: 'line' } }
    return null
  }
  for (const ring of g.coordinates) {
    if (ring.length < 2 || !same(ring[0]!, ring.at(-1)!)) return { code: 'geometry_ring_not_closed', params: {} }
    // A closed ring of n positions has n-1 distinct corners; a polygon needs 3.
    if (new Set(ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`)).size < 3) return { code: 'geometry_too_few_points', params: { what: 'polygon' } }
  }
  return null
}

/** Vertex count of a geometry (a polygon's closing point counted). */
export function vertexCount(g: DrawnGeometry): number {
  return g.type === 'Point' ? 1 : g.type === 'LineString' ? g.coordinates.length : g.coordinates.reduce((n, r) => n + r.length, 0)
}
