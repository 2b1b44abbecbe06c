/**
 * Reading a map's features back from GeoJSON (RFC 7946) or KML 2.2: the
 * inverse of exchange.ts, and what GIS clients (ogr2ogr, Google Earth, 奥维)
 * write. Pure: text in, rows out. Each row is one feature to create, or one
 * part of a multi-geometry (split, each part its own feature), with what the
 * file said of it; problems a row has before any database check are kept on
 * the row, so the report can name them. Problems with the whole file (not
 * GeoJSON or KML, a CRS other than WGS84, too many features, a DTD or a
 * nesting bomb) throw: nothing of such a file is read.
 *
 * The hostile-input guards are the imports' own (refuseXmlDoctype,
 * refuseDeepJson), run before the text is parsed. Like the location reader,
 * KML is read without an XML parser, so no entity is ever expanded.
 */
import { xmlText } from '../imports/parse/xml-text.ts'
import type { DrawnGeometry } from '../../contract/index.ts'
import type { MessageCode } from '../../i18n/messages.ts'
import { AppError } from '../../plugins/errors.ts'
import { refuseDeepJson, refuseXmlDoctype } from '../imports/parse/hostile.ts'
import { ImportFileError } from '../imports/parse/errors.ts'
import { fileError as importFileError } from '../imports/preview.ts'

/** Features (multi-geometry parts counted one by one) one import may create. */
export const MAX_IMPORT_FEATURES = 2_000
/** Bytes of one uploaded GeoJSON/KML file. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

export interface RowProblem {
  code: MessageCode
  params: Record<string, string | number>
}

export interface ImportRow {
  /** 1-based position of the feature (GeoJSON) or Placemark (KML) in the file. */
  row: number
  /** 1-based part of a split multi-geometry; null for a single geometry. */
  part: number | null
  name: string
  description: string
  /** What the file gave as the kind: a code or a label (kind, kind_label, 类型), as written. */
  kind: string | null
  kindLabel: string | null
  contactName: string | null
  contactPhone: string | null
  /** WGS84 [lng, lat] degrees, 2D. Null when `problem` says why there is none. */
  geometry: DrawnGeometry | null
  problem: RowProblem | null
}

export type ExchangeFormat = 'geojson' | 'kml'

const fileError = (code: MessageCode, params: Record<string, string | number> = {}) => new AppError(code, 400, params)

/** CRS names that mean WGS84 longitude/latitude (old GeoJSON `crs` members; RFC 7946 has none). */
const WGS84_NAMES = /^(urn:ogc:def:crs:ogc:1\.3:crs84|urn:ogc:def:crs:ogc::crs84|urn:ogc:def:crs:epsg::4326|epsg:4326|crs84|wgs84)$/i

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null
  const t = s?.trim() ?? ''
  return t === '' ? null : t
}

/** The first non-empty of `keys` in `props`. */
const pick = (props: Record<string, unknown>, keys: readonly string[]) => {
  for (const k of keys) {
    const v = text(props[k])
    if (v !== null) return v
  }
  return null
}

const NAME_KEYS = ['name', 'Name', 'NAME', '名称']
const DESCRIPTION_KEYS = ['description', 'Description', '描述', '说明']
const KIND_KEYS = ['kind', 'Kind', '类型']
const KIND_LABEL_KEYS = ['kind_label', '类型名称']
const CONTACT_NAME_KEYS = ['contact_name', '联系人']
const CONTACT_PHONE_KEYS = ['contact_phone', '电话', '联系电话']

type Pos = [number, number]

/** A position as [lng, lat], altitude dropped; null when not two finite numbers. */
function position(v: unknown): Pos | null {
  if (!Array.isArray(v) || v.length < 2) return null
  const [lng, lat] = v as unknown[]
  return typeof lng === 'number' && typeof lat === 'number' && Number.isFinite(lng) && Number.isFinite(lat) ? [lng, lat] : null
}

function positions(v: unknown): Pos[] | null {
  if (!Array.isArray(v)) return null
  const out: Pos[] = []
  for (const p of v) {
    const q = position(p)
    if (!q) return null
    out.push(q)
  }
  return out
}

function rings(v: unknown): Pos[][] | null {
  if (!Array.isArray(v) || v.length === 0) return null
  const out: Pos[][] = []
  for (const r of v) {
    const q = positions(r)
    if (!q) return null
    out.push(q)
  }
  return out
}

