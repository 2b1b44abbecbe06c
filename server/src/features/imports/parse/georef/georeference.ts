/**
 * Tie a hand-drawn 社区地图 to the ground with the transform its control
 * points can carry, and say honestly how good that is.
 *
 * - Three points: the north-up fit (4 parameters, so two equations check it),
 *   unless a turn of the grid explains its residuals (the rotated fit), or they
 *   are far beyond what pushed cells do (SHEAR_STRAIN) and only the affine
 *   follows the drawing. An exact affine through three points is free
 *   everywhere away from them and amplifies every pushed cell, so it is the
 *   last resort there, and the report says nothing checks it.
 * - Four points and more: each model's leave-one-out error decides; a model
 *   with more parameters wins only when it beats the simpler one by MARGIN.
 * - Always: leave-one-out error per point (an exact fit's 0 m residuals say
 *   nothing), a warning when the points are on one line or bunched in part of
 *   the map, and the house where a further point would help most.
 *
 * Input positions are WGS84 [lng, lat] degrees; fitting is in metres in a tangent
 * plane around the control points (plane.ts). Cells are 1-based (col, row).
 */
import { FITTERS, MODEL_PARAMETERS, applyGrid, leaveOneOut, residuals, rms, shapeOf, type GridPoint, type GridShape, type GridTransform, type ModelKind } from './models.ts'
import type { Wgs84LngLat } from '@cuntu/domain'
import { planeAround, type Plane } from './plane.ts'

export interface GeorefPoint {
  col: number
  row: number
  lngLat: Wgs84LngLat
}

export interface Cell {
  col: number
  row: number
}

/** Why the points cannot be fitted at all. */
export class GeorefError extends RangeError {
  constructor(
    readonly reason: 'too_few' | 'collinear',
    readonly given: number,
  ) {
    super(reason === 'too_few' ? `at least 3 control points are needed, got ${given}` : 'control points are all in one row or one column of the map')
  }
}

/** The fewest control points taken: fewer leaves nothing to check the fit with. */
export const MIN_POINTS = 3
/** A more complex model must beat the simpler one's leave-one-out error by this fraction. */
export const MARGIN = 0.2
/** Three points: a turn must halve the north-up residual... */
export const ROTATION_EXPLAINS = 0.5
/** ...and be at least this many degrees to be taken for a turned drawing. */
export const ROTATION_MIN_DEG = 5
/**
 * Three points: north-up residuals (RMS) above this fraction of the points'
 * own spread (RMS distance from their centre) are more than pushed cells do
 * (a hamlet pushed along its row moves houses by a few cells, not by a fifth
 * of the village): the drawing is sheared.
 */
export const SHEAR_STRAIN = 0.2

export interface Candidate {
  kind: ModelKind
  /** RMS residual of the fit through all points, metres. */
  rmsMetres: number
  /** RMS leave-one-out error, metres; null when the model cannot be fitted without a point. */
  looRmsMetres: number | null
  /** Median leave-one-out error, metres: what the choice compares (see below). */
  looMedianMetres: number | null
  shape: GridShape
}

export type Choice =
  /** Three points, residuals within what pushed cells explain (strain: residual / spread of the points). */
  | { code: 'three_points_north_up'; strain: number }
  /** Three points, the residuals are a turned grid. */
  | { code: 'three_points_rotated'; northUpRmsMetres: number; rotationDeg: number }
  /**
   * Three points, residuals beyond pushed cells that no turn explains: a sheared
   * drawing. Only the affine follows it, exactly through the three, so nothing
   * checks it: the report asks for a fourth point.
   */
  | { code: 'three_points_sheared'; northUpRmsMetres: number; strain: number }
  /** Four or more: the lowest leave-one-out error (simpler first, MARGIN). */
  | { code: 'leave_one_out' }
  /** Only the north-up fit can be made (the points are on one diagonal line). */
  | { code: 'only_north_up' }

export type SpreadWarning = 'collinear' | 'clustered'

