/**
 * Small normalisers for the messy text found in village workbooks: full-width
 * digits typed with a Chinese input method, stray ideographic spaces, group names
 * written as 第十组, 户号 stored as numbers by Excel. Each is pure and total: it
 * returns null (or a flagged result) rather than throwing.
 */
import { HUHAO_PATTERN, toHalfWidth, type Sex } from '@cuntu/domain'
import { isBlank, type CellValue } from './cells.ts'

export { toHalfWidth }

// Spaces people paste in from Word/WeChat: NBSP, ideographic space, the
// U+2000 block, zero-width space and a stray BOM.
const ODD_SPACES = /[\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff]/g
 
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f]/g

/** Trim and collapse runs of whitespace (incl. U+3000 and NBSP) to one ASCII space. */
export function cleanText(text: string): string {
  // C0 control characters (NUL above all) are no text a worker typed; PostgreSQL cannot store NUL.
  return text.replace(CONTROL, '').replace(ODD_SPACES, ' ').replace(/\s+/g, ' ').trim()
}

/** Free text of a cell, cleaned, or null when blank. Numbers keep their JS form. */
export function textOrNull(value: CellValue | undefined): string | null {
  if (isBlank(value ?? null)) return null
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  const s = cleanText(String(value))
  return s === '' ? null : s
}

/** Structured code text: half-width, cleaned. */
export function normaliseCode(text: string): string {
  return cleanText(toHalfWidth(text))
}

const CN_DIGITS: Record<string, number> = {
  〇: 0, 零: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
}

/**
 * A whole number 0–99 written in Arabic or Chinese numerals: 10, 十, 十一,
 * 二十, 九十九, 一〇 (digit by digit). Null for anything else.
 */
export function parseSmallNumber(text: string): number | null {
  const s = toHalfWidth(text).replace(/\s+/g, '')
  if (/^\d{1,2}$/.test(s)) return Number(s)
  if (s === '') return null
  const tenAt = s.search(/[十拾]/)
  if (tenAt === -1) {
    // Digit by digit: 一〇 → 10, 七 → 7.
    if (s.length > 2) return null
    let n = 0
    for (const ch of s) {
      const d = CN_DIGITS[ch]
      if (d === undefined) return null
      n = n * 10 + d
    }
    return n
  }
  const before = s.slice(0, tenAt)
  const after = s.slice(tenAt + 1)
  if (before.length > 1 || after.length > 1) return null
  const tens = before === '' ? 1 : CN_DIGITS[before]
  const units = after === '' ? 0 : CN_DIGITS[after]
  if (tens === undefined || units === undefined || tens === 0) return null
  return tens * 10 + units
}

/**
 * Village group (村组) from 第十组, 十组, 第10组, 10组, 10, 10.0, 十村民小组, 10队.
 * Returns 1–99 or null.
 */
export function parseGroup(value: CellValue | undefined): number | null {
  if (value === null || value === undefined || value instanceof Date || typeof value === 'boolean') return null
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 99 ? value : null
  const s = normaliseCode(value).replace(/\s+/g, '')
  const m = /^第?([0-9〇零一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]{1,3})(?:组|小组|村民小组|村小组|队|生产队|社)?$/.exec(s)
  if (!m) return null
  const n = parseSmallNumber(m[1]!)
  return n !== null && n >= 1 && n <= 99 ? n : null
}

export interface HuhaoResult {
  /** The household number as text, leading zeros kept when the cell was text. */
  value: string
  /** The cell was a number: Excel cannot keep leading zeros in a number. */
  fromNumber: boolean
  /** From a number with ≥ 15 digits: Excel keeps 15 significant digits, so later digits may be wrong. Flagged, never repaired. */
  precisionLost: boolean
}

/** Digits of a whole JS number without exponent notation (1e21 → "1000000000000000000000"). */
function integerDigits(n: number): string {
  return BigInt(n).toString()
}

/**
 * 户号 from a cell. Text keeps its leading zeros (full-width digits and inner
 * spaces are normalised). A number gives its digits with `fromNumber` set so the
 * caller can warn that zeros may be gone. Null for blank; `invalid` for text
 * that is not a plausible household number.
 */
export function parseHuhao(value: CellValue | undefined): HuhaoResult | { invalid: string } | null {
  if (isBlank(value ?? null)) return null
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value) || value < 0) return { invalid: String(value) }
    const digits = integerDigits(value)
    return { value: digits, fromNumber: true, precisionLost: digits.length >= 15 }
  }
  if (typeof value !== 'string') return { invalid: value instanceof Date ? value.toISOString() : String(value) }
  const s = normaliseCode(value).replace(/\s+/g, '')
  if (!HUHAO_PATTERN.test(s)) return { invalid: cleanText(value) }
  return { value: s, fromNumber: false, precisionLost: false }
}

const YES = new Set(['是', '√', '✓', '✔', '☑', '有', '对', 'y', 'yes', 'true', '1', '是的'])
const NO = new Set(['否', '×', '✗', '✘', 'x', '无', '没有', '不是', 'n', 'no', 'false', '0', '/', '-', '—'])

/**
 * 是/否 cells: 是 √ 有 → true; 否 × 无 → false; blank → null. Unrecognised text
 * also gives null; callers that must tell the two apart check `isBlank` first.
 */
export function parseYesNo(value: CellValue | undefined): boolean | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null
  if (value instanceof Date) return null
  const s = normaliseCode(value).toLowerCase()
  if (s === '') return null
  if (YES.has(s)) return true
  if (NO.has(s)) return false
  return null
}

/** 男/女 (and a few common spellings) → 'male' | 'female'; null otherwise. */
export function parseSex(value: CellValue | undefined): Sex | null {
  if (typeof value !== 'string') return null
  const s = normaliseCode(value).toLowerCase()
  if (s === '男' || s === '男性' || s === 'm' || s === 'male') return 'male'
  if (s === '女' || s === '女性' || s === 'f' || s === 'female') return 'female'
  return null
}

/**
 * A whole or decimal number from a number cell or text such as "３" or "72岁".
 * Null when the cell holds no number.
 */
export function parseNumber(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value !== 'string') return null
  const s = normaliseCode(value).replace(/[\s,]/g, '').replace(/(岁|人|口|周岁)$/, '')
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null
  return Number(s)
}

/** Relation words that mean the row is the household head. */
export function isHeadRelation(relation: string | null): boolean {
  if (!relation) return false
  const s = cleanText(relation).replace(/\s+/g, '')
  return s === '户主' || s === '本人' || s === '户主本人' || s === '本人(户主)' || s === '本人（户主）'
}
