import { describe, expect, it } from 'vitest'
import { BUILTIN_CATEGORIES } from './categories.ts'
import { categoryOfColumn, WORKBOOK_CATEGORIES, WORKBOOK_COLUMN_CATEGORIES } from './workbook.ts'

describe('the workbook table', () => {
  it('has one entry per built-in category, each field and word once', () => {
    expect(WORKBOOK_CATEGORIES.map((c) => c.code).sort()).toEqual(BUILTIN_CATEGORIES.map((c) => c.code).sort())
    const fields = WORKBOOK_COLUMN_CATEGORIES.map((c) => c.column.field)
    expect(new Set(fields).size).toBe(fields.length)
    const words = WORKBOOK_CATEGORIES.flatMap((c) => c.words)
    expect(new Set(words).size).toBe(words.length)
  })

  it('gives columns only to household categories, and per-year columns only to per-year ones', () => {
    for (const c of WORKBOOK_COLUMN_CATEGORIES) {
      const def = BUILTIN_CATEGORIES.find((d) => d.code === c.code)!
      expect({ code: c.code, scope: def.scope, perYear: def.perYear }).toEqual({ code: c.code, scope: 'household', perYear: c.column.perYear })
      expect(c.column.synonyms[0]).toBe(c.column.labelZh)
      expect(categoryOfColumn(c.column.field)?.code).toBe(c.code)
    }
    expect(categoryOfColumn('notes')).toBeUndefined()
  })

  it('spells each 民政对象 kind with one of its own words', () => {
    for (const c of WORKBOOK_CATEGORIES) {
      if (c.civilAffairsKind) expect(c.words.some((w) => c.civilAffairsKind!.includes(w))).toBe(true)
    }
  })
})