export interface Georeference {
  kind: ModelKind
  choice: Choice
  candidates: Candidate[]
  transform: GridTransform
  shape: GridShape
  /** Per control point, in input order: residual and leave-one-out error, metres. */
  points: { residualMetres: number; looMetres: number | null }[]
  rmsMetres: number
  looRmsMetres: number | null
  spread: SpreadWarning[]
  /** The house cell whose placement rests most on extrapolation: a control point there helps most. */
  suggest: Cell | null
  place(cell: Cell): Wgs84LngLat
}

const cellKey = (c: Cell) => `${c.row},${c.col}`

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/**
 * Fit, choose and report. `houses` are every house cell on the map: they set
 * the map's extent for the spread check and are the candidates for `suggest`.
 */
export function georeference(given: readonly GeorefPoint[], houses: readonly Cell[]): Georeference {
  if (given.length < MIN_POINTS) throw new GeorefError('too_few', given.length)
  const plane: Plane = planeAround(given.map((p) => p.lngLat))
  const points: GridPoint[] = given.map((p) => ({ col: p.col, row: p.row, ...plane.toPlane(p.lngLat) }))
  const candidates: (Candidate & { transform: GridTransform; loo: number[] | null })[] = []
  for (const kind of ['north_up', 'rotated', 'affine'] as const) {
    const t = FITTERS[kind](points)
    if (!t) continue
    const loo = points.length > MIN_POINTS || kind === 'north_up' ? leaveOneOut(kind, points) : null
    candidates.push({ kind, transform: t, loo, rmsMetres: rms(residuals(t, points)), looRmsMetres: loo ? rms(loo) : null, looMedianMetres: loo ? median(loo) : null, shape: shapeOf(t) })
  }
  const nu = candidates.find((c) => c.kind === 'north_up')
  if (!nu) throw new GeorefError('collinear', given.length)

  let chosen = nu
  let choice: Choice
  if (candidates.length === 1) {
    choice = { code: 'only_north_up' }
  } else if (points.length === MIN_POINTS) {
    // Two spare equations: the residuals can show a turned or a sheared grid, no more.
    const spread = Math.sqrt(points.reduce((s, p) => s + p.x * p.x + p.y * p.y, 0) / points.length)
    const strain = nu.rmsMetres / Math.max(1e-9, spread)
    const rot = candidates.find((c) => c.kind === 'rotated')
    if (rot && rot.rmsMetres <= ROTATION_EXPLAINS * nu.rmsMetres && Math.abs(turnOf(rot.shape)) >= ROTATION_MIN_DEG) {
      chosen = rot
      choice = { code: 'three_points_rotated', northUpRmsMetres: nu.rmsMetres, rotationDeg: turnOf(rot.shape) }
    } else if (strain <= SHEAR_STRAIN) {
      choice = { code: 'three_points_north_up', strain }
    } else {
      chosen = candidates.find((c) => c.kind === 'affine') ?? nu
      choice = { code: 'three_points_sheared', northUpRmsMetres: nu.rmsMetres, strain }
    }
  } else {
    // The median, not the RMS: leaving out one point can leave the others nearly
    // on a line, and that one wild prediction says more about the points' layout
    // than about the model.
    for (const c of candidates) {
      if (c === chosen || c.looMedianMetres === null || chosen.looMedianMetres === null) continue
      if (c.looMedianMetres < (1 - MARGIN) * chosen.looMedianMetres) chosen = c
    }
    choice = { code: 'leave_one_out' }
  }

  const res = residuals(chosen.transform, points)
  const loo = chosen.loo
  return {
    kind: chosen.kind,
    choice,
    candidates: candidates.map(({ transform: _t, loo: _l, ...c }) => c),
    transform: chosen.transform,
    shape: chosen.shape,
    points: points.map((_, i) => ({ residualMetres: res[i]!, looMetres: loo ? loo[i]! : null })),
    rmsMetres: rms(res),
    looRmsMetres: loo ? rms(loo) : null,
    spread: spreadWarnings(given, houses),
    suggest: suggestCell(chosen.kind, given, houses),
    place: (cell) => plane.toLngLat(applyGrid(chosen.transform, cell)),
  }
}

/** The rotated model's turn in (-90°, 90°]: the column axis' angle folded, so a mirrored scale is not a 180° turn. */
function turnOf(s: GridShape): number {
  let r = s.rotationDeg
  while (r > 90) r -= 180
  while (r <= -90) r += 180
  return r
}

