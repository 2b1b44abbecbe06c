/**
 * Birth dates as they appear in village workbooks: real Excel dates, Excel
 * serial numbers, 1970.03.12, 1970-3-12, 1970/03/12, 19700312, 1970年3月12日,
 * and month-only 1970年3月 / 197003. Output is an ISO calendar date; no time
 * zone is involved because a birth date is a calendar day, not an instant.
 */
import { isBlank, type CellValue } from './cells.ts'
import { normaliseCode } from './normalise.ts'

export type DatePrecision = 'day' | 'month'

export type DateErrorCode = 'blank' | 'invalid_format' | 'impossible_date' | 'out_of_range'

export type DateResult =
  | { ok: true; iso: string; precision: DatePrecision }
  | { ok: false; code: DateErrorCode; reasonZh: string; reasonEn: string }

/** Plausible years for people in a household register; outside is a typo (e.g. 4016). */
export const MIN_YEAR = 1900
export const MAX_YEAR = 2100

const REASONS: Record<DateErrorCode, { zh: string; en: string }> = {
  blank: { zh: '空白', en: 'blank' },
  invalid_format: { zh: '不是可识别的日期格式', en: 'not a recognised date format' },
  impossible_date: { zh: '日期不存在', en: 'no such date' },
  out_of_range: { zh: `年份不在 ${MIN_YEAR}–${MAX_YEAR} 之间`, en: `year not between ${MIN_YEAR} and ${MAX_YEAR}` },
}

function fail(code: DateErrorCode): DateResult {
  return { ok: false, code, reasonZh: REASONS[code].zh, reasonEn: REASONS[code].en }
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Validate a calendar date and format it; month-only dates become day 01. */
export function isoFromParts(year: number, month: number, day: number | null): DateResult {
  if (year < MIN_YEAR || year > MAX_YEAR) return fail('out_of_range')
  if (month < 1 || month > 12) return fail('impossible_date')
  if (day === null) return { ok: true, iso: `${pad(year, 4)}-${pad(month)}-01`, precision: 'month' }
  if (day < 1 || day > daysInMonth(year, month)) return fail('impossible_date')
  return { ok: true, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, precision: 'day' }
}

/** Largest serial we accept: 2100-12-31 in the 1900 date system. */
const MAX_SERIAL = 73415

/**
 * Excel serial day number (1900 date system) → ISO date. Excel counts
 * 1900-02-29, a day that never existed (kept for Lotus 1-2-3 compatibility), as
 * serial 60; serials after it are one day ahead, so the epoch is 1899-12-30 for
 * them and 1899-12-31 for serials 1–59. The time-of-day fraction is dropped.
 */
export function excelSerialToIso(serial: number): DateResult {
  if (!Number.isFinite(serial)) return fail('invalid_format')
  const day = Math.floor(serial)
  if (day < 1 || day > MAX_SERIAL) return fail('out_of_range')
  if (day === 60) return fail('impossible_date')
  const epoch = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)
  const d = new Date(epoch + day * 86_400_000)
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

/**
 * Whole numbers that are dates typed without separators and stored as numbers
 * (19700312, 197003); anything else in range is an Excel serial.
 */
function parseNumberDate(n: number): DateResult {
  if (Number.isInteger(n) && n >= 10_000_000 && n <= 99_999_999) {
    return isoFromParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100)
  }
  if (Number.isInteger(n) && n >= 100_000 && n <= 999_999) {
    return isoFromParts(Math.floor(n / 100), n % 100, null)
  }
  return excelSerialToIso(n)
}

/**
 * exceljs gives date-formatted cells as a JS Date at UTC midnight of the
 * calendar day, so the UTC fields are the day Excel shows.
 */
function parseJsDate(d: Date): DateResult {
  if (Number.isNaN(d.getTime())) return fail('invalid_format')
  // A serial with a time fraction can land a few ms before midnight after float
  // rounding; round to the nearest minute first.
  const t = new Date(Math.round(d.getTime() / 60_000) * 60_000)
  return isoFromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

// Year, month, day separated by . - / or 年 月 日; day optional (month precision).
const SEPARATED = /^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*(?:[.\-/月]\s*(?:(\d{1,2})\s*[日号]?)?)?$/
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/
const COMPACT_MONTH = /^(\d{4})(\d{2})$/
// ISO timestamps from CSV exports or JSON: keep the calendar part.
const ISO_WITH_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/

function parseDateText(text: string): DateResult {
  // A trailing full stop after the day ("1970.3.12.") is a typing habit, not part of the date.
  const s = normaliseCode(text).replace(/(\d)[。.]+$/, '$1')
  if (s === '') return fail('blank')
  let m = ISO_WITH_TIME.exec(s)
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]))
  m = SEPARATED.exec(s)
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), m[3] === undefined ? null : Number(m[3]))
  m = COMPACT_DAY.exec(s)
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]))
  m = COMPACT_MONTH.exec(s)
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), null)
  // A date cell without a date format shows (and exports to CSV) as its serial,
  // e.g. 25639. Five digits cannot be a year, month or yyyymmdd, so read a serial.
  if (/^\d{5}(\.\d+)?$/.test(s)) return excelSerialToIso(Number(s))
  return fail('invalid_format')
}

/**
 * Parse a birth date cell. Accepts JS Date (exceljs, date-formatted cells),
 * Excel serial numbers, numbers typed as 19700312, and the text forms above.
 */
export function parseDate(value: CellValue | undefined): DateResult {
  if (value === undefined || value === null || isBlank(value)) return fail('blank')
  if (value instanceof Date) return parseJsDate(value)
  if (typeof value === 'number') return parseNumberDate(value)
  if (typeof value === 'boolean') return fail('invalid_format')
  return parseDateText(value)
}

/**
 * Whether a parsed birth date lies after today in China (UTC+8): a typo such as
 * 2070 for 1970, which the year range alone lets through.
 */
export function isAfterToday(iso: string, now = Date.now()): boolean {
  return iso > new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
}
