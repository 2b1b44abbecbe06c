import { describe, expect, it } from 'vitest'
import type { Category, CategoryAssignment } from '@cuntu/server/contract'
import { changed, draftOf, householdScope, parseYears, patchOf } from './category-edit.ts'

const cat = (code: string, scope: 'household' | 'member', priority: number, perYear = false): Category => ({
  code, labelZh: code, labelEn: code, colour: '#000000', scope, priority, perYear, builtin: true, stationCode: null,
})
const REGISTRY = [cat('wubao', 'household', 3), cat('dibao', 'household', 1), cat('poverty_relief', 'household', 4, true), cat('disability_12', 'member', 2)]
let n = 0
const assigned = (code: string, year: number | null = null, extra: Partial<CategoryAssignment> = {}): CategoryAssignment => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, code, year, validFrom: null, validTo: null, source: 'import:x', note: null, memberId: null, disabilityType: null, disabilityGrade: null, ...extra,
})

describe('household category editing', () => {
  it('lists only household-scope categories, by registry priority', () => {
    expect(householdScope(REGISTRY).map((c) => c.code)).toEqual(['dibao', 'wubao', 'poverty_relief'])
  })

  it('drafts the stored own assignments, years joined, members left out', () => {
    const stored = [assigned('dibao'), assigned('poverty_relief', 2018), assigned('poverty_relief', 2017), assigned('disability_12', null, { memberId: '00000000-0000-4000-8000-000000000999' })]
    expect(draftOf(stored)).toEqual({ codes: ['dibao', 'poverty_relief'], years: { poverty_relief: '2017、2018' } })
  })

  it('sends the whole set back, keeping what stays as it was (validity, note)', () => {
    const stored = [assigned('dibao', null, { validFrom: '2020-01-01', note: '2020 年审批' }), assigned('poverty_relief', 2017)]
    const r = patchOf({ codes: ['dibao', 'wubao', 'poverty_relief'], years: { poverty_relief: '2017，２０１８' } }, REGISTRY, stored)
    expect(r.problems).toEqual([])
    expect(r.categories).toEqual([
      { code: 'dibao', year: null, validFrom: '2020-01-01', validTo: null, note: '2020 年审批' },
      { code: 'wubao', year: null },
      { code: 'poverty_relief', year: 2017, validFrom: null, validTo: null, note: null },
      { code: 'poverty_relief', year: 2018 },
    ])
    expect(changed({ codes: ['dibao', 'poverty_relief'], years: { poverty_relief: '2017' } }, REGISTRY, stored)).toBe(false)
    expect(changed({ codes: ['poverty_relief'], years: { poverty_relief: '2017' } }, REGISTRY, stored)).toBe(true)
  })

  it('asks for years on a per-year category, and refuses what is not a year', () => {
    expect(patchOf({ codes: ['poverty_relief'], years: {} }, REGISTRY, []).problems).toEqual([{ code: 'poverty_relief', kind: 'years' }])
    expect(parseYears('2017 2018、2018')).toEqual([2017, 2018])
    expect(parseYears('17')).toBeNull()
    expect(parseYears('1800')).toBeNull()
    expect(parseYears('')).toEqual([])
  })
})
