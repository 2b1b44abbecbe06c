/**
 * House locations: a CSV/XLSX with 户号 + 经度/纬度 (or lon/lat), GeoJSON points
 * with a 户号 property, or KML placemarks named by 户号. The worker must say
 * whether the coordinates are WGS84 (GPS, 天地图) or GCJ-02 (WeChat, AMap,
 * Tencent); GCJ-02 is converted to WGS84 for storage. Suspicious points
 * (longitude and latitude swapped, far from the rest) are flagged, never silently fixed or
 * dropped: the worker decides.
 */
import { xmlText } from './xml-text.ts'
import { asGcj02, gcj02ToWgs84, type Gcj02LngLat, type Wgs84LngLat } from '@cuntu/domain'
import { cellText, isBlank, type SheetRows } from './cells.ts'
import { ImportFileError } from './errors.ts'
import { refuseDeepJson, refuseXmlDoctype } from './hostile.ts'
import { buildMapping, columnFor, detectHeader, type FieldSpec } from './header.ts'
import { makeIssue, type ImportIssue } from './issues.ts'
import { parseHuhao, parseNumber, textOrNull } from './normalise.ts'
import { DEFAULT_LIMITS, loadBytes, readWorkbook, type ReadLimits, type WorkbookInput } from './xlsx-reader.ts'

export type Crs = 'wgs84' | 'gcj02'

export type LocationWarning = 'swapped' | 'outlier'

export interface LocationPoint {
  huhao: string
  /** WGS84 (converted when the input was GCJ-02; a swapped pair is left as given until accepted). */
  lngLat: Wgs84LngLat
  /** As given in the file, in its CRS. */
  original: Wgs84LngLat | Gcj02LngLat
  crs: Crs
  note: string | null
  source: { sheet: string; row: number }
  warnings: LocationWarning[]
}

export interface LocationsResult {
  points: LocationPoint[]
  issues: ImportIssue[]
}

export interface LocationOptions {
  /** The datum of the file's coordinates. Required: GCJ-02 is off by hundreds of metres. */
  crs: Crs
  /** Points further than this from the median of the set are flagged. */
  outlierMetres?: number
}

export const LOCATION_FIELDS = [
  { field: 'huhao', labelZh: '户号', labelEn: 'Household number', synonyms: ['户号', '户编号', '户口号', 'huhao', '户籍号'], required: true },
  { field: 'lon', labelZh: '经度', labelEn: 'Longitude', synonyms: ['经度', 'lon', 'lng', 'long', 'longitude', 'x'], required: true },
  { field: 'lat', labelZh: '纬度', labelEn: 'Latitude', synonyms: ['纬度', 'lat', 'latitude', 'y'], required: true },
  { field: 'note', labelZh: '备注', labelEn: 'Notes', synonyms: ['备注', '说明', 'note', 'notes', 'remark'] },
] as const satisfies readonly FieldSpec[]

/** China's extent, degrees: longitude 73.5–135.1 E, latitude 3.8–53.6 N. */
const CHINA = { minLon: 73.5, maxLon: 135.1, minLat: 3.8, maxLat: 53.6 }

/** Latitude out of range, or the pair fits China only the other way round. */
export function looksSwapped(lng: number, lat: number): boolean {
  if (Math.abs(lat) > 90) return true
  const lngLooksLikeLat = lng >= CHINA.minLat && lng <= CHINA.maxLat
  const latLooksLikeLng = lat >= CHINA.minLon && lat <= CHINA.maxLon
  return lngLooksLikeLat && latLooksLikeLng
}

/** Great-circle distance, metres (haversine, mean Earth radius). */
export function distanceMetres(a: Wgs84LngLat, b: Wgs84LngLat): number {
  const R = 6_371_008.8
  const rad = Math.PI / 180
  const dLat = (b[1] - a[1]) * rad
  const dLng = (b[0] - a[0]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)))
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const DEFAULT_OUTLIER_METRES = 5000

/**
 * Flag swapped pairs and points far from the median of the others (the
 * median, not the mean, so one wild point does not drag the centre to itself).
 * Adds warnings to the points and returns the issues.
 */
export function checkLocations(points: LocationPoint[], outlierMetres = DEFAULT_OUTLIER_METRES): ImportIssue[] {
  const issues: ImportIssue[] = []
  for (const p of points) {
    if (looksSwapped(p.original[0], p.original[1]) && !p.warnings.includes('swapped')) {
      p.warnings.push('swapped')
      issues.push(makeIssue('location_swapped', { sheet: p.source.sheet, row: p.source.row, field: 'lon' }, { lon: p.original[0], lat: p.original[1], value: p.huhao }))
    }
  }
  const usable = points.filter((p) => !p.warnings.includes('swapped'))
  if (usable.length >= 3) {
    const centre: Wgs84LngLat = [median(usable.map((p) => p.lngLat[0])), median(usable.map((p) => p.lngLat[1]))]
    for (const p of usable) {
      const d = distanceMetres(centre, p.lngLat)
      if (d > outlierMetres) {
        p.warnings.push('outlier')
        issues.push(makeIssue('location_outlier', { sheet: p.source.sheet, row: p.source.row, field: 'lon' }, { km: Math.round(d / 100) / 10, value: p.huhao }))
      }
    }
  }
  return issues
}

