/**
 * Editing the categories a household or a member holds, as a set of ticks:
 * the draft is built from the stored assignments, and the patch sends the
 * whole set of that scope back (the server replaces it), keeping each
 * assignment that stays exactly as it was (year, validity, note). A member's
 * disability is one row, type and grade, and the grade picks the category
 * (一二级 / 三四级) as the registry's domain rule says.
 */
import { byPriority, disabilityCategoryForGrade, exclusiveConflict, toHalfWidth, type DisabilityType } from '@cuntu/domain'
import type { Category, CategoryAssignment, MemberCategoryInput } from '@cuntu/server/contract'

export type Scope = Category['scope']

export interface DisabilityDraft {
  type: DisabilityType | ''
  /** 1–4, or 0 for none. */
  grade: number
}

export interface CategoryDraft {
  /** Codes ticked (disability codes excluded: they come from `disability`). */
  codes: string[]
  /** Per-year codes: the years as typed ("2017、2018"). */
  years: Record<string, string>
  disability: DisabilityDraft
}

const DISABILITY_CODES: ReadonlySet<string> = new Set([disabilityCategoryForGrade(1), disabilityCategoryForGrade(4)])
export const isDisabilityCode = (code: string) => DISABILITY_CODES.has(code)

/** The categories ticked one by one for a scope, by registry priority (a member's disability has its own row). */
export const tickable = (registry: readonly Category[], scope: Scope) =>
  registry.filter((c) => c.scope === scope && !isDisabilityCode(c.code)).sort(byPriority)

export function draftOf(own: readonly CategoryAssignment[]): CategoryDraft {
  const codes = [...new Set(own.filter((a) => !isDisabilityCode(a.code)).map((a) => a.code))]
  const years: Record<string, string> = {}
  for (const a of own) {
    if (a.year === null) continue
    const list = years[a.code] ? years[a.code]!.split('、') : []
    if (!list.includes(String(a.year))) list.push(String(a.year))
    years[a.code] = list.sort().join('、')
  }
  const d = own.find((a) => isDisabilityCode(a.code))
  return { codes, years, disability: { type: d?.disabilityType ?? '', grade: d?.disabilityGrade ?? 0 } }
}

/** Years as typed: 2017、2018 / 2017, 2018 / 2017 2018 / full-width digits. Null when one is not a year. */
export function parseYears(text: string): number[] | null {
  const parts = toHalfWidth(text).split(/[\s,，、;；]+/).filter(Boolean)
  const years: number[] = []
  for (const p of parts) {
    if (!/^\d{4}$/.test(p)) return null
    const y = Number(p)
    if (y < 1990 || y > 2100) return null
    if (!years.includes(y)) years.push(y)
  }
  return years.sort((a, b) => a - b)
}

export type DraftProblem =
  | { code: string; kind: 'years' }
  | { code: 'disability'; kind: 'type' }
  /** Two ticks the registry declares exclusive (低保 with 低保边缘). */
  | { code: 'exclusive'; kind: 'exclusive'; pair: readonly [string, string] }

/**
 * The set to send for the scope, or what does not read yet. A stored
 * assignment that stays (same code, year, disability) goes back as it was, so
 * its validity and note survive.
 */
export function patchOf(
  draft: CategoryDraft,
  registry: readonly Category[],
  own: readonly CategoryAssignment[],
  scope: Scope,
): { categories: MemberCategoryInput[]; problems: DraftProblem[] } {
  const problems: DraftProblem[] = []
  const out: MemberCategoryInput[] = []
  const keep = (c: MemberCategoryInput): MemberCategoryInput => {
    const s = own.find((a) => a.code === c.code && a.year === c.year && (a.disabilityGrade ?? null) === (c.disabilityGrade ?? null) && (a.disabilityType ?? null) === (c.disabilityType ?? null))
    return s ? { ...c, validFrom: s.validFrom, validTo: s.validTo, note: s.note } : c
  }
  for (const c of tickable(registry, scope)) {
    if (!draft.codes.includes(c.code)) continue
    if (!c.perYear) {
      out.push(keep({ code: c.code, year: null }))
      continue
    }
    const years = parseYears(draft.years[c.code] ?? '')
    if (years === null || years.length === 0) problems.push({ code: c.code, kind: 'years' })
    else for (const y of years) out.push(keep({ code: c.code, year: y }))
  }
  if (scope === 'member' && draft.disability.grade > 0) {
    if (!draft.disability.type) problems.push({ code: 'disability', kind: 'type' })
    else {
      const grade = draft.disability.grade
      out.push(keep({ code: disabilityCategoryForGrade(grade), year: null, disabilityType: draft.disability.type, disabilityGrade: grade }))
    }
  }
  const pair = exclusiveConflict(out.map((c) => c.code))
  if (pair) problems.push({ code: 'exclusive', kind: 'exclusive', pair })
  return { categories: out, problems }
}

/** Whether the draft would change anything. */
export function changed(draft: CategoryDraft, registry: readonly Category[], own: readonly CategoryAssignment[], scope: Scope): boolean {
  const key = (c: { code: string; year?: number | null; disabilityType?: string | null; disabilityGrade?: number | null }) =>
    `${c.code}|${c.year ?? ''}|${c.disabilityType ?? ''}|${c.disabilityGrade ?? ''}`
  const { categories, problems } = patchOf(draft, registry, own, scope)
  if (problems.length > 0) return true
  const before = own.map(key).sort()
  const after = categories.map(key).sort()
  return before.length !== after.length || before.some((k, i) => k !== after[i])
}
