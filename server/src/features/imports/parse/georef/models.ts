/**
 * The three transforms a hand-drawn cell grid can be fitted with, each by
 * least squares in a local plane (metres east x, metres north y; cells are
 * 1-based col, row with rows counted downwards as in Excel):
 *
 * - `north_up` (4 parameters): x = a·col + tx, y = e·row + ty. The usual
 *   drawing: lanes drawn north-up, each axis its own scale. Needs two
 *   different columns and two different rows, nothing more: even points on a
 *   diagonal line carry it.
 * - `rotated` (5): the north-up grid turned by an angle θ, [x y] = R(θ)·[sx·col, sy·row] + t.
 *   For the drawing made facing along the main road rather than north.
 * - `affine` (6): any linear map, shear included. Exact through three points,
 *   so it is only worth its parameters from four points up.
 *
 * All three are stored as one affine matrix so placing a cell is the same for each.
 */

export type ModelKind = 'north_up' | 'rotated' | 'affine'

/** Parameters each model has: how many points it takes before anything checks it. */
export const MODEL_PARAMETERS: Record<ModelKind, number> = { north_up: 4, rotated: 5, affine: 6 }

export interface GridPoint {
  /** 1-based cell column. */
  col: number
  /** 1-based cell row (downwards). */
  row: number
  /** Metres east in the fitting plane. */
  x: number
  /** Metres north in the fitting plane. */
  y: number
}

/** x = a·col + b·row + tx;  y = d·col + e·row + ty (metres). */
export interface GridTransform {
  kind: ModelKind
  a: number
  b: number
  tx: number
  d: number
  e: number
  ty: number
}

export function applyGrid(t: GridTransform, cell: { col: number; row: number }): { x: number; y: number } {
  return { x: t.a * cell.col + t.b * cell.row + t.tx, y: t.d * cell.col + t.e * cell.row + t.ty }
}

/** What a transform says about the drawing, for the report. */
export interface GridShape {
  /** Metres per column step and per row step on the ground. */
  metresPerCol: number
  metresPerRow: number
  /** Direction of the column axis, degrees anticlockwise from east. */
  rotationDeg: number
  /** How far the row axis is from perpendicular to the column axis, degrees. */
  shearDeg: number
}

export function shapeOf(t: GridTransform): GridShape {
  const metresPerCol = Math.hypot(t.a, t.d)
  const metresPerRow = Math.hypot(t.b, t.e)
  const colAngle = Math.atan2(t.d, t.a)
  // Rows run downwards, i.e. towards -y in a north-up drawing: measure the row axis against -90°.
  const rowAngle = Math.atan2(t.e, t.b)
  let between = (colAngle - rowAngle) * (180 / Math.PI)
  between = ((between % 360) + 360) % 360
  const shear = between > 180 ? between - 270 : between - 90
  return { metresPerCol, metresPerRow, rotationDeg: (colAngle * 180) / Math.PI, shearDeg: shear }
}

const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length

/** Least-squares line v = k·u + m; null when every u is the same. */
function line(u: readonly number[], v: readonly number[]): { k: number; m: number } | null {
  const mu = mean(u)
  const mv = mean(v)
  let suu = 0
  let suv = 0
  for (let i = 0; i < u.length; i++) {
    suu += (u[i]! - mu) ** 2
    suv += (u[i]! - mu) * (v[i]! - mv)
  }
  if (!(suu > 1e-12)) return null
  const k = suv / suu
  return { k, m: mv - k * mu }
}

export function fitNorthUp(points: readonly GridPoint[]): GridTransform | null {
  if (points.length < 2) return null
  const x = line(points.map((p) => p.col), points.map((p) => p.x))
  const y = line(points.map((p) => p.row), points.map((p) => p.y))
  if (!x || !y) return null
  return { kind: 'north_up', a: x.k, b: 0, tx: x.m, d: 0, e: y.k, ty: y.m }
}

/** Sum of squared residuals of the north-up fit after turning the targets by -θ. */
function rotatedFit(points: readonly GridPoint[], theta: number): { sse: number; t: GridTransform } | null {
  const c = Math.cos(theta)
  const s = Math.sin(theta)
  const turned = points.map((p) => ({ col: p.col, row: p.row, x: c * p.x + s * p.y, y: -s * p.x + c * p.y }))
  const nu = fitNorthUp(turned)
  if (!nu) return null
  let sse = 0
  for (const p of turned) sse += (nu.a * p.col + nu.tx - p.x) ** 2 + (nu.e * p.row + nu.ty - p.y) ** 2
  // Turn back: [x y] = R(θ)·[u v].
  const t: GridTransform = {
    kind: 'rotated',
    a: c * nu.a, b: -s * nu.e, tx: c * nu.tx - s * nu.ty,
    d: s * nu.a, e: c * nu.e, ty: s * nu.tx + c * nu.ty,
  }
  return { sse, t }
}

