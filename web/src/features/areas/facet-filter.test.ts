import { describe, expect, it } from 'vitest'
import { EMPTY_FILTERS } from '../../state/url-state.ts'
import { facetFilterOf, facetSearch, householdTileUrl } from './facet-filter.ts'

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

  it('builds tile URLs with the filter, the datum and the preview detail, each once', () => {
    const base = 'http://h/api/areas/440982101201/tiles/{z}/{x}/{y}.mvt'
    expect(householdTileUrl('440982101201', '', 'wgs84', false, 'http://h')).toBe(base)
    expect(householdTileUrl('440982101201', '?categories=dibao', 'gcj02', false, 'http://h')).toBe(`${base}?categories=dibao&datum=gcj02`)
    expect(householdTileUrl('440982101201', '', 'gcj02', true, 'http://h')).toBe(`${base}?datum=gcj02&detail=preview`)
    expect(householdTileUrl('440982101201', '?status=active', 'wgs84', true, 'http://h')).toBe(`${base}?status=active&detail=preview`)
  })
})
