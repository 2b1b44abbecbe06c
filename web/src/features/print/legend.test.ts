import { describe, expect, it } from 'vitest'
import { EMPTY_FILTERS } from '../../state/url-state.ts'
import { compileHouseholds } from '../households/model.ts'
import { applyFilters } from '../households/filter.ts'
import { REGISTRY, VILLAGE } from '../households/fixtures.test-data.ts'
import { countSheet, deidentifiedGlyphs, FOCUS_COLOUR, legendEntries } from './legend.ts'

const model = compileHouseholds(VILLAGE, REGISTRY)
const cats = REGISTRY.map((c) => ({ code: c.code, colour: c.colour, label: c.code }))
const labels = { none: 'none', movedOut: 'moved', unlinked: 'unlinked', focus: '重点关注户' }

describe('sheet counts', () => {
  it('a whole-village sheet counts like the filter (and the stats API): unplaced included', () => {
    const r = applyFilters(model, EMPTY_FILTERS)
    const c = countSheet(model, r.pass, null, null)
    expect(c.households).toBe(r.total.households)
    expect(c.byCategory).toEqual(r.total.byCategory)
    expect(c.unplaced).toBe(1)
    expect(c.people).toBe(18)
    expect(c.peopleByCategory.dibao).toBe(6)
  })

  it('a view counts the placed households inside it only', () => {
    const r = applyFilters(model, EMPTY_FILTERS)
    // Households 1–3 sit at lng 111.001–111.003.
    const c = countSheet(model, r.pass, null, [111.0005, 21.7, 111.0035, 21.9])
    expect(c.households).toBe(3)
    expect([...c.on]).toEqual([1, 1, 1, 0, 0, 0])
  })

  it('legend rows follow the registry, then none / moved out / not linked', () => {
    const c = countSheet(model, applyFilters(model, EMPTY_FILTERS).pass, null, null)
    const rows = legendEntries(c, cats, false, labels)
    expect(rows.map((r) => [r.label, r.households])).toEqual([
      ['dibao', 2],
      ['wubao', 1],
      ['poverty_relief', 2],
      ['monitored', 2],
      ['disability_12', 1],
      ['disability_34', 1],
      ['none', 1],
      ['moved', 1],
      ['unlinked', 1],
    ])
    expect(rows[0]!.spec).toEqual({ status: 'active', colours: ['#e6194b'] })
  })

  it('de-identified: one 重点关注户 row and one ring colour for every household with a category', () => {
    const c = countSheet(model, applyFilters(model, EMPTY_FILTERS).pass, null, null)
    const rows = legendEntries(c, cats, true, labels)
    expect(rows[0]).toMatchObject({ label: '重点关注户', households: 5 })
    expect(rows.some((r) => r.label === 'dibao')).toBe(false)
    const g = deidentifiedGlyphs(model, null)
    expect(new Set(g.specs.flatMap((s) => s.colours))).toEqual(new Set([FOCUS_COLOUR]))
    expect(g.keys[3]).toBe('moved_out|')
  })
})
