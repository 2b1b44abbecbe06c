/**
 * Placement: where an upload puts each 户号 — an accepted point from the
 * locations file, or its 社区地图 cell through the fit of the control points.
 * Positions are WGS84 [lng, lat] in degrees.
 */
import { asGcj02, gcj02ToWgs84, type Wgs84LngLat } from '@cuntu/domain'
import type { ImportOptions } from '../../contract/index.ts'
import type { ArchiveSheetsResult, LocationPoint } from './parse/index.ts'
import type { CellMapFit } from './placement-fit.ts'
import { addressOf } from './parse/cells.ts'
import { serviceIssue, type Issue } from './plan-issues.ts'

export type PositionSource = 'file' | 'control_point' | 'cell_map' | 'kept' | 'none' | 'flagged'

/** Where the upload places each 户号: the worker's control points, accepted file points, or the cell map through the fit. */
export interface Placement {
  points: Map<string, LocationPoint>
  accepted: (p: LocationPoint) => boolean
  fit: CellMapFit | null
  cells: Map<string, { row: number; col: number }>
}

export function acceptedPosition(p: LocationPoint): Wgs84LngLat {
  if (!p.warnings.includes('swapped')) return p.lngLat
  // Accepting a swapped pair accepts the swap back (and then the datum conversion the parser held back).
  const swapped: [number, number] = [p.original[1], p.original[0]]
  return p.crs === 'gcj02' ? gcj02ToWgs84(asGcj02(swapped)) : swapped
}

export function mapCells(a: ArchiveSheetsResult | null): Map<string, { row: number; col: number }> {
  const cells = new Map<string, { row: number; col: number }>()
  for (const h of a?.households ?? []) if (h.huhao && h.mapCell) cells.set(h.huhao, h.mapCell)
  // An unlinked (00) cell whose name points at exactly one household stands for it.
  for (const c of a?.cellMap?.cells ?? []) if (c.candidateHuhao && !cells.has(c.candidateHuhao)) cells.set(c.candidateHuhao, { row: c.row, col: c.col })
  return cells
}

export function isAccepted(options: ImportOptions) {
  const a = options.acceptFlaggedLocations
  const set = Array.isArray(a) ? new Set(a) : null
  return (p: LocationPoint) => p.warnings.length === 0 || a === true || (set?.has(p.huhao) ?? false)
}

/** The position a household gets from this upload, and where it comes from. */
export function place(huhao: string, placement: Placement, hasStored: boolean, issues: Issue[], rms: number): { location: Wgs84LngLat | undefined; source: PositionSource } {
  // The worker stood at this house (or dragged it to where it is): that is its place.
  const own = placement.fit?.byHuhao.get(huhao)
  if (own) return { location: own, source: 'control_point' }
  const p = placement.points.get(huhao)
  if (p && placement.accepted(p)) return { location: acceptedPosition(p), source: 'file' }
  const flagged = p !== undefined
  if (flagged) {
    const why = p.warnings.map((w) => (w === 'swapped' ? '经纬度可能填反' : '离其他点太远')).join('、')
    const whyEn = p.warnings.map((w) => (w === 'swapped' ? 'longitude and latitude look swapped' : 'far from the others')).join(', ')
    issues.push(serviceIssue('location_flagged_not_stored', { sheet: p.source.sheet, row: p.source.row, field: 'lon' }, { huhao, why, whyEn }))
  }
  const cell = placement.cells.get(huhao)
  if (placement.fit && cell && !hasStored) {
    issues.push(serviceIssue('position_from_cell_map', { sheet: '社区地图', row: cell.row, field: 'location' }, { huhao, cell: addressOf(cell.row, cell.col), rms: Math.round(rms) }))
    return { location: placement.fit.georef.place(cell), source: 'cell_map' }
  }
  if (flagged) return { location: undefined, source: 'flagged' }
  return { location: undefined, source: hasStored ? 'kept' : 'none' }
}

/** Build the plan against what the village holds now. Pure apart from its inputs. */
