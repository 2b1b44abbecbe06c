/**
 * GCJ-02 ⇄ WGS84. Cuntu stores WGS84 (EPSG:4326); phone locations from WeChat,
 * AMap/Gaode and Tencent maps are GCJ-02, the obfuscated datum required for
 * maps published in China, offset from WGS84 by up to several hundred metres.
 * This is the standard published GCJ-02 forward algorithm (Krasovsky 1940
 * ellipsoid constants); the inverse has no closed form, so it is solved by
 * fixed-point iteration to better than 1e-7° (about 1 cm).
 *
 * All functions take and return `{ lon, lat }` in decimal degrees, longitude first.
 */

export interface LonLat {
  /** Longitude, degrees east. */
  lon: number
  /** Latitude, degrees north. */
  lat: number
}

/** Semi-major axis of the Krasovsky 1940 ellipsoid used by GCJ-02, metres. */
const A = 6378245.0
/** First eccentricity squared of that ellipsoid. */
const EE = 0.006693421622965943

/**
 * GCJ-02 applies only inside China. This is the conventional rough box used by
 * published implementations; outside it coordinates pass through unchanged.
 */
export function outOfChina(p: LonLat): boolean {
  return p.lon < 72.004 || p.lon > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271
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

/** The GCJ-02 offset (degrees) at a WGS84 point. */
function offset(p: LonLat): LonLat {
  const dLat = transformLat(p.lon - 105.0, p.lat - 35.0)
  const dLon = transformLon(p.lon - 105.0, p.lat - 35.0)
  const radLat = (p.lat / 180.0) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  return {
    lat: (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
    lon: (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
  }
}

/** WGS84 → GCJ-02 (what AMap shows for a GPS position). */
export function wgs84ToGcj02(p: LonLat): LonLat {
  if (outOfChina(p)) return { lon: p.lon, lat: p.lat }
  const d = offset(p)
  return { lon: p.lon + d.lon, lat: p.lat + d.lat }
}

/** Convergence target for the inverse, degrees (≈ 1 cm). */
const INVERSE_TOLERANCE = 1e-9
const MAX_ITERATIONS = 30

/**
 * GCJ-02 → WGS84 by iteration: start at the GCJ point and move by the error of
 * the forward transform until it maps back onto the GCJ point. The offset
 * varies slowly, so this converges in a handful of steps to < 1e-7°.
 */
export function gcj02ToWgs84(p: LonLat): LonLat {
  if (outOfChina(p)) return { lon: p.lon, lat: p.lat }
  let w: LonLat = { lon: p.lon, lat: p.lat }
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    const g = wgs84ToGcj02(w)
    const dLon = g.lon - p.lon
    const dLat = g.lat - p.lat
    w = { lon: w.lon - dLon, lat: w.lat - dLat }
    if (Math.abs(dLon) < INVERSE_TOLERANCE && Math.abs(dLat) < INVERSE_TOLERANCE) break
  }
  return w
}
