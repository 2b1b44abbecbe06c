/**
 * The village's households compiled once into flat typed arrays, so that a
 * filter change is a loop over bitmasks (fast for 100,000 households) and
 * the map reads positions and glyph keys by index without per-feature objects.
 */
import { DISABILITY_TYPE_CODES, HOUSEHOLD_STATUSES, type HouseholdStatus } from '@cuntu/domain'
import type { Category, HouseholdCollection } from '@cuntu/server/contract'
import { AGE_BANDS } from '../../state/url-state.ts'

/** Category bit i = the i-th category of the registry in priority order. 32 bits: the built-ins use 12. */
export const MAX_CATEGORIES = 32

export interface HouseholdModel {
  count: number
  /** Registry codes in priority order; a household's category bit i is `categoryCodes[i]`. */
  categoryCodes: string[]
  ids: string[]
  huhao: string[]
  /** Village group number, or -1 for none. */
  group: Int32Array
  /** Index into HOUSEHOLD_STATUSES. */
  status: Uint8Array
  /** Every category held in any year. */
  categories: Uint32Array
  /** Per household: bits of per-year categories it holds ONLY in some years, with those years (null = any year). */
  yearly: Map<number, Map<number, (number | null)[]>>
  /** Bits over AGE_BANDS. */
  ageBands: Uint8Array
  /** Bit (typeIndex * 4 + grade - 1) over DISABILITY_TYPE_CODES × grades 1–4. */
  disabilities: Uint32Array
  /** [lng, lat] pairs, WGS84 degrees; NaN for a household not yet placed. */
  positions: Float64Array
  hasPosition: Uint8Array
  headName: (string | null)[]
  memberCount: Uint16Array
  /** Years seen in per-year categories (for the year filter), ascending. */
  years: number[]
  /** Group numbers present, ascending; -1 (none) last when present. */
  groups: number[]
}

export function statusIndex(s: HouseholdStatus): number {
  return HOUSEHOLD_STATUSES.indexOf(s)
}

export function disabilityBit(type: string, grade: number): number {
  const t = (DISABILITY_TYPE_CODES as readonly string[]).indexOf(type)
  if (t < 0 || grade < 1 || grade > 4) return 0
  return 1 << (t * 4 + grade - 1)
}

/** `categories` must be in priority order (the map colours rings in that order). */
export function compileHouseholds(fc: HouseholdCollection, categories: Pick<Category, 'code'>[]): HouseholdModel {
  const categoryCodes = categories.slice(0, MAX_CATEGORIES).map((c) => c.code)
  const bitOf = new Map(categoryCodes.map((c, i) => [c, i]))
  const n = fc.features.length
  const m: HouseholdModel = {
    count: n,
    categoryCodes,
    ids: new Array(n),
    huhao: new Array(n),
    group: new Int32Array(n),
    status: new Uint8Array(n),
    categories: new Uint32Array(n),
    yearly: new Map(),
    ageBands: new Uint8Array(n),
    disabilities: new Uint32Array(n),
    positions: new Float64Array(n * 2),
    hasPosition: new Uint8Array(n),
    headName: new Array(n),
    memberCount: new Uint16Array(n),
    years: [],
    groups: [],
  }
  const years = new Set<number>()
  const groups = new Set<number>()
  fc.features.forEach((f, i) => {
    const p = f.properties
    m.ids[i] = p.id
    m.huhao[i] = p.huhao
    m.group[i] = p.group ?? -1
    groups.add(p.group ?? -1)
    m.status[i] = Math.max(0, statusIndex(p.status))
    let bits = 0
    for (const c of p.categories) {
      const b = bitOf.get(c)
      if (b !== undefined) bits |= 1 << b
    }
    m.categories[i] = bits >>> 0
    const perYear = new Map<number, (number | null)[]>()
    for (const [code, ys] of Object.entries(p.categoryYears ?? {})) {
      const b = bitOf.get(code)
      if (b === undefined) continue
      for (const y of ys) if (y !== null) years.add(y)
      // Held without a year somewhere: counts for every year, like the server's year condition.
      if (!ys.includes(null)) perYear.set(b, ys)
    }
    if (perYear.size > 0) m.yearly.set(i, perYear)
    let age = 0
    for (const a of p.ageBands) age |= 1 << AGE_BANDS.indexOf(a)
    m.ageBands[i] = age
    let dis = 0
    for (const d of p.disabilities) {
      const [type, grade] = d.split(':')
      dis |= disabilityBit(type ?? '', Number(grade))
    }
    m.disabilities[i] = dis >>> 0
    const c = f.geometry?.coordinates
    m.positions[2 * i] = c ? c[0] : Number.NaN
    m.positions[2 * i + 1] = c ? c[1] : Number.NaN
    m.hasPosition[i] = c ? 1 : 0
    m.headName[i] = p.headName ?? null
    m.memberCount[i] = p.memberCount
  })
  m.years = [...years].sort((a, b) => a - b)
  m.groups = [...groups].filter((g) => g >= 0).sort((a, b) => a - b)
  if (groups.has(-1)) m.groups.push(-1)
  return m
}

/** The categories household `i` holds for `year` (all years when null): per-year ones only if held that year. */
export function categoriesFor(m: HouseholdModel, i: number, year: number | null): number {
  const all = m.categories[i]!
  if (year === null) return all
  const perYear = m.yearly.get(i)
  if (!perYear) return all
  let bits = all
  for (const [b, ys] of perYear) if (!ys.includes(year)) bits &= ~(1 << b)
  return bits >>> 0
}

/** Category codes for a bitmask, in priority order. */
export function codesOf(m: Pick<HouseholdModel, 'categoryCodes'>, bits: number): string[] {
  const out: string[] = []
  for (let b = 0; b < m.categoryCodes.length; b++) if (bits & (1 << b)) out.push(m.categoryCodes[b]!)
  return out
}
