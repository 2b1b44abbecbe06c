/**
 * The workbook importer's parsing layer: bytes in, households and issues out.
 * No database, no HTTP. parseArchiveWorkbook reads the file (xlsx or CSV);
 * parseArchiveSheets runs the same pipeline on sheets already in memory:
 * find the sheets → header → mapping (worker overrides applied) → households →
 * 民政对象 merge → 社区地图 link → stats.
 */
import type { SheetData } from './cells.ts'
import { linkCellMap, parseCellMap, type CellMapResult } from './cellmap.ts'
import { mergeCivilAffairs, parseCivilAffairsRows, type CivilAffairsResult } from './civil-affairs.ts'
import type { TextEncoding } from './csv.ts'
import {
  ARCHIVE_FIELDS,
  applyMappingOverrides,
  buildMapping,
  detectHeader,
  mappingConfidence,
  type ArchiveField,
  type ColumnMapping,
  type HeaderDetection,
  type MappingDuplicate,
  type MappingOverrides,
} from './header.ts'
import { parseArchiveRows } from './archive.ts'
import { makeIssue, type ImportIssue } from './issues.ts'
import type { ParsedHousehold } from './model.ts'
import { readWorkbook, type FileFormat, type ReadLimits, type WorkbookInput } from './xlsx-reader.ts'

export type SheetRole = 'archive' | 'civil_affairs' | 'cell_map' | 'other'

export interface SheetSummary {
  name: string
  rows: number
  role: SheetRole
}

export interface ParseStats {
  /** Data rows below the header. */
  rowsRead: number
  /** Spacer, template and repeated-header rows. */
  rowsSkipped: number
  households: number
  members: number
  /** Households per category code, each household counted once per code (member categories rolled up). */
  categories: Record<string, number>
  errors: number
  warnings: number
  /** House cells on the map sheet, when there is one. */
  mapCells: number
}

export interface ParseArchiveOptions {
  /** Original file name: names the CSV sheet and helps tell CSV from binary. */
  fileName?: string
  limits?: Partial<ReadLimits>
  /** Choose sheets by name; null skips that part. Default: detected. */
  sheets?: { archive?: string; civilAffairs?: string | null; cellMap?: string | null }
  /** The worker's column corrections, by column letter (see applyMappingOverrides). */
  mapping?: MappingOverrides<ArchiveField>
  /** With `mapping`, where data starts when no header row could be found (1-based). */
  dataStartRow?: number
}

export interface ArchiveSheetsResult {
  sheets: SheetSummary[]
  header: HeaderDetection | null
  mapping: ColumnMapping<ArchiveField> | null
  households: ParsedHousehold[]
  civilAffairs: CivilAffairsResult | null
  cellMap: CellMapResult | null
  issues: ImportIssue[]
  stats: ParseStats
}

export interface ArchiveWorkbookResult extends ArchiveSheetsResult {
  format: FileFormat
  encoding?: TextEncoding
}

const HEADER_SCAN_ROWS = 30

/** The archive sheet: the one whose header maps most columns; a name with 档案/花名册 wins ties. */
function findArchiveSheet(sheets: readonly SheetData[]): { sheet: SheetData; detection: HeaderDetection } | null {
  let best: { sheet: SheetData; detection: HeaderDetection; score: number } | null = null
  for (const sheet of sheets) {
    const detection = detectHeader(sheet.rows, ARCHIVE_FIELDS, { scanRows: HEADER_SCAN_ROWS })
    if (!detection) continue
    const { mapping } = buildMapping(sheet.name, detection, ARCHIVE_FIELDS)
    const mapped = mapping.columns.filter((c) => c.field !== null).length
    const score = mapped + (/档案|花名册|户籍/.test(sheet.name) ? 0.5 : 0)
    if (!best || score > best.score) best = { sheet, detection, score }
  }
  return best
}

function findCivilAffairsSheet(sheets: readonly SheetData[], exclude: ReadonlySet<string>): SheetData | null {
  const candidates = sheets.filter((s) => !exclude.has(s.name))
  const named = candidates.find((s) => /民政/.test(s.name))
  if (named) return named
  return (
    candidates.find((s) => {
      const r = parseCivilAffairsRows(s.name, s.rows)
      return r.mapping !== null && r.mapping.columns.some((c) => c.field === 'kind') && r.entries.some((e) => e.category !== null)
    }) ?? null
  )
}

