/**
 * The import's side of georeferencing: the request's control points (户号 or
 * cell, [lng, lat] in their datum) → the fit the points carry (parse/georef) →
 * the plan's FitReport. Errors are the caller's 400s, in their language.
 */
import { asGcj02, gcj02ToWgs84, type Wgs84LngLat } from '@cuntu/domain'
import type { FitReport, ImportOptions } from '../../contract/index.ts'
import { badRequest } from '../../plugins/errors.ts'
import { addressOf } from './parse/cells.ts'
import { GeorefError, georeference, type Cell, type Georeference } from './parse/georef/georeference.ts'

export interface ControlPointIn {
  huhao: string | null
  row: number
  col: number
  /** WGS84 (converted when the point was given in GCJ-02). */
  lngLat: Wgs84LngLat
  source: 'typed' | 'gps' | 'drag'
  accuracyMetres: number | null
}

export interface CellMapFit {
  georef: Georeference
  points: ControlPointIn[]
  /** WGS84 position of each control point's household, by 户号: it goes where the worker says, not where the fit puts it. */
  byHuhao: Map<string, Wgs84LngLat>
}

const round1 = (x: number) => Math.round(x * 10) / 10

/**
 * Fit the control points of the request, or null without any. `cells` are the
 * house cells by 户号; `houses` every house cell of the map (extent, suggestion).
 */
export function fitCellMap(options: ImportOptions, cells: ReadonlyMap<string, Cell>, houses: readonly Cell[]): CellMapFit | null {
  const given = options.controlPoints ?? []
  if (given.length === 0) return null
  const points: ControlPointIn[] = []
  for (const p of given) {
    const cell = p.cell ?? (p.huhao ? cells.get(p.huhao) : undefined)
    if (!cell) throw badRequest('control_point_not_on_map', { huhao: p.huhao ?? '?' })
    const crs = p.crs ?? options.controlPointsCrs ?? 'wgs84'
    const lngLat = crs === 'gcj02' ? gcj02ToWgs84(asGcj02(p.lngLat)) : p.lngLat
    points.push({ row: cell.row, col: cell.col, lngLat, huhao: p.huhao ?? null, source: p.source ?? 'typed', accuracyMetres: p.accuracyMetres ?? null })
  }
  let georef: Georeference
  try {
    georef = georeference(points, houses)
  } catch (e) {
    if (e instanceof GeorefError) throw badRequest(e.reason === 'too_few' ? 'control_points_too_few' : 'control_points_collinear', { given: e.given })
    throw e
  }
  const byHuhao = new Map<string, Wgs84LngLat>()
  for (const p of points) if (p.huhao) byHuhao.set(p.huhao, p.lngLat)
  return { georef, points, byHuhao }
}

const shape = (s: { metresPerCol: number; metresPerRow: number; rotationDeg: number; shearDeg: number }) => ({
  metresPerCol: round1(s.metresPerCol),
  metresPerRow: round1(s.metresPerRow),
  rotationDeg: round1(s.rotationDeg),
  shearDeg: round1(s.shearDeg),
})

export function fitReport(
  fit: CellMapFit,
  huhaoAt: (cell: Cell) => string | null,
  placed: FitReport['placed'],
  unplaced: FitReport['unplaced'],
): FitReport {
  const g = fit.georef
  const c = g.choice
  return {
    model: g.kind,
    choice: {
      code: c.code,
      ...('strain' in c ? { strain: Math.round(c.strain * 1000) / 1000 } : {}),
      ...('northUpRmsMetres' in c ? { northUpRmsMetres: round1(c.northUpRmsMetres) } : {}),
      ...('rotationDeg' in c ? { rotationDeg: round1(c.rotationDeg) } : {}),
    },
    candidates: g.candidates.map((k) => ({
      model: k.kind,
      rmsMetres: round1(k.rmsMetres),
      looRmsMetres: k.looRmsMetres === null ? null : round1(k.looRmsMetres),
      looMedianMetres: k.looMedianMetres === null ? null : round1(k.looMedianMetres),
      ...shape(k.shape),
    })),
    ...shape(g.shape),
    rmsMetres: round1(g.rmsMetres),
    looRmsMetres: g.looRmsMetres === null ? null : round1(g.looRmsMetres),
    points: fit.points.map((p, i) => ({
      huhao: p.huhao,
      row: p.row,
      col: p.col,
      address: addressOf(p.row, p.col),
      lngLat: p.lngLat,
      residualMetres: round1(g.points[i]!.residualMetres),
      looMetres: g.points[i]!.looMetres === null ? null : round1(g.points[i]!.looMetres!),
      source: p.source,
      accuracyMetres: p.accuracyMetres === null ? null : round1(p.accuracyMetres),
    })),
    spread: g.spread,
    suggest: g.suggest ? { ...g.suggest, address: addressOf(g.suggest.row, g.suggest.col), huhao: huhaoAt(g.suggest) } : null,
    placed,
    unplaced,
  }
}
