/**
 * Where households without a surveyed position go, as the worker decides it in
 * the preview: which flagged points to store anyway, and control points that
 * tie the drawn 社区地图 to the ground (≥ 3 houses with known [lng, lat]; the
 * server fits the transform they can carry and reports leave-one-out errors).
 * A point can be typed, come from the phone's GPS at the house, or from a
 * placed house dragged to where it is on the map. Kept as text
 * drafts while typed; `placementOptions` turns them into the request's options
 * or says what is wrong, row by row.
 */
import { toHalfWidth, type Wgs84LngLat } from '@cuntu/domain'
import type { ImportOptions } from '@cuntu/server/contract'

export type Crs = 'wgs84' | 'gcj02'

/** One row of the control-point table: the text of its three boxes as typed. */
export interface ControlPointDraft {
  huhao: string
  /** Longitude as typed. */
  lng: string
  /** Latitude as typed. */
  lat: string
  /** Typed (default), the phone's GPS standing at the house, or a house dragged on the map: both WGS84. */
  source?: 'typed' | 'gps' | 'drag'
  /** The accuracy the device reported, metres (GPS only). */
  accuracyMetres?: number
}

export interface Placement {
  /** 户号 of flagged points the worker has checked and accepts. */
  acceptFlagged: string[]
  controlPoints: ControlPointDraft[]
  crs: Crs
}

export const emptyPlacement: Placement = { acceptFlagged: [], controlPoints: [], crs: 'wgs84' }

/** The fewest control points the server fits (three leave two equations to check a north-up fit). */
export const MIN_CONTROL_POINTS = 3

export type PlacementProblem =
  | { kind: 'row'; index: number; field: 'huhao' | 'lng' | 'lat' }
  | { kind: 'tooFew'; given: number }
  | { kind: 'duplicate'; huhao: string }

type PlacementOptions = Pick<ImportOptions, 'acceptFlaggedLocations' | 'controlPoints' | 'controlPointsCrs'>

const blank = (d: ControlPointDraft) => !d.huhao.trim() && !d.lng.trim() && !d.lat.trim()

/** A coordinate as typed: full-width digits and a trailing ° allowed; null when not a number in range. */
export function parseDegrees(text: string, limit: 90 | 180): number | null {
  const s = toHalfWidth(text).trim().replace(/°$/, '')
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null
  const v = Number(s)
  return Math.abs(v) <= limit ? v : null
}

export function placementOptions(p: Placement): { options: PlacementOptions; problems: PlacementProblem[] } {
  const problems: PlacementProblem[] = []
  const options: PlacementOptions = {}
  if (p.acceptFlagged.length > 0) options.acceptFlaggedLocations = [...p.acceptFlagged]
  const points: NonNullable<ImportOptions['controlPoints']> = []
  const seen = new Set<string>()
  p.controlPoints.forEach((d, index) => {
    if (blank(d)) return
    const huhao = d.huhao.trim()
    const lng = parseDegrees(d.lng, 180)
    const lat = parseDegrees(d.lat, 90)
    if (!huhao) problems.push({ kind: 'row', index, field: 'huhao' })
    if (lng === null) problems.push({ kind: 'row', index, field: 'lng' })
    if (lat === null) problems.push({ kind: 'row', index, field: 'lat' })
    if (!huhao || lng === null || lat === null) return
    if (seen.has(huhao)) problems.push({ kind: 'duplicate', huhao })
    seen.add(huhao)
    const own = d.source === 'gps' || d.source === 'drag'
    points.push({
      huhao,
      lngLat: [lng, lat],
      // GPS and the map are WGS84 whatever the typed points' datum.
      ...(own ? { source: d.source, crs: 'wgs84' as const } : {}),
      ...(d.source === 'gps' && d.accuracyMetres !== undefined ? { accuracyMetres: d.accuracyMetres } : {}),
    })
  })
  if (points.length > 0 && points.length < MIN_CONTROL_POINTS) problems.push({ kind: 'tooFew', given: points.length })
  if (points.length >= MIN_CONTROL_POINTS) {
    options.controlPoints = points
    options.controlPointsCrs = p.crs
  }
  return { options, problems }
}

/**
 * Control points from a JSON file in the shape the CLI takes
 * (`[{ huhao, lon, lat, cell? }]`, as ../shared/samples/sample-map-controlpoints.json; the file's own key names):
 * drafts, or null when the text is not such a list.
 */
export function controlPointsFromJson(text: string): ControlPointDraft[] | null {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return null
  }
  if (!Array.isArray(data) || data.length === 0) return null
  const out: ControlPointDraft[] = []
  for (const x of data) {
    if (typeof x !== 'object' || x === null) return null
    const r = x as Record<string, unknown>
    if (typeof r.huhao !== 'string' || typeof r.lon !== 'number' || typeof r.lat !== 'number') return null
    out.push({ huhao: r.huhao, lng: String(r.lon), lat: String(r.lat) })
  }
  return out
}

/**
 * The placement with one more point for `huhao` (GPS at the house, or the house
 * dragged): it replaces that household's earlier point, else fills the first
 * empty row, else is added. Coordinates WGS84 degrees, six decimals (~0.1 m).
 */
export interface ControlPointAdded {
  huhao: string
  lngLat: Wgs84LngLat
  source: 'gps' | 'drag'
  accuracyMetres?: number
}

export function withControlPoint(p: Placement, point: ControlPointAdded): Placement {
  const draft: ControlPointDraft = {
    huhao: point.huhao,
    lng: point.lngLat[0].toFixed(6),
    lat: point.lngLat[1].toFixed(6),
    source: point.source,
    ...(point.accuracyMetres !== undefined ? { accuracyMetres: Math.round(point.accuracyMetres * 10) / 10 } : {}),
  }
  const rows = [...p.controlPoints]
  const same = rows.findIndex((d) => d.huhao.trim() === point.huhao)
  const empty = rows.findIndex(blank)
  if (same >= 0) rows[same] = draft
  else if (empty >= 0) rows[empty] = draft
  else rows.push(draft)
  return { ...p, controlPoints: rows }
}
