/**
 * Files in: read and parse an upload (archive workbook and/or locations file)
 * and describe it for the preview. Pure apart from reading the bytes it is given.
 */
import { createHash } from 'node:crypto'
import type { ImportPreview } from '../../contract/index.ts'
import { AppError } from '../../plugins/errors.ts'
import {
  ARCHIVE_FIELDS,
  ImportFileError,
  parseArchiveSheets,
  parseLocationFile,
  parseLocationRows,
  readWorkbook,
  type ArchiveSheetsResult,
  type Crs,
  type LocationsResult,
  type MappingOverrides,
  type ParsedHousehold,
  type SheetData,
  type WorkbookData,
} from './parse/index.ts'
import type { ArchiveField } from './parse/header.ts'
import { stripNeutraliser } from '../exports/build.ts'
import type { Issue } from './plan-issues.ts'

export interface UploadedFile {
  bytes: Uint8Array
  fileName: string
}

export interface ImportFiles {
  archive: UploadedFile | null
  locations: (UploadedFile & { crs: Crs }) | null
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')


/** Map ImportFileError (the file cannot be read) to an HTTP error in the caller's language. */
export function fileError(e: ImportFileError): AppError {
  const status: Record<string, number> = {
    file_too_large: 413, too_many_rows: 413, zip_bomb: 422, file_corrupt: 422, not_xlsx: 415, legacy_xls: 415,
    empty_file: 400, encoding_unknown: 422, encoding_unsupported: 422, not_a_location_file: 415,
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
export const ISSUES_LISTED = 2000

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
            .map((p) => ({ huhao: p.huhao, warnings: [...p.warnings], lngLat: [p.original[0], p.original[1]], row: p.source.row })),
        }
      : null,
    cellMap: a?.cellMap ? { cells: a.cellMap.cells.length, legend: a.cellMap.legend.map((l) => ({ fill: l.fill, category: l.category, label: l.label })) } : null,
    expiresAt: meta.expiresAt,
  }
}

export function allIssues(parsed: ParsedImport): Issue[] {
  return [...(parsed.archive?.issues ?? []), ...(parsed.locations?.issues ?? [])]
}

// ── the plan ────────────────────────────────────────────────────────────────
