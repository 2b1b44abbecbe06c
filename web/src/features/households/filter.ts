/**
 * Filters and live counts over the compiled households: one CPU pass gives the
 * per-household 0/1 value the GPU filter reads, the counts for the legend and
 * the group tally, and the count beside every filter option (each facet
 * counted with the other facets applied, so a number says what ticking it gives).
 * Semantics follow the stats API: each household counts once per category it holds.
 */
import { DISABILITY_TYPE_CODES, HOUSEHOLD_STATUSES } from '@cuntu/domain'
import { AGE_BANDS, type Filters } from '../../state/url-state.ts'
import { categoriesFor, statusIndex, type HouseholdModel } from './model.ts'

export interface Tally {
  households: number
  byCategory: Record<string, number>
}

export interface FilterResult {
  /** 1 where the household passes every filter (positioned or not). */
  pass: Uint8Array
  /** Matching households and per-category counts (what the stats API returns for the same filter). */
  total: Tally
  /** Matching households that have no position yet, so are not drawn. */
  unplaced: number
  /** Matching households per register status, and those holding no category (the legend's extra rows). */
  byStatus: Record<string, number>
  noCategory: number
  /** Keyed like the stats API: group number as text, or "none". */
  byGroup: Record<string, Tally>
  /** Counts beside each option: households that would match if this option were chosen. */
  options: {
    categories: Record<string, number>
    groups: Record<string, number>
    status: Record<string, number>
    age: Record<string, number>
    dis: Record<string, number>
    grade: Record<string, number>
    year: Record<string, number>
  }
}

const F_CAT = 1
const F_GROUP = 2
const F_STATUS = 4
const F_AGE = 8
const F_DIS = 16
const F_YEAR = 32 // the year facet only narrows categories; its options count holders of a per-year category
const F_SPACE = 64 // the spatial question: household ids the server answered
const ALL = F_CAT | F_GROUP | F_STATUS | F_AGE | F_DIS | F_YEAR | F_SPACE

const GRADE_MASK: Record<'12' | '34', number> = { '12': 0b0011, '34': 0b1100 }

/** Disability bits for a type and/or grade band; every type / both bands when null. */
export function disabilityMask(type: string | null, grade: '12' | '34' | null): number {
  const g = grade ? GRADE_MASK[grade] : 0b1111
  let mask = 0
  DISABILITY_TYPE_CODES.forEach((t, ti) => {
    if (type === null || t === type) mask |= g << (ti * 4)
  })
  return mask >>> 0
}

export const groupKey = (g: number) => (g < 0 ? 'none' : String(g))

