/**
 * CSV exports. Excel on a Chinese Windows saves "CSV" in GBK, not UTF-8; newer
 * versions offer "CSV UTF-8" with a BOM; "Unicode text" is UTF-16LE with tabs.
 * Bytes are decoded by trying strict UTF-8 first (GBK text is almost never
 * valid UTF-8) and falling back to GB18030, the superset of GBK.
 */
import iconv from 'iconv-lite'
import type { SheetRows } from './cells.ts'
import { ImportFileError } from './errors.ts'
import { ENCODING_NAMES, sniffLegacyEncoding, utf16Order } from './encoding-sniff.ts'

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'gbk'

export interface DecodedText {
  text: string
  encoding: TextEncoding
}

/** Decode file bytes, detecting UTF-8 (with or without BOM), UTF-16LE (BOM) or GBK. */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' }
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' }
  }
  // UTF-16 without a BOM: its zero bytes would pass as UTF-8 NULs.
  const wide = utf16Order(bytes)
  if (wide === 'utf-16le') return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' }
  if (!wide && !(bytes[0] === 0xfe && bytes[1] === 0xff)) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
    } catch {
      // not UTF-8: which legacy encoding, below
    }
  }
  const legacy = sniffLegacyEncoding(bytes)
  if (legacy !== 'gbk' && legacy !== 'unknown' && legacy !== 'utf-16le') {
    // Decoded as GBK it would be mojibake and every column "missing": name the encoding instead.
    throw new ImportFileError('encoding_unsupported', { encoding: ENCODING_NAMES[legacy] })
  }
  // GBK (or too little text to tell): GB18030 decodes every GBK byte sequence identically.
  return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), encoding: 'gbk' }
}

export interface CsvParseResult {
  rows: string[][]
  delimiter: string
  /** A quoted field was still open at the end of the file (content kept up to the end). */
  unterminatedQuote: boolean
}

/** Comma unless the first line has tabs (or semicolons) and no commas. */
export function detectDelimiter(text: string): string {
  const nl = text.search(/\r|\n/)
  const firstLine = nl === -1 ? text : text.slice(0, nl)
  if (firstLine.includes(',')) return ','
  if (firstLine.includes('\t')) return '\t'
  if (firstLine.includes(';')) return ';'
  return ','
}

/**
 * RFC 4180 CSV: quoted fields may hold delimiters, quotes ("") and line
 * breaks; records end in CRLF, LF or CR. Lenient like Excel: a quote inside an
 * unquoted field is literal. A final empty line does not make a record.
 * `maxRows` stops early (the caller reports too_many_rows).
 */
export function parseCsv(text: string, options: { delimiter?: string; maxRows?: number } = {}): CsvParseResult {
  const delimiter = options.delimiter ?? detectDelimiter(text)
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let inQuotes = false
  let fieldStarted = false
  let i = 0
  const endField = () => {
    row.push(field)
    field = ''
    fieldStarted = false
  }
  const endRow = () => {
    endField()
    rows.push(row)
    row = []
  }
  while (i < text.length) {
    const ch = text[i]!
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        inQuotes = false
        i++
        continue
      }
      field += ch
      i++
      continue
    }
    if (ch === '"' && !fieldStarted) {
      inQuotes = true
      fieldStarted = true
      i++
      continue
    }
    if (ch === delimiter) {
      endField()
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      endRow()
      if (rows.length > maxRows) break
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      continue
    }
    field += ch
    fieldStarted = true
    i++
  }
  const unterminatedQuote = inQuotes
  if (rows.length <= maxRows && (fieldStarted || field !== '' || row.length > 0)) endRow()
  return { rows, delimiter, unterminatedQuote }
}

export interface CsvReadResult {
  rows: SheetRows
  encoding: TextEncoding
  delimiter: string
  unterminatedQuote: boolean
}

/** Decode and parse CSV bytes, enforcing the row limit. */
export function readCsv(bytes: Uint8Array, limits: { maxRows: number }): CsvReadResult {
  if (bytes.length === 0) throw new ImportFileError('empty_file')
  const { text, encoding } = decodeText(bytes)
  const parsed = parseCsv(text, { maxRows: limits.maxRows })
  if (parsed.rows.length > limits.maxRows) throw new ImportFileError('too_many_rows', { limit: limits.maxRows })
  return { rows: parsed.rows.map((r) => r.map(textFormulaValue)), encoding, delimiter: parsed.delimiter, unterminatedQuote: parsed.unterminatedQuote }
}

/**
 * ="0201001" is how CSV writers (our exports among them) keep a digit string as text in a spreadsheet; the
 * spreadsheet shows 0201001, so that is the cell's value. Only a quoted constant: nothing else is evaluated.
 */
export function textFormulaValue(cell: string): string {
  const m = /^="([^"]*)"$/.exec(cell)
  return m ? m[1]! : cell
}