/** Build a point from raw values, converting GCJ-02; null plus issues when unusable. */
function makePoint(
  raw: { huhao: unknown; lng: unknown; lat: unknown; note?: unknown },
  at: { sheet: string; row: number; huhaoColumn?: string | null; lngColumn?: string | null },
  crs: Crs,
  issues: ImportIssue[],
): LocationPoint | null {
  const h = parseHuhao(typeof raw.huhao === 'string' || typeof raw.huhao === 'number' ? raw.huhao : null)
  if (h === null || 'invalid' in h) {
    issues.push(makeIssue(h === null ? 'location_huhao_missing' : 'huhao_invalid', { sheet: at.sheet, row: at.row, column: at.huhaoColumn ?? null, field: 'huhao' }, h && 'invalid' in h ? { value: h.invalid } : {}))
    return null
  }
  if (h.fromNumber) issues.push(makeIssue(h.precisionLost ? 'huhao_precision_lost' : 'huhao_stored_as_number', { sheet: at.sheet, row: at.row, column: at.huhaoColumn ?? null, field: 'huhao' }, { value: h.value, digits: h.value.length }))
  const num = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? parseNumber(v) : null)
  const lng = num(raw.lng)
  const lat = num(raw.lat)
  if (lng === null || lat === null || Math.abs(lng) > 180 || Math.abs(lat) > 180) {
    issues.push(makeIssue('location_invalid', { sheet: at.sheet, row: at.row, column: at.lngColumn ?? null, field: 'lon' }, { value: `${String(raw.lng ?? '')}, ${String(raw.lat ?? '')}` }))
    return null
  }
  const given: [number, number] = [lng, lat]
  // Never convert a suspicious pair: the worker must look at it first.
  const lngLat: Wgs84LngLat = crs === 'gcj02' && !looksSwapped(lng, lat) ? gcj02ToWgs84(asGcj02(given)) : given
  return {
    huhao: h.value,
    lngLat,
    original: crs === 'gcj02' ? asGcj02(given) : given,
    crs,
    note: typeof raw.note === 'string' ? textOrNull(raw.note) : null,
    source: { sheet: at.sheet, row: at.row },
    warnings: [],
  }
}

/** Keep the first location of each 户号, warn about the rest. */
function dedupe(points: LocationPoint[], issues: ImportIssue[]): LocationPoint[] {
  const first = new Map<string, LocationPoint>()
  for (const p of points) {
    const seen = first.get(p.huhao)
    if (seen) issues.push(makeIssue('location_duplicate', { sheet: p.source.sheet, row: p.source.row, field: 'huhao' }, { huhao: p.huhao, otherRow: seen.source.row, value: p.huhao }))
    else first.set(p.huhao, p)
  }
  return [...first.values()]
}

function finish(points: LocationPoint[], issues: ImportIssue[], options: LocationOptions): LocationsResult {
  const unique = dedupe(points, issues)
  issues.push(...checkLocations(unique, options.outlierMetres))
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
  return { points: unique, issues }
}

/** Rows from a CSV or a sheet, with a header naming 户号 and 经度/纬度 (or lon/lat). */
export function parseLocationRows(sheet: string, rows: SheetRows, options: LocationOptions): LocationsResult {
  const detection = detectHeader(rows, LOCATION_FIELDS, { minScore: 3 })
  if (!detection) return { points: [], issues: [makeIssue('location_header_not_found', { sheet })] }
  const { mapping } = buildMapping(sheet, detection, LOCATION_FIELDS)
  const huhaoCol = columnFor(mapping, 'huhao')
  const lonCol = columnFor(mapping, 'lon')
  const latCol = columnFor(mapping, 'lat')
  const noteCol = columnFor(mapping, 'note')
  if (!huhaoCol || !lonCol || !latCol) return { points: [], issues: [makeIssue('location_header_not_found', { sheet })] }
  const issues: ImportIssue[] = []
  const points: LocationPoint[] = []
  for (let i = mapping.dataStartRow - 1; i < rows.length; i++) {
    const r = rows[i] ?? []
    if (r.every((v) => isBlank(v))) continue
    const p = makePoint(
      { huhao: r[huhaoCol.index] ?? null, lng: r[lonCol.index] ?? null, lat: r[latCol.index] ?? null, note: noteCol ? cellText(r[noteCol.index] ?? null) : null },
      { sheet, row: i + 1, huhaoColumn: huhaoCol.letter, lngColumn: lonCol.letter },
      options.crs,
      issues,
    )
    if (p) points.push(p)
  }
  return finish(points, issues, options)
}

