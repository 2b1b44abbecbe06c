import { describe, expect, it } from 'vitest'
import type { Category, CategoryAssignment } from '@cuntu/server/contract'
import { changed, draftOf, parseYears, patchOf, tickable } from './category-edit.ts'

const cat = (code: string, scope: 'household' | 'member', priority: number, perYear = false): Category => ({
  code, labelZh: code, labelEn: code, colour: '#000000', scope, priority, perYear, builtin: true, stationCode: null,
})
const REGISTRY = [cat('wubao', 'household', 3), cat('dibao', 'household', 1), cat('poverty_relief', 'household', 4, true), cat('disability_12', 'member', 2), cat('disability_34', 'member', 5), cat('left_behind_child', 'member', 6)]
const MEMBER = '00000000-0000-4000-8000-000000000999'
let n = 0
const assigned = (code: string, year: number | null = null, extra: Partial<CategoryAssignment> = {}): CategoryAssignment => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, code, year, validFrom: null, validTo: null, source: 'import:x', note: null, memberId: null, disabilityType: null, disabilityGrade: null, ...extra,
})

const NONE = { type: '' as const, grade: 0 }

describe('category editing', () => {
  it('lists only household-scope categories, by registry priority', () => {
    expect(tickable(REGISTRY, 'household').map((c) => c.code)).toEqual(['dibao', 'wubao', 'poverty_relief'])
    expect(tickable(REGISTRY, 'member').map((c) => c.code)).toEqual(['left_behind_child'])
  })

  it('refuses 低保 with 低保边缘 as a problem that blocks saving, and lets either alone through', () => {
    const registry = [...REGISTRY, cat('dibao_edge', 'household', 2)]
    const both = patchOf({ codes: ['dibao_edge', 'dibao'], years: {}, disability: NONE }, registry, [], 'household')
    expect(both.problems).toEqual([{ code: 'exclusive', kind: 'exclusive', pair: ['dibao', 'dibao_edge'] }])
    expect(patchOf({ codes: ['dibao_edge', 'wubao'], years: {}, disability: NONE }, registry, [], 'household').problems).toEqual([])
  })

  it('drafts the stored own assignments, years joined, members left out', () => {
    const stored = [assigned('dibao'), assigned('poverty_relief', 2018), assigned('poverty_relief', 2017)]
    expect(draftOf(stored)).toEqual({ codes: ['dibao', 'poverty_relief'], years: { poverty_relief: '2017、2018' }, disability: { type: '', grade: 0 } })
  })

  it('sends the whole set back, keeping what stays as it was (validity, note)', () => {
    const stored = [assigned('dibao', null, { validFrom: '2020-01-01', note: '2020 年审批' }), assigned('poverty_relief', 2017)]
    const r = patchOf({ codes: ['dibao', 'wubao', 'poverty_relief'], years: { poverty_relief: '2017，２０１８' }, disability: NONE }, REGISTRY, stored, 'household')
    expect(r.problems).toEqual([])
    expect(r.categories).toEqual([
      { code: 'dibao', year: null, validFrom: '2020-01-01', validTo: null, note: '2020 年审批' },
      { code: 'wubao', year: null },
      { code: 'poverty_relief', year: 2017, validFrom: null, validTo: null, note: null },
      { code: 'poverty_relief', year: 2018 },
    ])
    expect(changed({ codes: ['dibao', 'poverty_relief'], years: { poverty_relief: '2017' }, disability: NONE }, REGISTRY, stored, 'household')).toBe(false)
    expect(changed({ codes: ['poverty_relief'], years: { poverty_relief: '2017' }, disability: NONE }, REGISTRY, stored, 'household')).toBe(true)
  })

  it('asks for years on a per-year category, and refuses what is not a year', () => {
    expect(patchOf({ codes: ['poverty_relief'], years: {}, disability: NONE }, REGISTRY, [], 'household').problems).toEqual([{ code: 'poverty_relief', kind: 'years' }])
    expect(parseYears('2017 2018、2018')).toEqual([2017, 2018])
    expect(parseYears('17')).toBeNull()
    expect(parseYears('1800')).toBeNull()
    expect(parseYears('')).toEqual([])
  })

  it("a member's disability is one row: the grade picks 一二级 or 三四级, and a type is required", () => {
    const stored = [assigned('disability_34', null, { memberId: MEMBER, disabilityType: 'visual', disabilityGrade: 3, note: '2019 年换证' }), assigned('left_behind_child', null, { memberId: MEMBER })]
    const draft = draftOf(stored)
    expect(draft).toEqual({ codes: ['left_behind_child'], years: {}, disability: { type: 'visual', grade: 3 } })
    expect(changed(draft, REGISTRY, stored, 'member')).toBe(false)
    // Unchanged disability keeps its note; a new grade moves it to the other category.
    expect(patchOf(draft, REGISTRY, stored, 'member').categories).toContainEqual({ code: 'disability_34', year: null, disabilityType: 'visual', disabilityGrade: 3, validFrom: null, validTo: null, note: '2019 年换证' })
    expect(patchOf({ ...draft, disability: { type: 'visual', grade: 2 } }, REGISTRY, stored, 'member').categories).toContainEqual({ code: 'disability_12', year: null, disabilityType: 'visual', disabilityGrade: 2 })
    expect(patchOf({ ...draft, disability: { type: '', grade: 2 } }, REGISTRY, stored, 'member').problems).toEqual([{ code: 'disability', kind: 'type' }])
    expect(patchOf({ ...draft, disability: { type: 'visual', grade: 0 } }, REGISTRY, stored, 'member').categories.map((c) => c.code)).toEqual(['left_behind_child'])
  })
})
