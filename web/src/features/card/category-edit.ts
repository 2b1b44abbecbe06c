/**
 * Editing a household's own categories (低保, 五保, 精准扶贫 by year …) as a
 * set of ticks: the draft is built from the stored assignments, and the patch
 * sends the whole household-scope set back (the server replaces it), keeping
 * each assignment that stays exactly as it was (year, validity, note).
 * Member-scope categories (disability, left-behind child …) belong to members.
 */
import type { Category, CategoryAssignment, HouseholdCategoryInput } from '@cuntu/server/contract'

export interface CategoryDraft {
  /** Codes ticked. */
  codes: string[]
  /** Per-year codes: the years as typed ("2017, 2018"). */
  years: Record<string, string>
}

/** Household-scope categories, in registry priority order. */
export const householdScope = (registry: readonly Category[]) =>
  registry.filter((c) => c.scope === 'household').sort((a, b) => a.priority - b.priority || a.code.localeCompare(b.code))

export function draftOf(assignments: readonly CategoryAssignment[]): CategoryDraft {
  const own = assignments.filter((a) => a.memberId === null)
  const codes = [...new Set(own.map((a) => a.code))]
  const years: Record<string, string> = {}
  for (const a of own) {
    if (a.year === null) continue
    const list = years[a.code] ? years[a.code]!.split('、') : []
    if (!list.includes(String(a.year))) list.push(String(a.year))
    years[a.code] = list.sort().join('、')
  }
  return { codes, years }
}

/** Years as typed: 2017、2018 / 2017, 2018 / 2017 2018 / full-width digits. Null when one is not a year. */
export function parseYears(text: string): number[] | null {
  const half = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
  const parts = half.split(/[\s,，、;；]+/).filter(Boolean)
  const years: number[] = []
  for (const p of parts) {
    if (!/^\d{4}$/.test(p)) return null
    const y = Number(p)
    if (y < 1990 || y > 2100) return null
    if (!years.includes(y)) years.push(y)
  }
  return years.sort((a, b) => a - b)
}

export type DraftProblem = { code: string; kind: 'years' }

/**
 * The household-scope set to send, or the per-year categories whose years do
 * not read. A stored assignment that stays (same code and year) is sent back
 * as it was, so its validity and note survive.
 */
export function patchOf(
  draft: CategoryDraft,
  registry: readonly Category[],
  stored: readonly CategoryAssignment[],
): { categories: HouseholdCategoryInput[]; problems: DraftProblem[] } {
  const own = stored.filter((a) => a.memberId === null)
  const problems: DraftProblem[] = []
  const out: HouseholdCategoryInput[] = []
  const keep = (code: string, year: number | null): HouseholdCategoryInput => {
    const s = own.find((a) => a.code === code && a.year === year)
    return s ? { code, year, validFrom: s.validFrom, validTo: s.validTo, note: s.note } : { code, year }
  }
  for (const c of householdScope(registry)) {
    if (!draft.codes.includes(c.code)) continue
    if (!c.perYear) {
      out.push(keep(c.code, null))
      continue
    }
    const years = parseYears(draft.years[c.code] ?? '')
    if (years === null || years.length === 0) problems.push({ code: c.code, kind: 'years' })
    else for (const y of years) out.push(keep(c.code, y))
  }
  return { categories: out, problems }
}

/** Whether the draft would change anything. */
export function changed(draft: CategoryDraft, registry: readonly Category[], stored: readonly CategoryAssignment[]): boolean {
  const key = (c: { code: string; year?: number | null }) => `${c.code}|${c.year ?? ''}`
  const before = stored.filter((a) => a.memberId === null).map(key).sort()
  const { categories, problems } = patchOf(draft, registry, stored)
  if (problems.length > 0) return true
  const after = categories.map(key).sort()
  return before.length !== after.length || before.some((k, i) => k !== after[i])
}
