/**
 * Place the hand-drawn Excel map on the earth. Workers mark a few houses whose
 * position they know (control points: the house's cell and its lon/lat); an
 * affine transform fitted by least squares then places every other cell. The
 * Excel grid is not to scale, so the residuals tell the worker how far off the
 * result may be: show them, do not hide them.
 *
 * Coordinates are WGS84 degrees, longitude first. Cells are 1-based (row, col).
 */

export interface ControlPoint {
  /** 1-based cell row. */
  row: number
  /** 1-based cell column. */
  col: number
  /** WGS84 longitude, degrees. */
  lon: number
  /** WGS84 latitude, degrees. */
  lat: number
}

/** lon = a·col + b·row + c;  lat = d·col + e·row + f. */
export interface AffineTransform {
  a: number
  b: number
  c: number
  d: number
  e: number
  f: number
}

export interface AffineResidual {
  index: number
  /** Fitted minus given, metres east. */
  eastMetres: number
  /** Fitted minus given, metres north. */
  northMetres: number
  metres: number
}

export interface AffineFit {
  transform: AffineTransform
  residuals: AffineResidual[]
  /** Root mean square of the residual distances, metres. With exactly 3 points it is 0: nothing checks the fit. */
  rmsMetres: number
}

/** Mean Earth radius (IUGG), metres. Accurate enough for residuals over a village. */
const EARTH_RADIUS_M = 6_371_008.8
const RAD = Math.PI / 180

/** Metres east and north between two nearby points (equirectangular; fine below tens of km). */
export function offsetMetres(from: { lon: number; lat: number }, to: { lon: number; lat: number }): { east: number; north: number } {
  const midLat = ((from.lat + to.lat) / 2) * RAD
  return {
    east: (to.lon - from.lon) * RAD * EARTH_RADIUS_M * Math.cos(midLat),
    north: (to.lat - from.lat) * RAD * EARTH_RADIUS_M,
  }
}

/** Why control points cannot be fitted; the service words it for the user. */
export class AffineFitError extends RangeError {
  constructor(
    readonly reason: 'too_few' | 'collinear',
    readonly given: number,
  ) {
    super(reason === 'too_few' ? `an affine fit needs at least 3 control points, got ${given}` : 'control points are on one line; choose houses spread over the map')
  }
}

/**
 * Least-squares affine fit from ≥ 3 control points not all on one line.
 * Throws AffineFitError otherwise: a degenerate fit would place houses anywhere.
 */
export function fitAffine(points: readonly ControlPoint[]): AffineFit {
  if (points.length < 3) throw new AffineFitError('too_few', points.length)
  const n = points.length
  // Centre everything: keeps the normal equations well conditioned with
  // longitudes around 111° and cell indexes around 10.
  const mc = points.reduce((s, p) => s + p.col, 0) / n
  const mr = points.reduce((s, p) => s + p.row, 0) / n
  const mlon = points.reduce((s, p) => s + p.lon, 0) / n
  const mlat = points.reduce((s, p) => s + p.lat, 0) / n
  let sxx = 0, sxy = 0, syy = 0, sxLon = 0, syLon = 0, sxLat = 0, syLat = 0
  for (const p of points) {
    const x = p.col - mc
    const y = p.row - mr
    sxx += x * x
    sxy += x * y
    syy += y * y
    sxLon += x * (p.lon - mlon)
    syLon += y * (p.lon - mlon)
    sxLat += x * (p.lat - mlat)
    syLat += y * (p.lat - mlat)
  }
  const det = sxx * syy - sxy * sxy
  // Relative test: collinear cells make det vanish compared with its terms.
  if (!(Math.abs(det) > 1e-9 * Math.max(1, sxx * syy))) throw new AffineFitError('collinear', points.length)
  const a = (sxLon * syy - syLon * sxy) / det
  const b = (syLon * sxx - sxLon * sxy) / det
  const d = (sxLat * syy - syLat * sxy) / det
  const e = (syLat * sxx - sxLat * sxy) / det
  const transform: AffineTransform = { a, b, c: mlon - a * mc - b * mr, d, e, f: mlat - d * mc - e * mr }
  const residuals = points.map((p, index) => {
    const fitted = applyAffine(transform, p)
    const { east, north } = offsetMetres(p, fitted)
    return { index, eastMetres: east, northMetres: north, metres: Math.hypot(east, north) }
  })
  const rmsMetres = Math.sqrt(residuals.reduce((s, r) => s + r.metres * r.metres, 0) / n)
  return { transform, residuals, rmsMetres }
}

/** Where a cell lands: WGS84 lon/lat of the cell's (row, col). */
export function applyAffine(t: AffineTransform, cell: { row: number; col: number }): { lon: number; lat: number } {
  return { lon: t.a * cell.col + t.b * cell.row + t.c, lat: t.d * cell.col + t.e * cell.row + t.f }
}
