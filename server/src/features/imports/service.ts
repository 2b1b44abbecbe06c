/**
 * The import service: from the parsing layer's result to a plan (create /
 * update / unchanged / skip per household, every problem with sheet, row and
 * column), and from a plan to the database in one transaction; undo as a whole.
 * The HTTP routes and the command-line importer both run this code, inside a
 * scoped transaction (row-level security applies).
 */
import { createHash, randomUUID } from 'node:crypto'
import { gcj02ToWgs84 } from '@cuntu/db/domain'
import type { ImportCounts, ImportOptions, ImportPlanBody, ImportPreview } from '../../contract/index.ts'
import { AppError, badRequest, conflict, notFound } from '../../plugins/errors.ts'
import {
  ARCHIVE_FIELDS,
  ImportFileError,
  AffineFitError,
  applyAffine,
  fitAffine,
  parseArchiveSheets,
  parseLocationFile,
  parseLocationRows,
  readWorkbook,
  type AffineFit,
  type ArchiveSheetsResult,
  type ControlPoint,
  type Crs,
  type ImportIssue,
  type LocationPoint,
  type LocationsResult,
  type MappingOverrides,
  type ParsedHousehold,
  type SheetData,
  type WorkbookData,
} from './parse/index.ts'
import type { ArchiveField } from './parse/header.ts'
import { addressOf } from './parse/cells.ts'
import type {
  ChangeRow,
  HouseholdSnapshot,
  HouseholdUpdateRow,
  ImportRepository,
  MemberCategoryRow,
  NewHouseholdCategoryRow,
  NewHouseholdRow,
  NewMemberCategoryRow,
  NewMemberRow,
  StoredHousehold,
} from './repository.ts'
import { storedArchiveFields } from './repository.ts'
import { NAME_HIDDEN, stripNeutraliser } from './export.ts'
import type { ArchiveHouseholdFields, ArchiveMemberFields } from '@cuntu/db/domain'

// ── files in ────────────────────────────────────────────────────────────────

export interface UploadedFile {
  bytes: Uint8Array
  fileName: string
}

