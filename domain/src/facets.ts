/**
 * The filter facets, defined once: what a map, a tile, a stats table and an
 * export can be narrowed by. The API's query schema, the SQL builder, the
 * tile URLs and the client's URL state and GPU filter all read these lists and
 * these two functions, so a facet means the same households everywhere.
 */
import { DISABILITY_TYPE_CODES, type DisabilityType } from './categories.ts'
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from './places.ts'

/** Age bands a household shows when any member is in it: under 18, 60 or older, 80 or older (age at today's date). */
export const AGE_BANDS = ['minor', 'senior', 'aged80'] as const
export type AgeBand = (typeof AGE_BANDS)[number]
/** Each band as a bound on a member's age in whole years: `below` (minor) or `atLeast`. */
export const AGE_BAND_YEARS: Record<AgeBand, { below?: number; atLeast?: number }> = {
  minor: { below: 18 },
  senior: { atLeast: 60 },
  aged80: { atLeast: 80 },
}

/** Disability grade bands, as the category registry splits them (一二级 / 三四级). */
export const GRADE_BANDS = ['12', '34'] as const
export type GradeBand = (typeof GRADE_BANDS)[number]
export const GRADES_OF_BAND: Record<GradeBand, readonly number[]> = { '12': [1, 2], '34': [3, 4] }

export const MATCH_MODES = ['any', 'all'] as const
export type MatchMode = (typeof MATCH_MODES)[number]

/**
 * A filter in the API's terms. Absent facets do not narrow. `year` only
 * narrows per-year categories (an open-ended assignment counts every year).
 */
export interface FacetFilter {
  categories: readonly string[]
  match: MatchMode
  group?: number
  status?: HouseholdStatus
  year?: number
  age?: AgeBand
  dis?: DisabilityType
  grade?: GradeBand
}

/** The facets in a fixed order: the API's query parameter names, in the order the canonical query lists them. */
export const FACET_PARAMS = ['categories', 'match', 'group', 'status', 'year', 'age', 'dis', 'grade'] as const
export type FacetParam = (typeof FACET_PARAMS)[number]

/** Facets that need members' ages or the village group: not answerable from the per-village tallies. */
export const LIVE_ONLY_FACETS: readonly FacetParam[] = ['group', 'age']

/**
 * The disability tokens (`type:grade`, as kept on the household row) that a
 * type and/or grade band selects; empty when neither is set.
 */
export function disabilityTokens(dis?: DisabilityType, grade?: GradeBand): string[] {
  if (!dis && !grade) return []
  const types = dis ? [dis] : DISABILITY_TYPE_CODES
  const grades = grade ? GRADES_OF_BAND[grade] : [1, 2, 3, 4]
  return types.flatMap((t) => grades.map((g) => `${t}:${g}`))
}

/**
 * The category tokens that mean "holds `code` in `year`": the open-ended
 * assignment (`code`) or that year's (`code:year`). Without a year any token
 * of the code counts, which the caller tests on the codes list instead.
 */
export function categoryTokens(code: string, year: number): string[] {
  return [code, `${code}:${year}`]
}

/** Whether a filter narrows by anything at all. */
export function isEmptyFilter(f: FacetFilter): boolean {
  return f.categories.length === 0 && f.group === undefined && !f.status && !f.age && !f.dis && !f.grade
}

/** Whether the per-village tallies can answer this filter (no member ages, no village group). */
export function tallyAnswers(f: FacetFilter): boolean {
  return f.group === undefined && !f.age
}

/**
 * Whether the per-area rollups can answer this filter: nothing but a status.
 * They carry households per held category over every year, so a year changes
 * the counts even with no category chosen.
 */
export function rollupAnswers(f: FacetFilter): boolean {
  return tallyAnswers(f) && f.categories.length === 0 && f.year === undefined && !f.dis && !f.grade
}

/**
 * The filter as API query parameters, canonical: fixed order, sorted category
 * codes, defaults left out. Equal filters give equal strings, so it serves as
 * a cache key and in tile URLs.
 */
export function facetQuery(f: FacetFilter): string {
  const p = new URLSearchParams()
  const cats = [...new Set(f.categories)].sort()
  if (cats.length) p.set('categories', cats.join(','))
  if (cats.length > 1 && f.match === 'all') p.set('match', 'all')
  if (f.group !== undefined) p.set('group', String(f.group))
  if (f.status) p.set('status', f.status)
  if (f.year !== undefined) p.set('year', String(f.year))
  if (f.age) p.set('age', f.age)
  if (f.dis) p.set('dis', f.dis)
  if (f.grade) p.set('grade', f.grade)
  return p.toString().replace(/%2C/g, ',')
}

/** Facet values a parameter may take (for the client's menus and the API's schema). */
export const FACET_VALUES = {
  match: MATCH_MODES,
  status: HOUSEHOLD_STATUSES,
  age: AGE_BANDS,
  dis: DISABILITY_TYPE_CODES,
  grade: GRADE_BANDS,
} as const

/**
 * Zoom levels at which the map draws aggregates instead of households, and of
 * which level: counties out to z7, townships z8–9, villages z10–12, households
 * from z13 (a z13 tile is about 4.5 km across at 22°N: two or three villages,
 * where single houses become legible).
 */
export const HOUSEHOLD_MIN_ZOOM = 13
export function aggregateLevelForZoom(z: number): 'county' | 'township' | 'village' | null {
  if (z >= HOUSEHOLD_MIN_ZOOM) return null
  if (z >= 10) return 'village'
  if (z >= 8) return 'township'
  return 'county'
}
