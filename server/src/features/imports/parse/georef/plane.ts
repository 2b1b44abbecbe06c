/**
 * A local tangent plane for fitting: metres east (x) and north (y) of an
 * origin near the village. Fitting in metres, not degrees, keeps the two axes
 * on one scale (a degree of longitude is cos(lat) of a degree of latitude) so
 * residuals and leave-one-out errors are distances. Equirectangular: below a
 * few kilometres from the origin it is within centimetres of a true tangent
 * plane, far below what a hand-drawn map can carry.
 *
 * Positions are WGS84 `{ lon, lat }` in degrees, longitude first.
 */

/** Mean Earth radius (IUGG), metres. */
const EARTH_RADIUS_M = 6_371_008.8
const RAD = Math.PI / 180

export interface LonLat {
  /** WGS84 longitude, degrees. */
  lon: number
  /** WGS84 latitude, degrees. */
  lat: number
}

export interface PlaneXY {
  /** Metres east of the plane's origin. */
  x: number
  /** Metres north of the plane's origin. */
  y: number
}

export interface Plane {
  origin: LonLat
  toPlane(p: LonLat): PlaneXY
  toLonLat(p: PlaneXY): LonLat
}

export function tangentPlane(origin: LonLat): Plane {
  const mx = RAD * EARTH_RADIUS_M * Math.cos(origin.lat * RAD)
  const my = RAD * EARTH_RADIUS_M
  return {
    origin,
    toPlane: (p) => ({ x: (p.lon - origin.lon) * mx, y: (p.lat - origin.lat) * my }),
    toLonLat: (p) => ({ lon: origin.lon + p.x / mx, lat: origin.lat + p.y / my }),
  }
}

/** The plane centred on the mean of the points (keeps coordinates small). */
export function planeAround(points: readonly LonLat[]): Plane {
  const n = points.length
  return tangentPlane({ lon: points.reduce((s, p) => s + p.lon, 0) / n, lat: points.reduce((s, p) => s + p.lat, 0) / n })
}
