/**
 * A local tangent plane for fitting: metres east (x) and north (y) of an
 * origin near the village. Fitting in metres, not degrees, keeps the two axes
 * on one scale (a degree of longitude is cos(lat) of a degree of latitude) so
 * residuals and leave-one-out errors are distances. Equirectangular: below a
 * few kilometres from the origin it is within centimetres of a true tangent
 * plane, far below what a hand-drawn map can carry.
 *
 * Positions are WGS84 `[lng, lat]` in degrees, longitude first.
 */
import type { Wgs84LngLat } from '@cuntu/domain'

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8
const RAD = Math.PI / 180

export interface PlaneXY {
  /** Metres east of the plane's origin. */
  x: number
  /** Metres north of the plane's origin. */
  y: number
}

export interface Plane {
  origin: Wgs84LngLat
  toPlane(p: Wgs84LngLat): PlaneXY
  toLngLat(p: PlaneXY): Wgs84LngLat
}

export function tangentPlane(origin: Wgs84LngLat): Plane {
  const [lng0, lat0] = origin
  const mx = RAD * EARTH_RADIUS_M * Math.cos(lat0 * RAD)
  const my = RAD * EARTH_RADIUS_M
  return {
    origin,
    toPlane: ([lng, lat]) => ({ x: (lng - lng0) * mx, y: (lat - lat0) * my }),
    toLngLat: (p) => [lng0 + p.x / mx, lat0 + p.y / my],
  }
}

/** The plane centred on the mean of the points (keeps coordinates small). */
export function planeAround(points: readonly Wgs84LngLat[]): Plane {
  const n = points.length
  return tangentPlane([points.reduce((s, p) => s + p[0], 0) / n, points.reduce((s, p) => s + p[1], 0) / n])
}