function findCellMapSheet(sheets: readonly SheetData[], exclude: ReadonlySet<string>): { sheet: SheetData; map: CellMapResult } | null {
  let best: { sheet: SheetData; map: CellMapResult } | null = null
  for (const sheet of sheets) {
    if (exclude.has(sheet.name)) continue
    const map = parseCellMap(sheet)
    const linked = map.cells.filter((c) => c.link).length
    const plausible = map.cells.length >= 3 && (/地图/.test(sheet.name) || linked * 2 >= map.cells.length)
    if (plausible && (!best || map.cells.length > best.map.cells.length)) best = { sheet, map }
  }
  return best
}

/** A mapping built only from the worker's overrides, when no header row was found. */
function mappingFromOverrides(sheet: string, overrides: MappingOverrides<ArchiveField>, dataStartRow: number): ColumnMapping<ArchiveField> {
  const empty: ColumnMapping<ArchiveField> = { sheet, headerRows: [], dataStartRow, columns: [], unmapped: [], missing: [], confidence: 0 }
  const mapping = applyMappingOverrides(empty, overrides, ARCHIVE_FIELDS)
  return { ...mapping, confidence: mappingConfidence(mapping.columns, mapping.missing.length) }
}

function headerIssues(mapping: ColumnMapping<ArchiveField>, duplicates: readonly MappingDuplicate<ArchiveField>[]): ImportIssue[] {
  const issues: ImportIssue[] = []
  const headerRow = mapping.headerRows[mapping.headerRows.length - 1] ?? null
  for (const field of mapping.missing) {
    const spec = ARCHIVE_FIELDS.find((f) => f.field === field)!
    issues.push(makeIssue('header_missing_field', { sheet: mapping.sheet, row: headerRow, field }, { label: spec.labelZh, labelEn: spec.labelEn }))
  }
  for (const d of duplicates) {
    const spec = ARCHIVE_FIELDS.find((f) => f.field === d.first.field)
    issues.push(
      makeIssue('header_duplicate_field', { sheet: mapping.sheet, row: headerRow, column: d.column.letter, field: d.first.field }, {
        header: d.column.text,
        otherColumn: d.first.letter,
        label: spec?.labelZh ?? '',
        labelEn: spec?.labelEn ?? '',
      }),
    )
  }
  return issues
}

/** Households per category, each household once per code, member categories rolled up. */
export function countCategories(households: readonly ParsedHousehold[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const h of households) {
    const codes = new Set<string>([...h.categories.map((c) => c.code), ...h.members.flatMap((m) => m.categories.map((c) => c.code))])
    for (const code of codes) counts[code] = (counts[code] ?? 0) + 1
  }
  return counts
}