export interface ImportFiles {
  archive: UploadedFile | null
  locations: (UploadedFile & { crs: Crs }) | null
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** An issue the service adds (same shape as the parser's, its own codes). */
type Issue = Omit<ImportIssue, 'code'> & { code: string }

const SERVICE_ISSUES = {
  location_huhao_unknown: {
    severity: 'warning',
    zh: '位置文件中的户号 {huhao} 在档案和本村已有住户中都找不到，未使用',
    en: 'Household number {huhao} in the locations file is neither in the archive nor in the village; not used',
  },
  location_flagged_not_stored: {
    severity: 'warning',
    zh: '户号 {huhao} 的位置被标记为可疑（{why}），未保存；确认无误后可选择“接受”',
    en: 'The location of household {huhao} is flagged ({whyEn}) and was not stored; accept it if it is right',
  },
  names_hidden: {
    severity: 'error',
    zh: '户号 {huhao} 的姓名均为“{hidden}”（来自隐去姓名的导出文件），已跳过，以免覆盖真实姓名',
    en: 'Household {huhao} has only "{hidden}" as names (an export without names); skipped so real names are not overwritten',
  },
  position_from_cell_map: {
    severity: 'warning',
    zh: '户号 {huhao} 没有 GPS 位置，按社区地图格子 {cell} 推算（误差约 {rms} 米），请核对',
    en: 'Household {huhao} has no GPS position; placed from map cell {cell} (about {rms} m uncertain), please check',
  },
} as const

function serviceIssue(code: keyof typeof SERVICE_ISSUES, at: { sheet: string; row?: number | null; column?: string | null; field?: string | null }, params: Record<string, string | number>): Issue {
  const e = SERVICE_ISSUES[code]
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (w, k: string) => (k in params ? String(params[k]) : w))
  return {
    sheet: at.sheet, row: at.row ?? null, column: at.column ?? null, field: at.field ?? null,
    code, severity: e.severity, messageZh: fill(e.zh), messageEn: fill(e.en),
    ...(params.huhao !== undefined ? { value: String(params.huhao) } : {}),
  }
}

/** Map ImportFileError (the file cannot be read) to an HTTP error in the caller's language. */
export function fileError(e: ImportFileError): AppError {
  const status: Record<string, number> = {
    file_too_large: 413, too_many_rows: 413, zip_bomb: 422, file_corrupt: 422, not_xlsx: 415, legacy_xls: 415,
    empty_file: 400, encoding_unknown: 422, not_a_location_file: 415,
  }
  return new AppError(`import_${e.code}` as never, status[e.code] ?? 422, { zh: e.messageZh, en: e.messageEn })
}

// Workbooks already read, by content hash: a changed mapping re-runs only the pure pipeline.
const readCache = new Map<string, WorkbookData>()
const READ_CACHE_SIZE = 2

async function readCached(file: UploadedFile): Promise<WorkbookData> {
  const key = `${sha256(file.bytes)}:${file.fileName}`
  const hit = readCache.get(key)
  if (hit) return hit
  const data = await readWorkbook(file.bytes, { fileName: file.fileName })
  readCache.set(key, data)
  while (readCache.size > READ_CACHE_SIZE) readCache.delete(readCache.keys().next().value!)
  return data
}

export interface ParsedImport {
  kind: 'archive' | 'locations'
  fileName: string
  fileSha256: string
  format: string | null
  encoding: string | null
  archive: ArchiveSheetsResult | null
  locations: (LocationsResult & { fileName: string; crs: Crs }) | null
}

/** A sheet our own export writes beside the archive: 户号 + 经度/纬度, its datum in the name. */
function positionSheet(sheets: readonly SheetData[]): { sheet: SheetData; crs: Crs } | null {
  const s = sheets.find((x) => /^位置/.test(x.name))
  if (!s) return null
  return { sheet: s, crs: /gcj/i.test(s.name) ? 'gcj02' : 'wgs84' }
}

/** Undo the export's formula neutraliser ('=… → =…) so an exported file re-imports to identical values. */
function stripNeutralisers(households: ParsedHousehold[]): void {
  const fix = <T extends object>(o: T, keys: (keyof T)[]) => {
    for (const k of keys) if (typeof o[k] === 'string') (o[k] as unknown) = stripNeutraliser(o[k] as string)
  }
  for (const h of households) {
    fix(h, ['doorNumber', 'housing', 'living', 'notes'])
    for (const m of h.members) fix(m, ['name', 'relation', 'ethnicity', 'health', 'schooling', 'work', 'disabilityText'])
  }
}

/**
 * Read and parse the upload. Throws AppError (4xx, both languages) when a file
 * cannot be read at all; every problem inside a readable file is an issue.
 */
export async function parseImport(files: ImportFiles, options: { mapping?: MappingOverrides<ArchiveField> } = {}): Promise<ParsedImport> {
  try {
    let archive: ArchiveSheetsResult | null = null
    let locations: ParsedImport['locations'] = null
    let format: string | null = null
    let encoding: string | null = null
    if (files.archive) {
      const wb = await readCached(files.archive)
      format = wb.format
      encoding = wb.encoding ?? null
      archive = parseArchiveSheets(wb.sheets, { fileName: files.archive.fileName, ...(options.mapping ? { mapping: options.mapping } : {}) })
      stripNeutralisers(archive.households)
      const own = files.locations ? null : positionSheet(wb.sheets)
      if (own) locations = { ...parseLocationRows(own.sheet.name, own.sheet.rows, { crs: own.crs }), fileName: files.archive.fileName, crs: own.crs }
    }
    if (files.locations) {
      const r = await parseLocationFile(files.locations.bytes, { crs: files.locations.crs, fileName: files.locations.fileName })
      locations = { ...r, fileName: files.locations.fileName, crs: files.locations.crs }
    }
    const main = files.archive ?? files.locations!
    return {
      kind: files.archive ? 'archive' : 'locations',
      fileName: main.fileName,
      fileSha256: sha256(main.bytes),
      format,
      encoding,
      archive,
      locations,
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw fileError(e)
    throw e
  }
}

// ── preview ─────────────────────────────────────────────────────────────────

const PREVIEW_HOUSEHOLDS = 20
const ISSUES_LISTED = 2000

export function previewOf(parsed: ParsedImport, meta: { uploadId: string; villageCode: string; expiresAt: string }): ImportPreview {
  const a = parsed.archive
  const issues = allIssues(parsed)
  return {
    uploadId: meta.uploadId,
    villageCode: meta.villageCode,
    fileName: parsed.fileName,
    fileSha256: parsed.fileSha256,
    kind: parsed.kind,
    format: parsed.format,
    encoding: parsed.encoding,
    sheets: a?.sheets ?? [],
    header: a?.header ? { headerRows: a.header.headerRows, dataStartRow: a.header.dataStartRow } : null,
    mapping: a?.mapping
      ? { ...a.mapping, columns: a.mapping.columns.map(({ index: _index, ...c }) => c) }
      : null,
    fields: ARCHIVE_FIELDS.map((f) => ({ field: f.field, labelZh: f.labelZh, labelEn: f.labelEn, perYear: 'perYear' in f && f.perYear === true })),
    households: (a?.households ?? []).slice(0, PREVIEW_HOUSEHOLDS).map((h) => ({
      huhao: h.huhao,
      group: h.group,
      doorNumber: h.doorNumber,
      status: h.status,
      categories: h.categories.map((c) => (c.year === undefined ? { code: c.code } : { code: c.code, year: c.year })),
      members: h.members.map((m) => ({
        name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birthDate, age: m.age, ethnicity: m.ethnicity, health: m.health,
        disabilityText: m.disabilityText, categories: m.categories.map((c) => ({ ...c })), row: m.source.row,
      })),
      row: h.source.row,
      lastRow: h.source.lastRow,
      mapCell: h.mapCell,
    })),
    issues: issues.slice(0, ISSUES_LISTED),
    issuesTotal: issues.length,
    stats: a?.stats ?? { rowsRead: 0, rowsSkipped: 0, households: 0, members: 0, categories: {}, errors: 0, warnings: 0, mapCells: 0 },
    locations: parsed.locations
      ? {
          fileName: parsed.locations.fileName,
          crs: parsed.locations.crs,
          points: parsed.locations.points.length,
          flagged: parsed.locations.points
            .filter((p) => p.warnings.length > 0)
            .map((p) => ({ huhao: p.huhao, warnings: [...p.warnings], lon: p.original.lon, lat: p.original.lat, row: p.source.row })),
        }
      : null,
    cellMap: a?.cellMap ? { cells: a.cellMap.cells.length, legend: a.cellMap.legend.map((l) => ({ fill: l.fill, category: l.category, label: l.label })) } : null,
    expiresAt: meta.expiresAt,
  }
}

function allIssues(parsed: ParsedImport): Issue[] {
  return [...(parsed.archive?.issues ?? []), ...(parsed.locations?.issues ?? [])]
}

// ── the plan ────────────────────────────────────────────────────────────────

interface DesiredCategory {
  code: string
  year: number | null
}

interface DesiredMemberCategory extends DesiredCategory {
  disabilityType: string | null
  disabilityGrade: number | null
}

interface DesiredMember extends ArchiveMemberFields {
  categories: DesiredMemberCategory[]
}

interface DesiredHousehold extends ArchiveHouseholdFields {
  /** undefined: leave the stored position. */
  location: { lon: number; lat: number } | null | undefined
  /** The house's 社区地图 cell; undefined: leave the stored one (no cell map in this upload, or no cell for the house). */
  mapCell: { row: number; col: number } | undefined
  /** null: a position-only update (a locations file on its own). */
  members: DesiredMember[] | null
  categories: DesiredCategory[]
}

type PositionSource = 'file' | 'cell_map' | 'kept' | 'none' | 'flagged'

interface PlanEntry {
  huhao: string | null
  action: 'create' | 'update' | 'unchanged' | 'skip'
  reasons: string[]
  changes: string[]
  row: number | null
  members: number
  group: number | null
  position: PositionSource
  desired?: DesiredHousehold
  stored?: StoredHousehold
}

export interface ImportPlan {
  kind: 'archive' | 'locations'
  entries: PlanEntry[]
  groupsToCreate: number[]
  /** Codes the file speaks about: imported assignments of these are replaced, others kept. */
  householdCodes: string[]
  memberCodes: string[]
  counts: ImportCounts
  issues: Issue[]
  affine: ImportPlanBody['affine']
}

const HOUSEHOLD_FIELD_KEYS = ['group', 'doorNumber', 'housing', 'living', 'notes'] as const
const MEMBER_FIELD_KEYS = ['relation', 'sex', 'birthDate', 'ethnicity', 'marriedOut', 'health', 'schooling', 'work', 'disabilityText'] as const
const MEMBER_FIELD_COLUMN: Record<(typeof MEMBER_FIELD_KEYS)[number], ArchiveField> = {
  relation: 'relation', sex: 'sex', birthDate: 'birthDate', ethnicity: 'ethnicity', marriedOut: 'marriedOut', health: 'health',
  schooling: 'schooling', work: 'work', disabilityText: 'disability',
}
const SNAPSHOT_HOUSEHOLD: Record<(typeof HOUSEHOLD_FIELD_KEYS)[number] | 'status', string> = {
  group: 'group_number', doorNumber: 'door_number', housing: 'housing', living: 'living', notes: 'notes', status: 'status',
}
const SNAPSHOT_MEMBER: Record<(typeof MEMBER_FIELD_KEYS)[number] | 'name', string> = {
  name: 'name', relation: 'relation', sex: 'sex', birthDate: 'birth_date', ethnicity: 'ethnicity', marriedOut: 'married_out',
  health: 'health', schooling: 'schooling', work: 'work', disabilityText: 'disability_text',
}

/** Which category codes the upload can say yes or no about (a file without a 低保 column says nothing about 低保). */
function expressibleCodes(a: ArchiveSheetsResult): { household: string[]; member: string[] } {
  const mapped = new Set(a.mapping?.columns.map((c) => c.field).filter((f): f is ArchiveField => f !== null) ?? [])
  const ca = a.civilAffairs !== null && a.civilAffairs.mapping !== null
  const household: string[] = []
  if (mapped.has('dibao') || ca) household.push('dibao')
  if (mapped.has('dibaoEdge') || ca) household.push('dibao_edge')
  if (mapped.has('wubao') || ca) household.push('wubao')
  if (mapped.has('povertyRelief') || ca) household.push('poverty_relief')
  if (mapped.has('monitored') || ca) household.push('monitored')
  if (ca) household.push('civil_affairs')
  const member = mapped.has('disability') || mapped.has('health') ? ['disability_12', 'disability_34'] : []
  return { household, member }
}

const catKey = (c: { code: string; year: number | null }) => `${c.code}|${c.year ?? ''}`
const memberCatKey = (c: { code: string; year: number | null; disabilityType: string | null; disabilityGrade: number | null }) =>
  `${catKey(c)}|${c.disabilityType ?? ''}|${c.disabilityGrade ?? ''}`

function sameSet(a: Iterable<string>, b: Iterable<string>): boolean {
  const x = [...new Set(a)].sort()
  const y = [...new Set(b)].sort()
  return x.length === y.length && x.every((v, i) => v === y[i])
}

function storedMembers(s: HouseholdSnapshot) {
  return [...s.members].sort((a, b) => a.position - b.position)
}

/** Changes that move a house (on the ground or on the cell map) without touching its members or categories. */
const PLACE_CHANGES: ReadonlySet<string> = new Set(['location', 'mapCell'])
const changesContent = (e: PlanEntry) => e.changes.some((c) => !PLACE_CHANGES.has(c))

/** What changes between the stored household and the desired one (empty: unchanged). */
function diff(stored: StoredHousehold, d: DesiredHousehold, codes: { household: string[]; member: string[] }): string[] {
  const changes: string[] = []
  const h = stored.snapshot.household
  for (const k of [...HOUSEHOLD_FIELD_KEYS, 'status'] as const) {
    if ((h[SNAPSHOT_HOUSEHOLD[k]] ?? null) !== (d[k] ?? null)) changes.push(k)
  }
  if (d.location !== undefined) {
    const same = d.location === null
      ? stored.lon === null
      : stored.lon !== null && stored.lat !== null && Math.abs(stored.lon - d.location.lon) < 1e-9 && Math.abs(stored.lat - d.location.lat) < 1e-9
    if (!same) changes.push('location')
  }
  if (d.mapCell !== undefined && (h.map_row !== d.mapCell.row || h.map_col !== d.mapCell.col)) changes.push('mapCell')
  const manual = new Set(stored.snapshot.householdCategories.filter((c) => c.source === 'manual').map((c) => catKey({ code: c.category_code, year: c.year })))
  const replaceable = stored.snapshot.householdCategories
    .filter((c) => c.source !== 'manual' && codes.household.includes(c.category_code))
    .map((c) => catKey({ code: c.category_code, year: c.year }))
  if (d.members !== null && !sameSet(d.categories.map(catKey).filter((k) => !manual.has(k)), replaceable)) changes.push('categories')
  if (d.members !== null) {
    const sm = storedMembers(stored.snapshot)
    let membersChanged = sm.length !== d.members.length
    let categoriesChanged = false
    if (!membersChanged) {
      d.members.forEach((m, i) => {
        const s = sm[i]!
        for (const k of ['name', ...MEMBER_FIELD_KEYS] as const) {
          if ((s[SNAPSHOT_MEMBER[k] as keyof typeof s] ?? null) !== (m[k] ?? null)) membersChanged = true
        }
        const cats = stored.snapshot.memberCategories.filter((c) => c.member_id === s.id)
        const manualM = new Set(cats.filter((c) => c.source === 'manual').map((c) => catKey({ code: c.category_code, year: c.year })))
        const replaceableM = cats
          .filter((c) => c.source !== 'manual' && codes.member.includes(c.category_code))
          .map((c) => memberCatKey({ code: c.category_code, year: c.year, disabilityType: c.disability_type, disabilityGrade: c.disability_grade }))
        if (!sameSet(m.categories.filter((c) => !manualM.has(catKey(c))).map(memberCatKey), replaceableM)) categoriesChanged = true
      })
    }
    if (membersChanged) changes.push('members')
    if (categoriesChanged) changes.push('memberCategories')
  }
  return changes
}

function desiredFromParsed(h: ParsedHousehold & { huhao: string }, mapped: Set<ArchiveField>, stored: StoredHousehold | undefined): DesiredHousehold {
  const sh = stored?.snapshot.household
  const keep = <T>(field: ArchiveField, value: T, snapshotKey: string): T =>
    mapped.has(field) || !sh ? value : ((sh[snapshotKey] ?? null) as T)
  const sm = stored ? storedMembers(stored.snapshot) : []
  return {
    huhao: h.huhao,
    group: keep('group', h.group, 'group_number'),
    doorNumber: keep('doorNumber', h.doorNumber, 'door_number'),
    housing: keep('housing', h.housing, 'housing'),
    living: keep('living', h.living, 'living'),
    notes: keep('notes', h.notes, 'notes'),
    status: h.status,
    location: undefined,
    mapCell: undefined,
    members: h.members.map((m, i) => {
      // A column the file lacks keeps the stored value of the member at the same place.
      const s = sm[i]
      const keepM = <T>(k: (typeof MEMBER_FIELD_KEYS)[number], value: T): T =>
        mapped.has(MEMBER_FIELD_COLUMN[k]) || !s ? value : ((s[SNAPSHOT_MEMBER[k] as keyof typeof s] ?? null) as T)
      return {
        name: m.name,
        relation: keepM('relation', m.relation),
        sex: keepM('sex', m.sex),
        birthDate: keepM('birthDate', m.birthDate),
        ethnicity: keepM('ethnicity', m.ethnicity),
        marriedOut: keepM('marriedOut', m.marriedOut ?? false),
        health: keepM('health', m.health),
        schooling: keepM('schooling', m.schooling),
        work: keepM('work', m.work),
        disabilityText: keepM('disabilityText', m.disabilityText),
        categories: m.categories.map((c) => ({ code: c.code, year: null, disabilityType: c.disabilityType ?? null, disabilityGrade: c.disabilityGrade ?? null })),
      }
    }),
    categories: h.categories.map((c) => ({ code: c.code, year: c.year ?? null })),
  }
}

function desiredFromStored(s: StoredHousehold): DesiredHousehold {
  return {
    ...storedArchiveFields(s),
    location: undefined,
    mapCell: undefined,
    members: null,
    categories: [],
  }
}

/** Where the upload places each 户号: accepted file points, or the cell map through the affine fit. */
interface Placement {
  points: Map<string, LocationPoint>
  accepted: (p: LocationPoint) => boolean
  fit: AffineFit | null
  cells: Map<string, { row: number; col: number }>
}

function acceptedPosition(p: LocationPoint): { lon: number; lat: number } {
  if (!p.warnings.includes('swapped')) return { lon: p.lon, lat: p.lat }
  // Accepting a swapped pair accepts the swap back (and then the datum conversion the parser held back).
  const swapped = { lon: p.original.lat, lat: p.original.lon }
  return p.crs === 'gcj02' ? gcj02ToWgs84(swapped) : swapped
}

function mapCells(a: ArchiveSheetsResult | null): Map<string, { row: number; col: number }> {
  const cells = new Map<string, { row: number; col: number }>()
  for (const h of a?.households ?? []) if (h.huhao && h.mapCell) cells.set(h.huhao, h.mapCell)
  // An unlinked (00) cell whose name points at exactly one household stands for it.
  for (const c of a?.cellMap?.cells ?? []) if (c.candidateHuhao && !cells.has(c.candidateHuhao)) cells.set(c.candidateHuhao, { row: c.row, col: c.col })
  return cells
}

function fitControlPoints(options: ImportOptions, cells: Map<string, { row: number; col: number }>): { fit: AffineFit; report: NonNullable<ImportPlanBody['affine']> } | null {
  const given = options.controlPoints ?? []
  if (given.length === 0) return null
  const points: (ControlPoint & { huhao: string | null })[] = []
  for (const p of given) {
    const cell = p.cell ?? (p.huhao ? cells.get(p.huhao) : undefined)
    if (!cell) throw badRequest('control_point_not_on_map', { huhao: p.huhao ?? '?' })
    const ll = options.controlPointsCrs === 'gcj02' ? gcj02ToWgs84({ lon: p.lon, lat: p.lat }) : { lon: p.lon, lat: p.lat }
    points.push({ row: cell.row, col: cell.col, lon: ll.lon, lat: ll.lat, huhao: p.huhao ?? null })
  }
  let fit: AffineFit
  try {
    fit = fitAffine(points)
  } catch (e) {
    if (e instanceof AffineFitError) throw badRequest(e.reason === 'too_few' ? 'control_points_too_few' : 'control_points_collinear', { given: e.given })
    throw e
  }
  return {
    fit,
    report: {
      rmsMetres: Math.round(fit.rmsMetres * 10) / 10,
      residuals: fit.residuals.map((r) => {
        const p = points[r.index]!
        return { huhao: p.huhao, row: p.row, col: p.col, address: addressOf(p.row, p.col), metres: Math.round(r.metres * 10) / 10 }
      }),
    },
  }
}

function isAccepted(options: ImportOptions) {
  const a = options.acceptFlaggedLocations
  const set = Array.isArray(a) ? new Set(a) : null
  return (p: LocationPoint) => p.warnings.length === 0 || a === true || (set?.has(p.huhao) ?? false)
}

/** The position a household gets from this upload, and where it comes from. */
function place(huhao: string, placement: Placement, hasStored: boolean, issues: Issue[], rms: number): { location: DesiredHousehold['location']; source: PositionSource } {
  const p = placement.points.get(huhao)
  if (p && placement.accepted(p)) return { location: acceptedPosition(p), source: 'file' }
  const flagged = p !== undefined
  if (flagged) {
    const why = p.warnings.map((w) => (w === 'swapped' ? '经纬度可能填反' : '离其他点太远')).join('、')
    const whyEn = p.warnings.map((w) => (w === 'swapped' ? 'lon/lat look swapped' : 'far from the others')).join(', ')
    issues.push(serviceIssue('location_flagged_not_stored', { sheet: p.source.sheet, row: p.source.row, field: 'lon' }, { huhao, why, whyEn }))
  }
  const cell = placement.cells.get(huhao)
  if (placement.fit && cell && !hasStored) {
    issues.push(serviceIssue('position_from_cell_map', { sheet: '社区地图', row: cell.row, field: 'location' }, { huhao, cell: addressOf(cell.row, cell.col), rms: Math.round(rms) }))
    return { location: applyAffine(placement.fit.transform, cell), source: 'cell_map' }
  }
  if (flagged) return { location: undefined, source: 'flagged' }
  return { location: undefined, source: hasStored ? 'kept' : 'none' }
}

/** Build the plan against what the village holds now. Pure apart from its inputs. */
export function planImport(
  parsed: ParsedImport,
  stored: readonly StoredHousehold[],
  existingGroups: readonly number[],
  options: ImportOptions,
): ImportPlan {
  const issues: Issue[] = [...allIssues(parsed)]
  const byHuhao = new Map(stored.map((s) => [s.huhao, s]))
  const a = parsed.archive
  const cells = mapCells(a)
  const affine = fitControlPoints(options, cells)
  const placement: Placement = {
    points: new Map((parsed.locations?.points ?? []).map((p) => [p.huhao, p])),
    accepted: isAccepted(options),
    fit: affine?.fit ?? null,
    cells,
  }
  const rms = affine?.fit.rmsMetres ?? 0
  const codes = a ? expressibleCodes(a) : { household: [], member: [] }
  const mapped = new Set(a?.mapping?.columns.map((c) => c.field).filter((f): f is ArchiveField => f !== null) ?? [])
  const entries: PlanEntry[] = []
  const errorRows = new Map<number, string[]>()
  for (const i of a?.issues ?? []) {
    if (i.severity === 'error' && i.row !== null && (i.code === 'huhao_precision_lost' || i.code === 'huhao_invalid')) {
      errorRows.set(i.row, [...(errorRows.get(i.row) ?? []), i.code])
    }
  }

  const seen = new Set<string>()
  for (const h of a?.households ?? []) {
    const base = { row: h.source.row, members: h.members.length, group: h.group, changes: [] as string[], position: 'none' as PositionSource }
    const skip = (reasons: string[]) => entries.push({ ...base, huhao: h.huhao, action: 'skip', reasons })
    const rowErrors = [...new Set(h.members.flatMap((m) => errorRows.get(m.source.row) ?? []))]
    if (h.huhao === null) {
      skip(rowErrors.length > 0 ? rowErrors : ['huhao_missing'])
      continue
    }
    if (rowErrors.length > 0) {
      skip(rowErrors)
      continue
    }
    if (seen.has(h.huhao)) {
      // The first household with the number is imported; later ones wait for the worker to fix the file.
      skip(['huhao_duplicate'])
      continue
    }
    seen.add(h.huhao)
    if (h.members.length === 0) {
      skip(['no_members'])
      continue
    }
    if (h.members.every((m) => m.name === NAME_HIDDEN)) {
      issues.push(serviceIssue('names_hidden', { sheet: h.source.sheet, row: h.source.row, field: 'name' }, { huhao: h.huhao, hidden: NAME_HIDDEN }))
      skip(['names_hidden'])
      continue
    }
    const s = byHuhao.get(h.huhao)
    const desired = desiredFromParsed(h as ParsedHousehold & { huhao: string }, mapped, s)
    const { location, source } = place(h.huhao, placement, s ? s.lon !== null : false, issues, rms)
    desired.location = s ? location : location ?? null
    desired.mapCell = cells.get(h.huhao)
    const entry: PlanEntry = { ...base, huhao: h.huhao, group: desired.group, action: 'create', reasons: [], position: source, desired }
    if (s) {
      entry.stored = s
      entry.changes = diff(s, desired, codes)
      entry.action = entry.changes.length === 0 ? 'unchanged' : 'update'
    }
    entries.push(entry)
  }

  // Points for households that are not in the archive: a locations file on its own updates stored households.
  const inFile = new Set((a?.households ?? []).map((h) => h.huhao).filter((x): x is string => x !== null))
  for (const p of parsed.locations?.points ?? []) {
    if (inFile.has(p.huhao)) continue
    const s = byHuhao.get(p.huhao)
    if (!s || parsed.kind === 'archive') {
      if (!s) issues.push(serviceIssue('location_huhao_unknown', { sheet: p.source.sheet, row: p.source.row, field: 'huhao' }, { huhao: p.huhao }))
      if (!s && parsed.kind === 'locations') entries.push({ huhao: p.huhao, action: 'skip', reasons: ['location_huhao_unknown'], changes: [], row: p.source.row, members: 0, group: null, position: 'none' })
      continue
    }
    const desired = desiredFromStored(s)
    const { location, source } = place(p.huhao, placement, s.lon !== null, issues, rms)
    desired.location = location
    const changes = diff(s, desired, codes)
    entries.push({
      huhao: p.huhao, action: changes.length === 0 ? 'unchanged' : 'update', reasons: [], changes, row: p.source.row,
      members: s.snapshot.members.length, group: desired.group, position: source, desired, stored: s,
    })
  }

  const have = new Set(existingGroups)
  const groupsToCreate = [...new Set(entries.filter((e) => e.action === 'create' || e.action === 'update').map((e) => e.desired?.group).filter((g): g is number => g !== null && g !== undefined && !have.has(g)))].sort((x, y) => x - y)

  const writing = entries.filter((e) => e.action === 'create' || (e.action === 'update' && changesContent(e)))
  const counts: ImportCounts = {
    create: entries.filter((e) => e.action === 'create').length,
    update: entries.filter((e) => e.action === 'update').length,
    unchanged: entries.filter((e) => e.action === 'unchanged').length,
    skip: entries.filter((e) => e.action === 'skip').length,
    members: writing.reduce((n, e) => n + (e.desired?.members?.length ?? 0), 0),
    householdCategories: writing.reduce((n, e) => n + (e.desired?.categories.length ?? 0), 0),
    memberCategories: writing.reduce((n, e) => n + (e.desired?.members ?? []).reduce((k, m) => k + m.categories.length, 0), 0),
    positions: {
      fromFile: entries.filter((e) => e.position === 'file' && (e.action === 'create' || e.changes.includes('location'))).length,
      fromCellMap: entries.filter((e) => e.position === 'cell_map' && (e.action === 'create' || e.changes.includes('location'))).length,
      flagged: entries.filter((e) => e.position === 'flagged').length,
      accepted: (parsed.locations?.points ?? []).filter((p) => p.warnings.length > 0 && placement.accepted(p)).length,
    },
    groupsCreated: groupsToCreate,
  }
  const sheetOrder = new Map((a?.sheets ?? []).map((s, i) => [s.name, i]))
  issues.sort((x, y) => (sheetOrder.get(x.sheet) ?? 99) - (sheetOrder.get(y.sheet) ?? 99) || (x.row ?? 0) - (y.row ?? 0))
  return { kind: parsed.kind, entries, groupsToCreate, householdCodes: codes.household, memberCodes: codes.member, counts, issues, affine: affine?.report ?? null }
}

export function planBody(plan: ImportPlan): ImportPlanBody {
  return {
    counts: plan.counts,
    households: plan.entries.map((e) => ({
      huhao: e.huhao, action: e.action, reasons: e.reasons, changes: e.changes, row: e.row, members: e.members, group: e.group, position: e.position,
    })),
    issues: plan.issues.slice(0, ISSUES_LISTED),
    issuesTotal: plan.issues.length,
    affine: plan.affine,
  }
}

// ── commit ──────────────────────────────────────────────────────────────────

export interface Progress {
  phase: 'idle' | 'parse' | 'plan' | 'write' | 'done' | 'failed'
  done: number
  total: number
}

export type ProgressListener = (p: Progress) => void

/** Match stored members to the file's (name and birth date, then name) so their ids, notes and hand-made assignments survive. */
function matchMembers(stored: HouseholdSnapshot['members'], desired: readonly DesiredMember[]): (HouseholdSnapshot['members'][number] | null)[] {
  const free = [...stored]
  const take = (pred: (s: (typeof free)[number]) => boolean) => {
    const i = free.findIndex(pred)
    return i < 0 ? null : free.splice(i, 1)[0]!
  }
  const out: (HouseholdSnapshot['members'][number] | null)[] = desired.map(() => null)
  desired.forEach((m, i) => (out[i] = take((s) => s.name === m.name && s.birth_date === m.birthDate)))
  desired.forEach((m, i) => (out[i] ??= take((s) => s.name === m.name)))
  return out
}

const groupName = (n: number) => `第${n}组`

export interface CommitMeta {
  villageCode: string
  userId: string | null
  username: string | null
}

/**
 * Apply the plan: every write in the caller's transaction (so a failure rolls
 * everything back), assignments with source `import:<batchId>`.
 */
export async function commitPlan(repo: ImportRepository, parsed: ParsedImport, plan: ImportPlan, meta: CommitMeta, onProgress?: ProgressListener): Promise<string> {
  const creates = plan.entries.filter((e) => e.action === 'create')
  const updates = plan.entries.filter((e) => e.action === 'update')
  const content = updates.filter(changesContent)

  const households: NewHouseholdRow[] = []
  const updateRows: HouseholdUpdateRow[] = []
  const members: NewMemberRow[] = []
  const householdCats: NewHouseholdCategoryRow[] = []
  const memberCats: NewMemberCategoryRow[] = []
  const preserved: MemberCategoryRow[] = []
  const changes: ChangeRow[] = []

  const addMembers = (householdId: string, d: DesiredHousehold, stored: StoredHousehold | undefined) => {
    const matched = stored ? matchMembers(stored.snapshot.members, d.members!) : d.members!.map(() => null)
    d.members!.forEach((m, position) => {
      const s = matched[position]
      const id = s?.id ?? randomUUID()
      members.push({
        id, householdId, position, name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birthDate, ethnicity: m.ethnicity,
        marriedOut: m.marriedOut, health: m.health, schooling: m.schooling, work: m.work, disabilityText: m.disabilityText,
        notes: s?.notes ?? null, version: s ? s.version + 1 : 1, createdAt: s?.created_at ?? null,
      })
      for (const c of m.categories) memberCats.push({ memberId: id, code: c.code, year: c.year, disabilityType: c.disabilityType, disabilityGrade: c.disabilityGrade })
      if (s) {
        for (const c of stored!.snapshot.memberCategories) {
          if (c.member_id === s.id && (c.source === 'manual' || !plan.memberCodes.includes(c.category_code))) preserved.push(c)
        }
      }
    })
    for (const c of d.categories) householdCats.push({ householdId, code: c.code, year: c.year })
  }

  for (const e of creates) {
    const d = e.desired!
    const id = randomUUID()
    households.push({
      id, group: d.group, huhao: d.huhao, doorNumber: d.doorNumber, housing: d.housing, living: d.living, notes: d.notes, status: d.status,
      lon: d.location?.lon ?? null, lat: d.location?.lat ?? null, mapRow: d.mapCell?.row ?? null, mapCol: d.mapCell?.col ?? null,
    })
    addMembers(id, d, undefined)
    changes.push({ householdId: id, change: 'created', before: null, afterVersion: 1 })
  }
  for (const e of updates) {
    const d = e.desired!
    const s = e.stored!
    updateRows.push({
      id: s.id, group: d.group, doorNumber: d.doorNumber, housing: d.housing, living: d.living, notes: d.notes, status: d.status,
      lon: d.location?.lon ?? null, lat: d.location?.lat ?? null, keepLocation: d.location === undefined,
      mapRow: d.mapCell?.row ?? null, mapCol: d.mapCell?.col ?? null, keepMapCell: d.mapCell === undefined,
    })
    changes.push({ householdId: s.id, change: 'updated', before: s.snapshot, afterVersion: s.snapshot.household.version + 1 })
  }
  for (const e of content) addMembers(e.stored!.id, e.desired!, e.stored)

  const total = households.length + updateRows.length + members.length + householdCats.length + memberCats.length + changes.length
  let done = 0
  const progress = (_table: string, rows: number) => {
    done += rows
    onProgress?.({ phase: 'write', done, total })
  }
  onProgress?.({ phase: 'write', done: 0, total })

  await repo.createGroups(meta.villageCode, plan.groupsToCreate.map((n) => ({ number: n, name: groupName(n) })))
  const batchId = await repo.insertBatch({
    villageCode: meta.villageCode, userId: meta.userId, username: meta.username, fileName: parsed.fileName, fileSha256: parsed.fileSha256, kind: parsed.kind,
  })
  await repo.updateHouseholds(updateRows, progress)
  const contentIds = content.map((e) => e.stored!.id)
  await repo.deleteMembersOf(contentIds)
  await repo.deleteHouseholdCategories(contentIds, plan.householdCodes)
  await repo.insertHouseholds(meta.villageCode, households, progress)
  await repo.insertMembers(members, progress)
  await repo.restoreMemberCategories(preserved)
  const source = `import:${batchId}`
  await repo.insertHouseholdCategories(householdCats, source, progress)
  await repo.insertMemberCategories(memberCats, source, progress)
  await repo.insertChanges(batchId, changes, progress)
  await repo.setBatchCounts(batchId, { ...plan.counts, issues: { errors: plan.issues.filter((i) => i.severity === 'error').length, warnings: plan.issues.filter((i) => i.severity === 'warning').length } })
  onProgress?.({ phase: 'done', done: total, total })
  return batchId
}

// ── undo ────────────────────────────────────────────────────────────────────

export interface UndoOutcome {
  batchId: string
  villageCode: string
  restored: number
  deleted: number
  groupsDeleted: number[]
}

/** Put back what the batch changed, or 409 when a household was edited since. */
export async function undoBatch(repo: ImportRepository, batchId: string, userId: string | null): Promise<UndoOutcome> {
  const batch = await repo.batchForUpdate(batchId)
  if (!batch) throw notFound('import_batch_not_found')
  // Not while a commit of the same village is writing (see lockVillage).
  await repo.lockVillage(batch.villageCode)
  if (batch.status === 'undone') throw conflict('import_already_undone')
  const edited = await repo.editedSince(batchId)
  if (edited.length > 0) {
    throw conflict('import_undo_conflict', { count: edited.length, huhao: edited.slice(0, 10).join(', ') + (edited.length > 10 ? ' …' : '') }, { edited })
  }
  const { restored, deleted } = await repo.revert(batchId)
  const created = Array.isArray(batch.counts.groupsCreated) ? (batch.counts.groupsCreated as number[]) : []
  const groupsDeleted = await repo.deleteUnusedGroups(batch.villageCode, created)
  await repo.markUndone(batchId, userId)
  return { batchId, villageCode: batch.villageCode, restored, deleted, groupsDeleted }
}