/** Extent of the map: every house cell, and the control points in case a point's cell is not a house. */
function extent(cells: readonly Cell[]) {
  let c0 = Infinity, c1 = -Infinity, r0 = Infinity, r1 = -Infinity
  for (const c of cells) {
    c0 = Math.min(c0, c.col); c1 = Math.max(c1, c.col)
    r0 = Math.min(r0, c.row); r1 = Math.max(r1, c.row)
  }
  return { c0, r0, w: Math.max(1, c1 - c0), h: Math.max(1, r1 - r0) }
}

/** Below this spread across their main line (a fraction of the map) the points are "on a line". */
export const LINE_FRACTION = 0.1
/** Points covering less than this fraction of the map's width or height are "bunched". */
export const COVER_FRACTION = 0.5

/**
 * Badly spread points, measured on the map's own extent (columns and rows
 * scaled to 0..1): on one line when the smaller principal spread is under
 * LINE_FRACTION; bunched when their box covers under COVER_FRACTION of the
 * map's width or height (all in one corner or along one side).
 */
export function spreadWarnings(points: readonly Cell[], houses: readonly Cell[]): SpreadWarning[] {
  const e = extent([...houses, ...points])
  const u = points.map((p) => (p.col - e.c0) / e.w)
  const v = points.map((p) => (p.row - e.r0) / e.h)
  const n = points.length
  const mu = u.reduce((s, x) => s + x, 0) / n
  const mv = v.reduce((s, x) => s + x, 0) / n
  let suu = 0, suv = 0, svv = 0
  for (let i = 0; i < n; i++) {
    suu += (u[i]! - mu) ** 2; suv += (u[i]! - mu) * (v[i]! - mv); svv += (v[i]! - mv) ** 2
  }
  suu /= n; suv /= n; svv /= n
  // Smaller eigenvalue of the 2×2 covariance: the spread across the points' main line.
  const minor = (suu + svv) / 2 - Math.sqrt(((suu - svv) / 2) ** 2 + suv * suv)
  const out: SpreadWarning[] = []
  if (Math.sqrt(Math.max(0, minor)) < LINE_FRACTION) out.push('collinear')
  const coverU = Math.max(...u) - Math.min(...u)
  const coverV = Math.max(...v) - Math.min(...v)
  if (coverU < COVER_FRACTION || coverV < COVER_FRACTION) out.push('clustered')
  return out
}

/**
 * The house cell with the highest leverage under the model: the one whose
 * place depends most on extrapolating from the points. For north-up each axis
 * on its own (1/n + (c − c̄)²/Σ(c − c̄)² per axis); otherwise the full affine
 * design [1, col, row] (rotated: its linear part is the affine one's).
 */
export function suggestCell(kind: ModelKind, points: readonly Cell[], houses: readonly Cell[]): Cell | null {
  const used = new Set(points.map(cellKey))
  const free = houses.filter((h) => !used.has(cellKey(h)))
  if (free.length === 0) return null
  const n = points.length
  const mc = points.reduce((s, p) => s + p.col, 0) / n
  const mr = points.reduce((s, p) => s + p.row, 0) / n
  let scc = 0, scr = 0, srr = 0
  for (const p of points) {
    scc += (p.col - mc) ** 2; scr += (p.col - mc) * (p.row - mr); srr += (p.row - mr) ** 2
  }
  const det = scc * srr - scr * scr
  const full = kind !== 'north_up' && Math.abs(det) > 1e-9 * Math.max(1, scc * srr)
  const leverage = (h: Cell) => {
    const c = h.col - mc
    const r = h.row - mr
    if (full) return 1 / n + (c * c * srr - 2 * c * r * scr + r * r * scc) / det
    return 2 / n + (scc > 0 ? (c * c) / scc : 0) + (srr > 0 ? (r * r) / srr : 0)
  }
  let best = free[0]!
  let bestH = leverage(best)
  for (const h of free) {
    const l = leverage(h)
    if (l > bestH) {
      best = h
      bestH = l
    }
  }
  return { col: best.col, row: best.row }
}

export { MODEL_PARAMETERS }
