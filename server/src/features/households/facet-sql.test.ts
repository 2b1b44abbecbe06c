import { describe, expect, it } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { facetWhere, heldCodes } from './facet-sql.ts'

const dialect = new PgDialect()
const render = (q: Parameters<PgDialect['sqlToQuery']>[0]) => dialect.sqlToQuery(q)

describe('facet SQL', () => {
  it('is `true` for an empty filter', () => {
    expect(render(facetWhere({})).sql).toBe('true')
  })

  it('binds every value as a parameter and reads only the row columns', () => {
    const q = render(facetWhere({ categories: ['dibao', 'wubao'], match: 'all', status: 'active', group: 3, age: 'minor', dis: 'visual', grade: '12' }))
    expect(q.sql).toBe(
      'h.status = $1 and h.group_number = $2 and h.categories @> array[$3, $4]::text[] and ' +
        'h.youngest_birth > current_date - make_interval(years => $5) and h.disabilities && array[$6, $7]::text[]',
    )
    expect(q.params).toEqual(['active', 3, 'dibao', 'wubao', 18, 'visual:1', 'visual:2'])
  })

  it('tests the year tokens with a year: any of them, or each one for all', () => {
    const any = render(facetWhere({ categories: ['poverty_relief', 'dibao'], match: 'any', year: 2017 }, 't'))
    expect(any.sql).toBe('t.category_tokens && array[$1, $2, $3, $4]::text[]')
    expect(any.params).toEqual(['poverty_relief', 'poverty_relief:2017', 'dibao', 'dibao:2017'])
    const all = render(facetWhere({ categories: ['poverty_relief', 'dibao'], match: 'all', year: 2017 }))
    expect(all.sql).toBe('h.category_tokens && array[$1, $2]::text[] and h.category_tokens && array[$3, $4]::text[]')
  })

  it('asks for aged 60+ and 80+ on the oldest member', () => {
    const q = render(facetWhere({ age: 'aged80' }))
    expect(q.sql).toBe('h.oldest_birth <= current_date - make_interval(years => $1)')
    expect(q.params).toEqual([80])
  })

  it('holds the codes of the year only when a year is given', () => {
    expect(render(heldCodes(undefined)).sql).toBe('h.categories')
    expect(render(heldCodes(2018, 't')).params).toEqual(['2018'])
  })
})
