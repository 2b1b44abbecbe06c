import { describe, expect, it } from 'vitest'
import { EMPTY_FILTERS, type Filters } from '../../state/url-state.ts'
import { compileHouseholds, categoriesFor, codesOf } from './model.ts'
import { applyFilters, gpuFilterValues } from './filter.ts'
import { REGISTRY, VILLAGE } from './fixtures.test-data.ts'

const model = compileHouseholds(VILLAGE, REGISTRY)
const run = (f: Partial<Filters>) => applyFilters(model, { ...EMPTY_FILTERS, ...f })
const passing = (f: Partial<Filters>) => [...run(f).pass].flatMap((v, i) => (v ? [model.huhao[i]] : []))

describe('compileHouseholds', () => {
  it('keeps every category of a household as bits in priority order', () => {
    expect(codesOf(model, model.categories[0]!)).toEqual(['dibao', 'disability_12'])
    expect(codesOf(model, model.categories[2]!)).toEqual(['poverty_relief', 'monitored', 'disability_34'])
  })
  it('marks households without a position and lists groups with none last', () => {
    expect([...model.hasPosition]).toEqual([1, 1, 1, 1, 0, 1])
    expect(model.groups).toEqual([1, 2, -1])
    expect(model.years).toEqual([2017, 2018, 2024, 2025])
  })
  it('applies a year to per-year categories only', () => {
    expect(codesOf(model, categoriesFor(model, 2, 2018))).toEqual(['poverty_relief', 'disability_34'])
    expect(codesOf(model, categoriesFor(model, 1, 2018))).toEqual([])
    expect(codesOf(model, categoriesFor(model, 5, 2018))).toEqual(['monitored'])
  })
})

describe('applyFilters', () => {
  it('without filters passes everyone and counts each household once per category', () => {
    const r = run({})
    expect(r.total.households).toBe(6)
    expect(r.total.byCategory).toEqual({ dibao: 2, wubao: 1, poverty_relief: 2, monitored: 2, disability_12: 1, disability_34: 1 })
    expect(r.unplaced).toBe(1)
    expect(r.byStatus).toEqual({ active: 4, moved_out: 1, unlinked: 1 })
    expect(r.noCategory).toBe(1)
    expect(r.byGroup).toEqual({
      '1': { households: 3, byCategory: { dibao: 2, wubao: 1, disability_12: 1, monitored: 1 } },
      '2': { households: 2, byCategory: { poverty_relief: 2, monitored: 1, disability_34: 1 } },
      none: { households: 1, byCategory: {} },
    })
  })
  it('matches any or all of the chosen categories', () => {
    expect(passing({ cats: ['dibao', 'poverty_relief'] })).toEqual(['0201001', '0201002', '0201003', '0201005'])
    expect(passing({ cats: ['dibao', 'wubao'], match: 'all' })).toEqual(['0201005'])
    expect(passing({ cats: ['nonexistent'] })).toEqual([])
  })
  it('filters 精准扶贫 by year like the stats API', () => {
    expect(passing({ cats: ['poverty_relief'], year: 2018 })).toEqual(['0201003'])
    expect(run({ year: 2018 }).total.byCategory.poverty_relief).toBe(1)
    expect(passing({ cats: ['monitored'], year: 2018 })).toEqual(['0201006'])
  })
  it('filters by group, status, age band and disability type and grade', () => {
    expect(passing({ group: 2 })).toEqual(['0201002', '0201003'])
    expect(passing({ group: 'none' })).toEqual(['0201004'])
    expect(passing({ status: 'moved_out' })).toEqual(['0201004'])
    expect(passing({ age: 'aged80' })).toEqual(['0201001'])
    expect(passing({ dis: 'visual' })).toEqual(['0201001'])
    expect(passing({ grade: '34' })).toEqual(['0201003'])
    expect(passing({ dis: 'visual', grade: '34' })).toEqual([])
  })
  it('counts each option with the other filters applied', () => {
    const r = run({ cats: ['dibao'], group: 1 })
    // categories: among group 1 regardless of the category choice
    expect(r.options.categories).toMatchObject({ dibao: 2, wubao: 1, disability_12: 1, poverty_relief: 0 })
    // groups: among 低保 households regardless of group
    expect(r.options.groups).toEqual({ '1': 2 })
    expect(r.options.status).toEqual({ active: 1, unlinked: 1 })
    expect(r.options.dis).toEqual({ visual: 1 })
    expect(r.options.grade).toEqual({ '12': 1 })
  })
  it('hides unplaced households from the GPU but still counts them', () => {
    const r = run({ cats: ['wubao'] })
    expect(r.total.households).toBe(1)
    expect([...gpuFilterValues(model, r.pass)]).toEqual([0, 0, 0, 0, 0, 0])
  })
})