/** One GeoJSON geometry as the single geometries a feature can have: a multi-geometry split into its parts. */
export function splitGeoJsonGeometry(g: unknown): DrawnGeometry[] | RowProblem {
  if (!isRecord(g)) return { code: 'map_import_no_geometry', params: {} }
  const bad: RowProblem = { code: 'geometry_not_finite', params: {} }
  const c = g.coordinates
  switch (g.type) {
    case 'Point': {
      const p = position(c)
      return p ? [{ type: 'Point', coordinates: p }] : bad
    }
    case 'LineString': {
      const p = positions(c)
      return p ? [{ type: 'LineString', coordinates: p }] : bad
    }
    case 'Polygon': {
      const p = rings(c)
      return p ? [{ type: 'Polygon', coordinates: p }] : bad
    }
    case 'MultiPoint': {
      const p = positions(c)
      return p && p.length ? p.map((coordinates) => ({ type: 'Point', coordinates })) : bad
    }
    case 'MultiLineString': {
      if (!Array.isArray(c) || c.length === 0) return bad
      const parts = c.map(positions)
      return parts.every((p) => p) ? parts.map((coordinates) => ({ type: 'LineString', coordinates: coordinates! })) : bad
    }
    case 'MultiPolygon': {
      if (!Array.isArray(c) || c.length === 0) return bad
      const parts = c.map(rings)
      return parts.every((p) => p) ? parts.map((coordinates) => ({ type: 'Polygon', coordinates: coordinates! })) : bad
    }
    default:
      return { code: 'geometry_type_unsupported', params: { type: String(g.type ?? '?') } }
  }
}

/** Rows of a feature: one per part; a problem row when there is no usable geometry. */
function rowsOf(row: number, props: Record<string, unknown>, parts: DrawnGeometry[] | RowProblem): ImportRow[] {
  const base = {
    row,
    name: pick(props, NAME_KEYS) ?? '',
    description: pick(props, DESCRIPTION_KEYS) ?? '',
    kind: pick(props, KIND_KEYS),
    kindLabel: pick(props, KIND_LABEL_KEYS),
    contactName: pick(props, CONTACT_NAME_KEYS),
    contactPhone: pick(props, CONTACT_PHONE_KEYS),
  }
  if (!Array.isArray(parts)) return [{ ...base, part: null, geometry: null, problem: parts }]
  return parts.map((geometry, i) => ({ ...base, part: parts.length > 1 ? i + 1 : null, geometry, problem: null }))
}

function checkCount(rows: readonly unknown[]): void {
  if (rows.length > MAX_IMPORT_FEATURES) throw new AppError('map_import_too_many', 413, { count: rows.length, max: MAX_IMPORT_FEATURES })
}

/** A GeoJSON FeatureCollection or Feature (WGS84). */
export function readGeoJson(input: string): ImportRow[] {
  refuseDeepJson(input)
  let json: unknown
  try {
    json = JSON.parse(input)
  } catch {
    throw fileError('map_import_not_exchange')
  }
  if (!isRecord(json)) throw fileError('map_import_not_exchange')
  if (json.crs !== undefined && json.crs !== null) {
    const name = isRecord(json.crs) && isRecord(json.crs.properties) ? text(json.crs.properties.name) : null
    if (!name || !WGS84_NAMES.test(name)) throw fileError('map_import_crs', { crs: name ?? JSON.stringify(json.crs).slice(0, 80) })
  }
  const features = json.type === 'FeatureCollection' && Array.isArray(json.features) ? json.features : json.type === 'Feature' ? [json] : null
  if (!features) throw fileError('map_import_not_exchange')
  checkCount(features)
  const rows = features.flatMap((f, i) => {
    const props = isRecord(f) && isRecord(f.properties) ? f.properties : {}
    return rowsOf(i + 1, props, isRecord(f) && f.type === 'Feature' ? splitGeoJsonGeometry(f.geometry) : { code: 'map_import_no_geometry', params: {} })
  })
  checkCount(rows)
  return rows
}

/** KML coordinates: `lng,lat[,alt]` tuples separated by whitespace. */
function kmlPositions(s: string): Pos[] | null {
  const out: Pos[] = []
  for (const t of xmlText(s).split(/\s+/).filter(Boolean)) {
    const [lng, lat] = t.split(',').map(Number)
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null
    out.push([lng!, lat!])
  }
  return out.length ? out : null
}

const coordinatesIn = (s: string) => [...s.matchAll(/<coordinates>([\s\S]*?)<\/coordinates>/gi)].map((m) => kmlPositions(m[1]!))

