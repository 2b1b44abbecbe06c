import { describe, expect, it } from 'vitest'
import { areaLevelOfCode, parentAreaCode, villageCodeRange } from './places.ts'
import { BUILTIN_CATEGORIES, CATEGORY_CODE_PATTERN, disabilityCategoryForGrade } from './categories.ts'

describe('area codes', () => {
  it('reads the level from trailing zeros', () => {
    expect(areaLevelOfCode('440000000000')).toBe('province')
    expect(areaLevelOfCode('440800000000')).toBe('city')
    expect(areaLevelOfCode('440882000000')).toBe('county')
    expect(areaLevelOfCode('440882105000')).toBe('township')
    expect(areaLevelOfCode('440882105201')).toBe('village')
  })
  it('finds the parent one level up', () => {
    expect(parentAreaCode('440882105201')).toBe('440882105000')
    expect(parentAreaCode('440882105000')).toBe('440882000000')
    expect(parentAreaCode('440000000000')).toBeNull()
  })
  it('rejects codes that are not 12 digits', () => {
    expect(() => areaLevelOfCode('4408')).toThrow(RangeError)
    expect(() => areaLevelOfCode('44088210520x')).toThrow(RangeError)
  })
})

describe('category registry', () => {
  it('has unique codes that match the code pattern, and distinct colours', () => {
    const codes = BUILTIN_CATEGORIES.map((c) => c.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const c of codes) expect(c).toMatch(CATEGORY_CODE_PATTERN)
    const colours = BUILTIN_CATEGORIES.map((c) => c.colour.toLowerCase())
    expect(new Set(colours).size).toBe(colours.length)
  })
  it('rolls disability grades into the two map categories', () => {
    expect(disabilityCategoryForGrade(1)).toBe('disability_12')
    expect(disabilityCategoryForGrade(2)).toBe('disability_12')
    expect(disabilityCategoryForGrade(3)).toBe('disability_34')
    expect(disabilityCategoryForGrade(4)).toBe('disability_34')
    expect(() => disabilityCategoryForGrade(5)).toThrow(RangeError)
  })
})

describe('villageCodeRange', () => {
  it('is the code itself for a village and the prefix range above', () => {
    expect(villageCodeRange('440882105201')).toEqual({ lo: '440882105201', hi: '440882105201' })
    expect(villageCodeRange('440882105000')).toEqual({ lo: '440882105000', hi: '440882105999' })
    expect(villageCodeRange('440800000000')).toEqual({ lo: '440800000000', hi: '440899999999' })
  })
})
