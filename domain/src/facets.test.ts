import { describe, expect, it } from 'vitest'
import { aggregateLevelForZoom, disabilityTokens, facetQuery, isEmptyFilter, rollupAnswers, tallyAnswers } from './facets.ts'

describe('facets', () => {
  it('spells a filter as one canonical query: sorted codes, defaults left out', () => {
    expect(facetQuery({ categories: [], match: 'any' })).toBe('')
    expect(facetQuery({ categories: ['wubao', 'dibao', 'dibao'], match: 'all', year: 2017, age: 'senior', dis: 'visual', grade: '12' })).toBe(
      'categories=dibao,wubao&match=all&year=2017&age=senior&dis=visual&grade=12',
    )
    // With one category, any and all are the same filter.
    expect(facetQuery({ categories: ['dibao'], match: 'all' })).toBe(facetQuery({ categories: ['dibao'], match: 'any' }))
    expect(facetQuery({ categories: [], match: 'any', group: 0, status: 'active' })).toBe('group=0&status=active')
  })

  it('selects disability tokens by type and grade band', () => {
    expect(disabilityTokens()).toEqual([])
    expect(disabilityTokens('visual', '12')).toEqual(['visual:1', 'visual:2'])
    expect(disabilityTokens(undefined, '34')).toHaveLength(7 * 2)
    expect(disabilityTokens('mental')).toEqual(['mental:1', 'mental:2', 'mental:3', 'mental:4'])
  })

  it('says which filters the tallies answer and which need household rows', () => {
    expect(tallyAnswers({ categories: ['dibao'], match: 'any', year: 2017, dis: 'visual', status: 'active' })).toBe(true)
    expect(tallyAnswers({ categories: [], match: 'any', group: 3 })).toBe(false)
    expect(tallyAnswers({ categories: [], match: 'any', age: 'minor' })).toBe(false)
    expect(isEmptyFilter({ categories: [], match: 'all', year: 2017 })).toBe(true)
  })

  it('answers from the per-area rollups only a filter of nothing but a status', () => {
    expect(rollupAnswers({ categories: [], match: 'any' })).toBe(true)
    expect(rollupAnswers({ categories: [], match: 'any', status: 'moved_out' })).toBe(true)
    expect(rollupAnswers({ categories: ['dibao'], match: 'any' })).toBe(false)
    expect(rollupAnswers({ categories: [], match: 'any', year: 2017 })).toBe(false)
    expect(rollupAnswers({ categories: [], match: 'any', dis: 'visual' })).toBe(false)
    expect(rollupAnswers({ categories: [], match: 'any', grade: '12' })).toBe(false)
    expect(rollupAnswers({ categories: [], match: 'any', group: 2 })).toBe(false)
  })

  it('draws counties, townships, villages, then households as the zoom grows', () => {
    expect([6, 7, 8, 9, 10, 12, 13, 16].map(aggregateLevelForZoom)).toEqual(['county', 'county', 'township', 'township', 'village', 'village', null, null])
  })
})