/** The single geometries of a Placemark body: Point, LineString, Polygon, each part of a MultiGeometry. */
export function kmlGeometries(body: string): DrawnGeometry[] | RowProblem {
  const bad: RowProblem = { code: 'geometry_not_finite', params: {} }
  const out: DrawnGeometry[] = []
  const re = /<(Point|LineString|Polygon|Track|gx:Track|Model)\b[^>]*>([\s\S]*?)<\/\1>/gi
  for (const m of body.matchAll(re)) {
    const type = m[1]!
    const inner = m[2]!
    if (/^Point$/i.test(type)) {
      const [p] = coordinatesIn(inner)
      if (!p || p.length !== 1) return bad
      out.push({ type: 'Point', coordinates: p[0]! })
    } else if (/^LineString$/i.test(type)) {
      const [p] = coordinatesIn(inner)
      if (!p) return bad
      out.push({ type: 'LineString', coordinates: p })
    } else if (/^Polygon$/i.test(type)) {
      const outer = /<outerBoundaryIs>([\s\S]*?)<\/outerBoundaryIs>/i.exec(inner)
      const ringOuter = outer ? coordinatesIn(outer[1]!)[0] : null
      const holes = [...inner.matchAll(/<innerBoundaryIs>([\s\S]*?)<\/innerBoundaryIs>/gi)].flatMap((h) => coordinatesIn(h[1]!))
      if (!ringOuter || holes.some((h) => !h)) return bad
      out.push({ type: 'Polygon', coordinates: [ringOuter, ...(holes as Pos[][])] })
    } else {
      return { code: 'geometry_type_unsupported', params: { type } }
    }
  }
  return out.length ? out : { code: 'map_import_no_geometry', params: {} }
}

/** ExtendedData of a Placemark: `<Data name><value>` (our export, Google Earth) and `<SimpleData name>` (ogr2ogr, schemas). */
export function kmlData(body: string): Record<string, string> {
  const data: Record<string, string> = {}
  for (const m of body.matchAll(/<Data\b[^>]*name\s*=\s*["']([^"']+)["'][^>]*>\s*<value>([\s\S]*?)<\/value>/gi)) data[m[1]!] = xmlText(m[2]!)
  for (const m of body.matchAll(/<SimpleData\b[^>]*name\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/SimpleData>/gi)) data[m[1]!] = xmlText(m[2]!)
  return data
}

/** KML 2.2 Placemarks (nested in Documents and Folders or not). */
export function readKml(input: string): ImportRow[] {
  if (!/<kml\b/i.test(input)) throw fileError('map_import_not_exchange')
  refuseXmlDoctype(input)
  const marks = [...input.matchAll(/<Placemark\b[^>]*>([\s\S]*?)<\/Placemark>/gi)].map((m) => m[1]!)
  checkCount(marks)
  const rows = marks.flatMap((body, i) => {
    const data = kmlData(body)
    const ext = /<ExtendedData\b[\s\S]*?<\/ExtendedData>/i
    const own = body.replace(ext, '')
    const tag = (t: string) => {
      const m = new RegExp(`<${t}>([\\s\\S]*?)</${t}>`, 'i').exec(own)
      return m ? xmlText(m[1]!) : null
    }
    // ExtendedData first: our export writes the kind's label as <name> of an unnamed feature, and `name` beside it.
    const props: Record<string, unknown> = { name: tag('name'), description: tag('description'), ...data }
    return rowsOf(i + 1, props, kmlGeometries(own))
  })
  checkCount(rows)
  return rows
}

/** Which reader a file needs, by its name and first characters; null when it is neither. */
export function formatOf(fileName: string, input: string): ExchangeFormat | null {
  const head = input.slice(0, 1024).replace(/^\ufeff/, '').trimStart()
  if (/\.kml$/i.test(fileName) || head.startsWith('<')) return /<kml\b/i.test(input.slice(0, 4096)) ? 'kml' : null
  if (/\.(geo)?json$/i.test(fileName) || head.startsWith('{')) return head.startsWith('{') ? 'geojson' : null
  return null
}

/** Read an uploaded exchange file (UTF-8). */
export function readExchange(bytes: Uint8Array, fileName: string): { format: ExchangeFormat; rows: ImportRow[] } {
  if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('import_upload_too_large', 413, { limit: `${MAX_IMPORT_BYTES / 1024 / 1024} MiB` })
  const input = new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '')
  const format = formatOf(fileName, input)
  if (!format) throw fileError('map_import_not_exchange')
  try {
    return { format, rows: format === 'kml' ? readKml(input) : readGeoJson(input) }
  } catch (e) {
    // The hostile-input guards speak the imports' language (ImportFileError); the worker reads the same words here.
    if (e instanceof ImportFileError) throw importFileError(e)
    throw e
  }
}
