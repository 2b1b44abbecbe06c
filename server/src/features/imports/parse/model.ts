/**
 * What the parsing layer hands to the import service: households and members
 * as read from the workbook, before anything touches the database. Values are
 * normalised (ISO dates, half-width 户号, group numbers); the original row is
 * kept in `source` so every value can be traced back to its cell.
 */
import { BUILTIN_CATEGORY_CODES, type BuiltinCategoryCode, type DisabilityType, type HouseholdStatus, type Sex } from '@cuntu/domain'
import type { DatePrecision } from './dates.ts'
import type { DisabilityGrade } from './disability.ts'

/** Where a fact came from: the archive rows, the 民政对象 sheet, or the map cell's colour. */
export type CategorySource = 'archive' | 'civil_affairs' | 'cell_map'

export interface SourceRef {
  sheet: string
  /** 1-based row as Excel shows it. */
  row: number
}

export interface HouseholdCategory {
  code: BuiltinCategoryCode
  /** For per-year categories (精准扶贫 2017); absent when the column or sheet gave no year. */
  year?: number
  from: CategorySource
}

export interface MemberCategory {
  code: 'disability_12' | 'disability_34'
  disabilityType?: DisabilityType
  disabilityGrade?: DisabilityGrade
}

export interface ParsedMember {
  name: string
  relation: string | null
  /** Relation says 户主 (or 本人). */
  isHead: boolean
  sex: Sex | null
  /** ISO `YYYY-MM-DD`; day 01 when only the month was known. */
  birthDate: string | null
  birthDatePrecision: DatePrecision | null
  /** The age column's cached value (formulas are never evaluated). */
  age: number | null
  ethnicity: string | null
  marriedOut: boolean | null
  health: string | null
  schooling: string | null
  work: string | null
  /** The 残疾 cell as written. */
  disabilityText: string | null
  categories: MemberCategory[]
  source: SourceRef
}

export interface ParsedHousehold {
  /** Household number as text with leading zeros; null when the workbook has none (an error issue says so). */
  huhao: string | null
  /** 序号 on the household's first row. */
  seq: number | null
  group: number | null
  doorNumber: string | null
  housing: string | null
  living: string | null
  notes: string | null
  /** 家庭人口 as written (compared with the member count; a mismatch is a warning). */
  householdSize: number | null
  status: HouseholdStatus
  /** The free text that set the status, e.g. "40160325迁出". */
  statusNote: string | null
  members: ParsedMember[]
  categories: HouseholdCategory[]
  /** The 社区地图 cell that links to this household, 1-based. */
  mapCell: { row: number; col: number } | null
  source: SourceRef & { lastRow: number }
}

/** Add a category once (same code and year); the first source is kept. */
export function addCategory(list: HouseholdCategory[], category: HouseholdCategory): boolean {
  if (list.some((c) => c.code === category.code && c.year === category.year)) return false
  list.push(category)
  return true
}

/** Sort categories for stable output: registry order (priority), then year. */
export function sortCategories(list: HouseholdCategory[]): HouseholdCategory[] {
  const rank = (code: string) => BUILTIN_CATEGORY_CODES.indexOf(code)
  return list.sort((a, b) => rank(a.code) - rank(b.code) || (a.year ?? 0) - (b.year ?? 0))
}
