/**
 * Read an uploaded workbook into plain sheets (rows of values). The only file
 * in this folder that touches exceljs. Rows come from exceljs's streaming
 * parsers, row by row (memory stays proportional to the values kept plus one
 * inflated part at a time); merges and hyperlinks, which those parsers skip,
 * come from zip-guard's scan. Formula cells give their cached result: nothing
 * is ever evaluated.
 *
 * The zip itself is read by zip-guard, not by exceljs's WorkbookReader: its
 * entry loop pauses unzipper's stream between entries, and unzipper ends a
 * paused stream anyway, so under load a part is silently dropped (most often
 * xl/workbook.xml, then "Cannot read properties of undefined (reading
 * 'sheets')"; exceljs issue 3064). Here each part is inflated by our own
 * reader and handed to exceljs's part parsers in dependency order.
 */
import { stat, readFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
// Types only: the library itself is loaded on first use (it took 0.8 s of every server start).
import type ExcelJS from 'exceljs'
import { addressOf, type CellRange, type CellStyleInfo, type CellValue, type SheetData, type SheetRows } from './cells.ts'
import { readCsv, type TextEncoding } from './csv.ts'
import { ImportFileError, formatBytes } from './errors.ts'
import { inflateEntry, looksLikeZip, scanXlsx, type ZipEntry, type ZipLimits } from './zip-guard.ts'

export interface ReadLimits extends ZipLimits {
  /** Upload size. */
  maxFileBytes: number
  /** Rows across all sheets (and the highest row number in any sheet). */
  maxRows: number
  /** Columns kept per row; cells further right are dropped. */
  maxColumns: number
  /** Styled cells kept per sheet (fills and font colours, for the cell map). */
  maxStyledCells: number
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 50 * 1024 * 1024,
  maxRows: 200_000,
  maxUncompressedBytes: 500 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxEntries: 10_000,
  maxColumns: 512,
  maxStyledCells: 200_000,
}

export type FileFormat = 'xlsx' | 'csv'

export interface WorkbookData {
  format: FileFormat
  /** For CSV: the detected text encoding. */
  encoding?: TextEncoding
  sheets: SheetData[]
}

export type WorkbookInput = Uint8Array | string

/** Read the input into memory, checking the size first (a path is stat-ed before reading). */
export async function loadBytes(input: WorkbookInput, maxFileBytes: number): Promise<Uint8Array> {
  if (typeof input === 'string') {
    const info = await stat(input)
    if (info.size > maxFileBytes) throw new ImportFileError('file_too_large', { size: formatBytes(info.size), limit: formatBytes(maxFileBytes) })
    return readFile(input)
  }
  if (input.length > maxFileBytes) throw new ImportFileError('file_too_large', { size: formatBytes(input.length), limit: formatBytes(maxFileBytes) })
  return input
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/**
 * What the bytes are: a zip (xlsx), an OLE2 compound file (legacy .xls, or an
 * encrypted .xlsx, which Excel also stores as OLE2), or text we treat as CSV.
 */
export function sniffFormat(bytes: Uint8Array, fileName?: string): FileFormat | 'ole' | 'unknown' {
  if (looksLikeZip(bytes)) return 'xlsx'
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) return 'ole'
  if (fileName && /\.(csv|txt|tsv)$/i.test(fileName)) return 'csv'
  // Text: no NUL bytes in the first 4 KiB (UTF-16 has a BOM, handled by csv.ts).
  const head = bytes.subarray(0, 4096)
  const utf16 = head[0] === 0xff && head[1] === 0xfe
  if (utf16 || !head.includes(0)) return 'csv'
  return 'unknown'
}

/** exceljs cell value → plain value; formula → cached result; rich text → its text. */
export function plainValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v
  if ('formula' in v || 'sharedFormula' in v) {
    const r = v.result
    if (r === undefined || r === null) return null
    if (typeof r === 'object' && !(r instanceof Date)) return null // cached #N/A etc.
    return r
  }
  if ('richText' in v) return v.richText.map((t) => t.text).join('')
  if ('hyperlink' in v) return typeof v.text === 'string' ? v.text : plainValue(v.text as ExcelJS.CellValue)
  if ('error' in v) return null
  return null
}

