import { describe, expect, it } from 'vitest'
import { EMPTY_FILTERS } from '../../state/url-state.ts'
import { facetFilterOf, facetSearch } from './facet-filter.ts'

describe('facet filter of the URL state', () => {
  it('is empty for no filters', () => {
    expect(facetSearch(EMPTY_FILTERS)).toBe('')
  })

  it('carries every facet the URL has, in the API spelling', () => {
    const f = { cats: ['wubao', 'dibao'], match: 'all' as const, group: 3, status: 'active' as const, age: 'aged80' as const, dis: 'visual' as const, grade: '12' as const, year: 2018 }
    expect(facetSearch(f)).toBe('?categories=dibao,wubao&match=all&group=3&status=active&year=2018&age=aged80&dis=visual&grade=12')
  })

  it('leaves out the group facet for households without a group (the API has no spelling for it yet)', () => {
    expect(facetFilterOf({ ...EMPTY_FILTERS, group: 'none' }).group).toBeUndefined()
  })
})