/** `within`: the ids a spatial question answered (null when none is asked), a facet like the others. */
export function applyFilters(m: HouseholdModel, f: Filters, within: ReadonlySet<string> | null = null): FilterResult {
  const bit = (code: string) => m.categoryCodes.indexOf(code)
  let want = 0
  for (const c of f.cats) {
    const b = bit(c)
    // An unknown code can never match: with "all" nothing passes, with "any" it adds nothing.
    if (b >= 0) want |= 1 << b
    else if (f.match === 'all') want = -1
  }
  const wantNone = f.cats.length > 0 && want === 0
  const groupWant = f.group === null ? null : f.group === 'none' ? -1 : f.group
  const statusWant = f.status === null ? -1 : statusIndex(f.status)
  const ageWant = f.age === null ? 0 : 1 << AGE_BANDS.indexOf(f.age)
  const disWant = f.dis === null && f.grade === null ? 0 : disabilityMask(f.dis, f.grade)
  const disByType = DISABILITY_TYPE_CODES.map((t) => disabilityMask(t, f.grade))
  const disByGrade = { '12': disabilityMask(f.dis, '12'), '34': disabilityMask(f.dis, '34') }

  const pass = new Uint8Array(m.count)
  const total: Tally = { households: 0, byCategory: {} }
  const byGroup: Record<string, Tally> = {}
  const options: FilterResult['options'] = { categories: {}, groups: {}, status: {}, age: {}, dis: {}, grade: {}, year: {} }
  const catCounts = new Uint32Array(m.categoryCodes.length)
  const optCat = new Uint32Array(m.categoryCodes.length)
  const inc = (rec: Record<string, number>, k: string) => (rec[k] = (rec[k] ?? 0) + 1)
  let unplaced = 0
  let noCategory = 0
  const byStatus: Record<string, number> = {}

  for (let i = 0; i < m.count; i++) {
    const held = categoriesFor(m, i, f.year)
    let ok = F_YEAR
    if (!within || within.has(m.ids[i]!)) ok |= F_SPACE
    if (wantNone || want === -1) {
      // an unknown category was asked for: nothing passes the category facet
    } else if (want === 0) ok |= F_CAT
    else if (f.match === 'any' ? (held & want) !== 0 : (held & want) >>> 0 === want >>> 0) ok |= F_CAT
    const g = m.group[i]!
    if (groupWant === null || g === groupWant) ok |= F_GROUP
    const s = m.status[i]!
    if (statusWant < 0 || s === statusWant) ok |= F_STATUS
    const a = m.ageBands[i]!
    if (ageWant === 0 || (a & ageWant) !== 0) ok |= F_AGE
    const d = m.disabilities[i]!
    if (disWant === 0 || (d & disWant) !== 0) ok |= F_DIS

    if (ok === ALL) {
      pass[i] = 1
      total.households++
      if (!m.hasPosition[i]) unplaced++
      if (held === 0) noCategory++
      inc(byStatus, HOUSEHOLD_STATUSES[s]!)
      const gk = groupKey(g)
      const gt = (byGroup[gk] ??= { households: 0, byCategory: {} })
      gt.households++
      for (let b = 0; b < m.categoryCodes.length; b++) {
        if (held & (1 << b)) {
          catCounts[b]!++
          inc(gt.byCategory, m.categoryCodes[b]!)
        }
      }
    }
    // Facet counts: pass every other facet.
    if ((ok | F_CAT) === ALL) for (let b = 0; b < m.categoryCodes.length; b++) if (held & (1 << b)) optCat[b]!++
    if ((ok | F_GROUP) === ALL) inc(options.groups, groupKey(g))
    if ((ok | F_STATUS) === ALL) inc(options.status, HOUSEHOLD_STATUSES[s]!)
    if ((ok | F_AGE) === ALL) for (let k = 0; k < AGE_BANDS.length; k++) if (a & (1 << k)) inc(options.age, AGE_BANDS[k]!)
    if ((ok | F_DIS) === ALL) {
      DISABILITY_TYPE_CODES.forEach((t, ti) => {
        if (d & disByType[ti]!) inc(options.dis, t)
      })
      if (d & disByGrade['12']) inc(options.grade, '12')
      if (d & disByGrade['34']) inc(options.grade, '34')
    }
    if ((ok | F_CAT) === ALL) {
      // Year options: households holding a per-year category in that year, under the non-category filters.
      const perYear = m.yearly.get(i)
      if (perYear) {
        const seen = new Set<number>()
        for (const ys of perYear.values()) for (const y of ys) if (y !== null) seen.add(y)
        for (const y of seen) inc(options.year, String(y))
      }
    }
  }
  m.categoryCodes.forEach((c, b) => {
    if (catCounts[b]) total.byCategory[c] = catCounts[b]!
    options.categories[c] = optCat[b]!
  })
  return { pass, total, unplaced, byStatus, noCategory, byGroup, options }
}

/** The per-household value the GPU filter keeps (1) or hides (0): passes the filters and has a position. */
export function gpuFilterValues(m: HouseholdModel, pass: Uint8Array, out = new Float32Array(m.count)): Float32Array {
  for (let i = 0; i < m.count; i++) out[i] = pass[i]! & m.hasPosition[i]!
  return out
}