/** ARGB, or `theme:N[:tint]` when the colour refers to the workbook theme. */
function colourKey(c: Partial<ExcelJS.Color> & { theme?: number; tint?: number } | undefined): string | undefined {
  if (!c) return undefined
  if (typeof c.argb === 'string' && c.argb !== '') return c.argb.toUpperCase()
  if (typeof c.theme === 'number') return c.tint ? `theme:${c.theme}:${c.tint}` : `theme:${c.theme}`
  return undefined
}

/** The parts of a cell's style the cell map reads. */
function styleOf(cell: ExcelJS.Cell): CellStyleInfo | null {
  const out: CellStyleInfo = {}
  const fill = cell.style?.fill
  if (fill && fill.type === 'pattern' && fill.pattern !== 'none') {
    const key = colourKey(fill.fgColor ?? fill.bgColor)
    if (key) out.fill = key
  }
  const font = cell.style?.font
  // Theme font colours are the default text colour; only explicit ARGB (red names) matters.
  if (font?.color && typeof font.color.argb === 'string') out.fontColour = font.color.argb.toUpperCase()
  return out.fill || out.fontColour ? out : null
}

/** Copy each merged range's top-left value into its other cells, within the rows read. */
export function propagateMerges(rows: SheetRows, merges: readonly CellRange[], maxColumns: number): void {
  for (const m of merges) {
    const value = rows[m.top - 1]?.[m.left - 1] ?? null
    if (value === null) continue
    for (let r = m.top; r <= Math.min(m.bottom, rows.length); r++) {
      const row = rows[r - 1]!
      for (let c = m.left; c <= Math.min(m.right, maxColumns); c++) {
        if (r === m.top && c === m.left) continue
        while (row.length < c - 1) row.push(null)
        row[c - 1] = value
      }
    }
  }
}

/** The runtime shape of exceljs's worksheet reader (its typings omit `name`). */
interface StreamSheet extends AsyncIterable<ExcelJS.Row> {
  name: string
}

/** The part parsers of exceljs 4.4's WorkbookReader (internal, so typed here; checked at run time). */
interface PartParsers {
  _parseRels(stream: Readable): Promise<void>
  _parseWorkbook(stream: Readable): Promise<void>
  _parseSharedStrings(stream: Readable): AsyncIterable<unknown>
  _parseStyles(stream: Readable): Promise<void>
  _parseWorksheet(chunks: AsyncIterable<Buffer>, sheetNo: string): Iterable<{ eventType: string; value: StreamSheet }>
}

/**
 * Stream every sheet's rows through exceljs, enforcing row and column limits.
 * Returns sheets in file order with plain values and styles.
 */
/**
 * Office never writes a DTD into an OOXML part; one that has it is carrying entities (an expansion bomb, an
 * external entity naming a local file). Refused before exceljs's SAX parser sees the part, whatever that parser
 * would do with it. Searched in the raw bytes, across chunk boundaries.
 */
function refuseDeclarations(chunks: readonly Buffer[]): void {
  let tail: Buffer = Buffer.alloc(0)
  for (const c of chunks) {
    const window = tail.length ? Buffer.concat([tail, c.subarray(0, 16)]) : null
    for (const needle of ['<!DOCTYPE', '<!ENTITY']) {
      if (c.includes(needle) || window?.includes(needle)) throw new ImportFileError('xml_doctype')
    }
    tail = c.subarray(Math.max(0, c.length - 16))
  }
}