/**
 * The rotated north-up grid: a 1-D search over θ (each θ is a linear fit).
 * θ and θ + 180° are the same fit with both scales negated, so [-90°, 90°) covers
 * every drawing. Null below three points (five parameters, four equations).
 */
export function fitRotated(points: readonly GridPoint[]): GridTransform | null {
  if (points.length < 3) return null
  const step = Math.PI / 180
  let best: { theta: number; sse: number } | null = null
  for (let i = -90; i < 90; i++) {
    const r = rotatedFit(points, i * step)
    if (!r) return null
    if (!best || r.sse < best.sse) best = { theta: i * step, sse: r.sse }
  }
  // Golden-section refinement inside the best degree's neighbourhood.
  let lo = best!.theta - step
  let hi = best!.theta + step
  const g = (Math.sqrt(5) - 1) / 2
  let x1 = hi - g * (hi - lo)
  let x2 = lo + g * (hi - lo)
  let f1 = rotatedFit(points, x1)!.sse
  let f2 = rotatedFit(points, x2)!.sse
  for (let k = 0; k < 40; k++) {
    if (f1 < f2) {
      hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = rotatedFit(points, x1)!.sse
    } else {
      lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = rotatedFit(points, x2)!.sse
    }
  }
  return rotatedFit(points, (lo + hi) / 2)!.t
}

/** Least-squares affine; null below three points or when the cells are on one line. */
export function fitAffineGrid(points: readonly GridPoint[]): GridTransform | null {
  const n = points.length
  if (n < 3) return null
  const mc = mean(points.map((p) => p.col))
  const mr = mean(points.map((p) => p.row))
  const mx = mean(points.map((p) => p.x))
  const my = mean(points.map((p) => p.y))
  let scc = 0, scr = 0, srr = 0, scx = 0, srx = 0, scy = 0, sry = 0
  for (const p of points) {
    const c = p.col - mc
    const r = p.row - mr
    scc += c * c; scr += c * r; srr += r * r
    scx += c * (p.x - mx); srx += r * (p.x - mx)
    scy += c * (p.y - my); sry += r * (p.y - my)
  }
  const det = scc * srr - scr * scr
  // Relative test: cells on one line make det vanish against its own terms.
  if (!(Math.abs(det) > 1e-9 * Math.max(1, scc * srr))) return null
  const a = (scx * srr - srx * scr) / det
  const b = (srx * scc - scx * scr) / det
  const d = (scy * srr - sry * scr) / det
  const e = (sry * scc - scy * scr) / det
  return { kind: 'affine', a, b, tx: mx - a * mc - b * mr, d, e, ty: my - d * mc - e * mr }
}

export const FITTERS: Record<ModelKind, (points: readonly GridPoint[]) => GridTransform | null> = {
  north_up: fitNorthUp,
  rotated: fitRotated,
  affine: fitAffineGrid,
}

/** Distance in metres from each point to where the transform puts its cell. */
export function residuals(t: GridTransform, points: readonly GridPoint[]): number[] {
  return points.map((p) => {
    const q = applyGrid(t, p)
    return Math.hypot(q.x - p.x, q.y - p.y)
  })
}

export const rms = (xs: readonly number[]) => Math.sqrt(xs.reduce((s, v) => s + v * v, 0) / Math.max(1, xs.length))

/**
 * Leave-one-out: each point's distance from where the model fitted on all the
 * others puts it. Unlike residuals it is not zero for an exact fit, so it says
 * how far off an unsurveyed house may be. Null when the model cannot be fitted
 * without some point.
 */
export function leaveOneOut(kind: ModelKind, points: readonly GridPoint[]): number[] | null {
  const out: number[] = []
  for (let i = 0; i < points.length; i++) {
    const rest = points.filter((_, k) => k !== i)
    const t = FITTERS[kind](rest)
    if (!t) return null
    const q = applyGrid(t, points[i]!)
    out.push(Math.hypot(q.x - points[i]!.x, q.y - points[i]!.y))
  }
  return out
}
