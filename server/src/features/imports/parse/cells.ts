/**
 * The plain cell model every parser in this folder works on, and helpers to
 * address cells the way a worker sees them in Excel (row 1-based, column letters).
 * Readers (xlsx-reader.ts, csv.ts) produce it; nothing else here touches exceljs.
 */

/** A cell's value after reading: formulas are already replaced by their cached result. */
export type CellValue = string | number | boolean | Date | null

/** rows[i] is spreadsheet row i + 1; row[j] is column j + 1 (A = index 0). */
export type SheetRows = CellValue[][]

/** An inclusive rectangle of cells, 1-based like Excel (A1 = row 1, col 1). */
export interface CellRange {
  top: number
  left: number
  bottom: number
  right: number
}

/** Non-default look of a cell, kept only for what the cell map needs. */
export interface CellStyleInfo {
  /** Solid fill as ARGB (`FF00B0F0`) or, when the file uses theme colours, `theme:N` / `theme:N:tint`. */
  fill?: string
  /** Font colour in the same form; the Excel map marks names that differ from the 户口 in red. */
  fontColour?: string
}

/** One sheet as the parsers see it. */
export interface SheetData {
  name: string
  rows: SheetRows
  /** Merged ranges as found in the file; their top-left value has already been copied into every cell. */
  merges: CellRange[]
  /** A1 address → hyperlink target as written in the file, e.g. `#'村民家庭档案'!A69`. */
  hyperlinks: Record<string, string>
  /** A1 address → style, only for cells with a fill or a font colour. */
  styles: Record<string, CellStyleInfo>
}

export function emptySheet(name: string, rows: SheetRows = []): SheetData {
  return { name, rows, merges: [], hyperlinks: {}, styles: {} }
}

/** Column letter for a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1
  let s = ''
  while (n > 0) {
    const r = (n - 1) % 26
    s = String.fromCharCode(65 + r) + s
    n = Math.floor((n - 1) / 26)
  }
  return s
}

/** 0-based column index for a letter: A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}

/** Parse an A1 address (`$` allowed) into 1-based row and column, or null. */
export function parseAddress(address: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(address.trim())
  if (!m) return null
  return { row: Number(m[2]), col: columnIndex(m[1]!) + 1 }
}

/** A1 address from 1-based row and column. */
export function addressOf(row: number, col: number): string {
  return `${columnLetter(col - 1)}${row}`
}

/** Parse `A1:C3` (or a single `A1`) into a range. */
export function parseRange(ref: string): CellRange | null {
  const [a, b] = ref.split(':')
  const start = a ? parseAddress(a) : null
  const end = b ? parseAddress(b) : start
  if (!start || !end) return null
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.col, end.col),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.col, end.col),
  }
}

/** Blank means nothing a person typed: null, empty or whitespace-only text (incl. U+3000 and NBSP). */
export function isBlank(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value.replace(/[\s\u3000\u00a0\u200b\ufeff]/g, '') === ''
  return false
}

/** Plain text of a cell for messages and free-text fields (dates as ISO day). */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  return String(value)
}
