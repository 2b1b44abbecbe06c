/**
 * Positions and datums, defined once. Cuntu stores WGS84 (EPSG:4326); phone
 * locations from WeChat, AMap/Gaode and Tencent maps, and AMap's tiles, are
 * GCJ-02, the obfuscated datum required for maps published in China, offset
 * from WGS84 by up to several hundred metres.
 *
 * A position is a `[lng, lat]` tuple in decimal degrees, longitude first (GeoJSON
 * order), and its type names its datum. A GCJ-02 position is branded, so it
 * cannot be passed where WGS84 is expected: it becomes WGS84 only through
 * `gcj02ToWgs84`, and a plain pair becomes GCJ-02 only through `asGcj02` where a
 * file or a tile source says that is its datum.
 *
 * The conversion is the standard published GCJ-02 forward algorithm (Krasovsky
 * 1940 ellipsoid constants); the inverse has no closed form, so it is solved by
 * fixed-point iteration to better than 1e-7° (about 1 cm).
 */

/** A WGS84 position: [longitude east, latitude north], degrees. What we store, send and draw. */
export type Wgs84LngLat = [lng: number, lat: number]

declare const gcj02: unique symbol
/**
 * A GCJ-02 position: [longitude east, latitude north], degrees, in the datum of
 * Chinese web maps. Branded and read-only, so it is not a `Wgs84LngLat` (a
 * read-only tuple does not go where a mutable one is expected).
 */
export type Gcj02LngLat = readonly [lng: number, lat: number] & { readonly [gcj02]: true }

/** Say that a pair is GCJ-02: where a file, a device or a tile source states that datum. */
export const asGcj02 = (p: readonly [number, number]): Gcj02LngLat => [p[0], p[1]] as const as Gcj02LngLat

/** Semi-major axis of the Krasovsky 1940 ellipsoid used by GCJ-02, metres. */
const A = 6378245.0
/** First eccentricity squared of that ellipsoid. */
const EE = 0.006693421622965943

/**
 * GCJ-02 applies only inside China. This is the conventional rough box used by
 * published implementations; outside it coordinates pass through unchanged.
 */
export function outOfChina([lng, lat]: readonly [number, number]): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0
  return ret
}

function transformLon(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0
  return ret
}

/** The GCJ-02 offset [dLng, dLat] (degrees) at a WGS84 point. */
function offset([lng, lat]: Wgs84LngLat): [dLng: number, dLat: number] {
  const dLat = transformLat(lng - 105.0, lat - 35.0)
  const dLng = transformLon(lng - 105.0, lat - 35.0)
  const radLat = (lat / 180.0) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  return [
    (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
    (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
  ]
}

/** WGS84 → GCJ-02 (what AMap shows for a GPS position). */
export function wgs84ToGcj02(p: Wgs84LngLat): Gcj02LngLat {
  if (outOfChina(p)) return asGcj02(p)
  const d = offset(p)
  return asGcj02([p[0] + d[0], p[1] + d[1]])
}

/** Convergence target for the inverse, degrees (≈ 1 cm). */
const INVERSE_TOLERANCE = 1e-9
const MAX_ITERATIONS = 30

/**
 * GCJ-02 → WGS84 by iteration: start at the GCJ point and move by the error of
 * the forward transform until it maps back onto the GCJ point. The offset
 * varies slowly, so this converges in a handful of steps to < 1e-7°.
 */
export function gcj02ToWgs84(p: Gcj02LngLat): Wgs84LngLat {
  if (outOfChina(p)) return [p[0], p[1]]
  let w: Wgs84LngLat = [p[0], p[1]]
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const g = wgs84ToGcj02(w)
    const dLng = g[0] - p[0]
    const dLat = g[1] - p[1]
    w = [w[0] - dLng, w[1] - dLat]
    if (Math.abs(dLng) < INVERSE_TOLERANCE && Math.abs(dLat) < INVERSE_TOLERANCE) break
  }
  return w
}