async function streamSheets(bytes: Uint8Array, entries: readonly ZipEntry[], limits: ReadLimits): Promise<{ name: string; rows: SheetRows; styles: Record<string, CellStyleInfo> }[]> {
  const { stream } = (await import('exceljs')).default
  const reader = new stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: 'cache',
    // Styles are needed to tell dates from numbers (number formats) and for fills.
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as PartParsers
  for (const m of ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet'] as const) {
    if (typeof reader[m] !== 'function') throw new Error(`exceljs ${m} is missing: this reader needs exceljs 4.4`)
  }
  const byName = new Map(entries.map((e) => [e.name, e]))
  /** One part, inflated, as a plain stream (standard pause/end semantics) or as chunks. */
  const chunksOf = async (name: string): Promise<Buffer[] | null> => {
    const e = byName.get(name)
    if (!e) return null
    const chunks: Buffer[] = []
    await inflateEntry(bytes, e, (c) => chunks.push(c))
    refuseDeclarations(chunks)
    return chunks
  }
  const streamOf = async (name: string) => {
    const chunks = await chunksOf(name)
    return chunks ? Readable.from(chunks) : null
  }
  const rels = await streamOf('xl/_rels/workbook.xml.rels')
  const workbook = await streamOf('xl/workbook.xml')
  if (!rels || !workbook) throw new ImportFileError('not_xlsx', { detail: 'no workbook part' })
  await reader._parseRels(rels)
  await reader._parseWorkbook(workbook)
  const shared = await streamOf('xl/sharedStrings.xml')
  if (shared) for await (const _ of reader._parseSharedStrings(shared));
  const styles = await streamOf('xl/styles.xml')
  if (styles) await reader._parseStyles(styles)
  // exceljs names sheet parts sheet<N>.xml and finds each one's name through the workbook relationships.
  const sheetParts = entries
    .map((e) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))

  const out: { name: string; rows: SheetRows; styles: Record<string, CellStyleInfo> }[] = []
  let totalRows = 0
  for (const part of sheetParts) {
    const chunks = (await chunksOf(part[0]))!
    const [event] = [...reader._parseWorksheet((async function* () { yield* chunks })(), part[1]!)]
    const sheetReader = event!.value
    const rows: SheetRows = []
    const styles: Record<string, CellStyleInfo> = {}
    let styled = 0
    for await (const row of sheetReader) {
      if (row.number > limits.maxRows || ++totalRows > limits.maxRows) throw new ImportFileError('too_many_rows', { limit: limits.maxRows })
      const values: CellValue[] = []
      // includeEmpty: a legend swatch is a filled cell with no value.
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        if (col > limits.maxColumns) return
        const v = plainValue(cell.value)
        if (v !== null) {
          while (values.length < col - 1) values.push(null)
          values[col - 1] = v
        }
        if (styled < limits.maxStyledCells) {
          const s = styleOf(cell)
          if (s) {
            styles[addressOf(row.number, col)] = s
            styled++
          }
        }
      })
      while (rows.length < row.number - 1) rows.push([])
      rows[row.number - 1] = values
    }
    out.push({ name: sheetReader.name, rows, styles })
  }
  return out
}

/** Read an .xlsx: guard the zip, stream the rows, attach merges and hyperlinks. */
export async function readXlsx(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): Promise<SheetData[]> {
  const scan = await scanXlsx(bytes, limits)
  let streamed: Awaited<ReturnType<typeof streamSheets>>
  try {
    streamed = await streamSheets(bytes, scan.entries, limits)
  } catch (e) {
    if (e instanceof ImportFileError) throw e
    throw new ImportFileError('file_corrupt', { detail: e instanceof Error ? e.message.slice(0, 200) : 'unreadable' }, { cause: e })
  }
  const order = new Map(scan.sheetNames.map((n, i) => [n, i]))
  streamed.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0))
  return streamed.map((s) => {
    const extras = scan.sheets.get(s.name) ?? { merges: [], hyperlinks: {} }
    propagateMerges(s.rows, extras.merges, limits.maxColumns)
    return { name: s.name, rows: s.rows, merges: extras.merges, hyperlinks: extras.hyperlinks, styles: s.styles }
  })
}

/**
 * Read a workbook from bytes or a path: .xlsx, or CSV (UTF-8/GBK, one sheet
 * named after the file). Throws ImportFileError for anything unreadable.
 */
export async function readWorkbook(
  input: WorkbookInput,
  options: { fileName?: string; limits?: Partial<ReadLimits> } = {},
): Promise<WorkbookData> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const bytes = await loadBytes(input, limits.maxFileBytes)
  if (bytes.length === 0) throw new ImportFileError('empty_file')
  const fileName = options.fileName ?? (typeof input === 'string' ? input : undefined)
  const format = sniffFormat(bytes, fileName)
  if (format === 'ole') throw new ImportFileError('legacy_xls')
  if (format === 'unknown') throw new ImportFileError('not_xlsx', { detail: 'unknown content' })
  if (format === 'csv') {
    const csv = readCsv(bytes, { maxRows: limits.maxRows })
    const base = fileName ? fileName.split(/[\\/]/).pop()!.replace(/\.[^.]+$/, '') : 'CSV'
    return { format, encoding: csv.encoding, sheets: [{ name: base, rows: csv.rows, merges: [], hyperlinks: {}, styles: {} }] }
  }
  return { format, sheets: await readXlsx(bytes, limits) }
}