const HUHAO_KEYS = ['huhao', '户号', 'hh', 'id', 'name']

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** GeoJSON Point features (a FeatureCollection, a Feature or an array of them) with a 户号 property. */
export function parseGeoJsonLocations(input: string | unknown, options: LocationOptions & { sheet?: string }): LocationsResult {
  const sheet = options.sheet ?? 'GeoJSON'
  let json: unknown = input
  if (typeof input === 'string') {
    refuseDeepJson(input)
    try {
      json = JSON.parse(input)
    } catch (e) {
      throw new ImportFileError('not_a_location_file', {}, { cause: e })
    }
  }
  const features: unknown[] = Array.isArray(json)
    ? json
    : isRecord(json) && json.type === 'FeatureCollection' && Array.isArray(json.features)
      ? json.features
      : isRecord(json) && json.type === 'Feature'
        ? [json]
        : []
  if (features.length === 0 && !(isRecord(json) && json.type === 'FeatureCollection')) throw new ImportFileError('not_a_location_file')
  const issues: ImportIssue[] = []
  const points: LocationPoint[] = []
  features.forEach((f, i) => {
    const row = i + 1
    const props = isRecord(f) && isRecord(f.properties) ? f.properties : {}
    const geometry = isRecord(f) && isRecord(f.geometry) ? f.geometry : null
    const coords = geometry && geometry.type === 'Point' && Array.isArray(geometry.coordinates) ? geometry.coordinates : null
    const key = HUHAO_KEYS.find((k) => props[k] !== undefined && props[k] !== null && props[k] !== '')
    if (!coords) {
      issues.push(makeIssue('location_invalid', { sheet, row, field: 'lon' }, { value: geometry ? String(geometry.type) : 'no geometry' }))
      return
    }
    const note = props['备注'] ?? props.note
    const p = makePoint({ huhao: key ? props[key] : null, lng: coords[0], lat: coords[1], note }, { sheet, row }, options.crs, issues)
    if (p) points.push(p)
  })
  return finish(points, issues, options)
}

/** KML placemarks whose <name> is the 户号 (or an ExtendedData field 户号/huhao) with a <Point>. */
export function parseKmlLocations(text: string, options: LocationOptions & { sheet?: string }): LocationsResult {
  const sheet = options.sheet ?? 'KML'
  if (!/<kml\b/i.test(text)) throw new ImportFileError('not_a_location_file')
  refuseXmlDoctype(text)
  const issues: ImportIssue[] = []
  const points: LocationPoint[] = []
  let row = 0
  for (const m of text.matchAll(/<Placemark\b[^>]*>([\s\S]*?)<\/Placemark>/gi)) {
    row++
    const body = m[1]!
    const data = /<Data\b[^>]*name\s*=\s*["'](?:户号|huhao)["'][^>]*>\s*<value>([\s\S]*?)<\/value>/i.exec(body)
    const name = /<name>([\s\S]*?)<\/name>/i.exec(body)
    const huhao = data ? xmlText(data[1]!) : name ? xmlText(name[1]!) : null
    const coords = /<Point\b[\s\S]*?<coordinates>([\s\S]*?)<\/coordinates>/i.exec(body)
    if (!coords) {
      issues.push(makeIssue('location_invalid', { sheet, row, field: 'lon' }, { value: 'no <Point>' }))
      continue
    }
    // KML order is lon,lat[,alt].
    const [lng, lat] = xmlText(coords[1]!).split(/[,\s]+/)
    const description = /<description>([\s\S]*?)<\/description>/i.exec(body)
    const p = makePoint({ huhao, lng, lat, note: description ? xmlText(description[1]!) : null }, { sheet, row }, options.crs, issues)
    if (p) points.push(p)
  }
  return finish(points, issues, options)
}

/** Read a location file of any supported kind, judged by name and content. */
export async function parseLocationFile(
  input: WorkbookInput,
  options: LocationOptions & { fileName?: string; limits?: Partial<ReadLimits> },
): Promise<LocationsResult> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const fileName = options.fileName ?? (typeof input === 'string' ? input : undefined)
  const lower = fileName?.toLowerCase() ?? ''
  const bytes = await loadBytes(input, limits.maxFileBytes)
  const sheet = fileName?.split(/[\\/]/).pop() ?? 'file'
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 512)).replace(/^\ufeff/, '').trimStart()
  if (lower.endsWith('.kml') || /<kml\b/i.test(head)) {
    return parseKmlLocations(new TextDecoder('utf-8').decode(bytes), { ...options, sheet })
  }
  if (lower.endsWith('.geojson') || lower.endsWith('.json') || head.startsWith('{') || head.startsWith('[')) {
    return parseGeoJsonLocations(new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, ''), { ...options, sheet })
  }
  const workbook = await readWorkbook(bytes, { ...(fileName ? { fileName } : {}), limits })
  for (const s of workbook.sheets) {
    const r = parseLocationRows(s.name, s.rows, options)
    if (!r.issues.some((i) => i.code === 'location_header_not_found')) return r
  }
  return { points: [], issues: [makeIssue('location_header_not_found', { sheet: workbook.sheets[0]?.name ?? sheet })] }
}