/** Run the pipeline on sheets already read. Pure: no I/O. */
export function parseArchiveSheets(sheets: readonly SheetData[], options: ParseArchiveOptions = {}): ArchiveSheetsResult {
  const issues: ImportIssue[] = []
  const roles = new Map<string, SheetRole>()

  let archive: { sheet: SheetData; detection: HeaderDetection | null } | null = null
  if (options.sheets?.archive !== undefined) {
    const sheet = sheets.find((s) => s.name === options.sheets?.archive)
    if (sheet) archive = { sheet, detection: detectHeader(sheet.rows, ARCHIVE_FIELDS, { scanRows: HEADER_SCAN_ROWS }) }
  } else {
    archive = findArchiveSheet(sheets)
    // No header anywhere: with overrides the worker can still point at the columns.
    if (!archive && options.mapping && sheets[0]) archive = { sheet: sheets[0], detection: null }
  }

  let mapping: ColumnMapping<ArchiveField> | null = null
  let households: ParsedHousehold[] = []
  let rowsRead = 0
  let rowsSkipped = 0
  if (!archive) {
    issues.push(makeIssue('sheet_not_found', { sheet: options.sheets?.archive ?? sheets[0]?.name ?? '' }))
  } else {
    roles.set(archive.sheet.name, 'archive')
    if (archive.detection) {
      const built = buildMapping(archive.sheet.name, archive.detection, ARCHIVE_FIELDS)
      mapping = options.mapping ? applyMappingOverrides(built.mapping, options.mapping, ARCHIVE_FIELDS) : built.mapping
      issues.push(...headerIssues(mapping, options.mapping ? [] : built.duplicates))
    } else if (options.mapping) {
      mapping = mappingFromOverrides(archive.sheet.name, options.mapping, options.dataStartRow ?? 2)
    } else {
      issues.push(makeIssue('header_not_found', { sheet: archive.sheet.name }, { scanned: Math.min(HEADER_SCAN_ROWS, archive.sheet.rows.length) }))
    }
    if (mapping) {
      const parsed = parseArchiveRows(archive.sheet.name, archive.sheet.rows, mapping)
      households = parsed.households
      issues.push(...parsed.issues)
      rowsRead = parsed.rowsRead
      rowsSkipped = parsed.rowsSkipped
    }
  }

  let civilAffairs: CivilAffairsResult | null = null
  if (options.sheets?.civilAffairs !== null) {
    const sheet =
      options.sheets?.civilAffairs !== undefined
        ? sheets.find((s) => s.name === options.sheets?.civilAffairs) ?? null
        : findCivilAffairsSheet(sheets, new Set(roles.keys()))
    if (sheet) {
      roles.set(sheet.name, 'civil_affairs')
      civilAffairs = parseCivilAffairsRows(sheet.name, sheet.rows)
      issues.push(...civilAffairs.issues, ...mergeCivilAffairs(households, civilAffairs))
    }
  }

  let cellMap: CellMapResult | null = null
  if (options.sheets?.cellMap !== null) {
    let found: { sheet: SheetData; map: CellMapResult } | null = null
    if (options.sheets?.cellMap !== undefined) {
      const sheet = sheets.find((s) => s.name === options.sheets?.cellMap)
      if (sheet) found = { sheet, map: parseCellMap(sheet) }
    } else {
      found = findCellMapSheet(sheets, new Set(roles.keys()))
    }
    if (found) {
      roles.set(found.sheet.name, 'cell_map')
      cellMap = found.map
      issues.push(...cellMap.issues)
      if (archive) issues.push(...linkCellMap(households, cellMap, archive.sheet.name))
    }
  }

  const sheetOrder = new Map(sheets.map((s, i) => [s.name, i]))
  issues.sort((a, b) => (sheetOrder.get(a.sheet) ?? 0) - (sheetOrder.get(b.sheet) ?? 0) || (a.row ?? 0) - (b.row ?? 0))

  return {
    sheets: sheets.map((s) => ({ name: s.name, rows: s.rows.length, role: roles.get(s.name) ?? 'other' })),
    header: archive?.detection ?? null,
    mapping,
    households,
    civilAffairs,
    cellMap,
    issues,
    stats: {
      rowsRead,
      rowsSkipped,
      households: households.length,
      members: households.reduce((n, h) => n + h.members.length, 0),
      categories: countCategories(households),
      errors: issues.filter((i) => i.severity === 'error').length,
      warnings: issues.filter((i) => i.severity === 'warning').length,
      mapCells: cellMap?.cells.length ?? 0,
    },
  }
}

export type ArchiveInput = WorkbookInput | { bytes: Uint8Array; fileName?: string }

/**
 * Parse a village archive workbook (xlsx bytes or path, or a CSV export).
 * Throws ImportFileError when the file cannot be read at all; every problem
 * inside a readable file is an issue in the result.
 */
export async function parseArchiveWorkbook(input: ArchiveInput, options: ParseArchiveOptions = {}): Promise<ArchiveWorkbookResult> {
  const bytesOrPath = typeof input === 'string' || input instanceof Uint8Array ? input : input.bytes
  const fileName = options.fileName ?? (typeof input === 'object' && !(input instanceof Uint8Array) ? input.fileName : undefined)
  const workbook = await readWorkbook(bytesOrPath, { ...(fileName ? { fileName } : {}), ...(options.limits ? { limits: options.limits } : {}) })
  const result = parseArchiveSheets(workbook.sheets, options)
  return workbook.encoding ? { ...result, format: workbook.format, encoding: workbook.encoding } : { ...result, format: workbook.format }
}

export { ImportFileError } from './errors.ts'
export type { ImportFileErrorCode } from './errors.ts'
export type { ImportIssue, IssueCode, Severity } from './issues.ts'
export type { CellValue, SheetData, SheetRows, CellRange } from './cells.ts'
export type { ParsedHousehold, ParsedMember, HouseholdCategory, MemberCategory, CategorySource, SourceRef } from './model.ts'
export type { ArchiveField, ColumnMapping, MappedColumn, HeaderDetection, MappingOverrides } from './header.ts'
export type { CivilAffairsEntry, CivilAffairsResult } from './civil-affairs.ts'
export type { CellMapResult, MapCell, LegendEntry, MapLink } from './cellmap.ts'
export type { ReadLimits, WorkbookData, FileFormat } from './xlsx-reader.ts'
export { DEFAULT_LIMITS, readWorkbook } from './xlsx-reader.ts'
export { ARCHIVE_FIELDS, applyMappingOverrides } from './header.ts'
export {
  parseLocationFile,
  parseLocationRows,
  parseGeoJsonLocations,
  parseKmlLocations,
  type Crs,
  type LocationPoint,
  type LocationsResult,
} from './locations.ts'
