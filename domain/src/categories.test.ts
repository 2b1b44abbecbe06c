import { describe, expect, it } from 'vitest'
import { BUILTIN_CATEGORIES, BUILTIN_CATEGORY_CODES, categoryLabel, categoryShortLabel, EXCLUSIVE_CATEGORY_PAIRS, excludedBy, exclusiveConflict } from './categories.ts'

describe('exclusive categories', () => {
  it('declares 低保 and 低保边缘 as a pair of built-in codes', () => {
    expect(EXCLUSIVE_CATEGORY_PAIRS).toContainEqual(['dibao', 'dibao_edge'])
    for (const pair of EXCLUSIVE_CATEGORY_PAIRS) for (const code of pair) expect(BUILTIN_CATEGORY_CODES).toContain(code)
  })
  it('finds the pair among held codes, in any order, and nothing else', () => {
    expect(exclusiveConflict(['wubao', 'dibao_edge', 'dibao'])).toEqual(['dibao', 'dibao_edge'])
    expect(exclusiveConflict(['dibao', 'wubao', 'poverty_relief'])).toBeNull()
    expect(exclusiveConflict([])).toBeNull()
  })
  it('says what a code excludes, both ways', () => {
    expect(excludedBy('dibao')).toEqual(['dibao_edge'])
    expect(excludedBy('dibao_edge')).toEqual(['dibao'])
    expect(excludedBy('wubao')).toEqual([])
  })
  it('labels built-in codes in both languages and leaves a station code as it is', () => {
    expect(categoryLabel('dibao_edge', 'zh-CN')).toBe('低保边缘')
    expect(categoryLabel('dibao_edge', 'en')).toBe('Near minimum allowance')
    expect(categoryLabel('station_own', 'zh-CN')).toBe('station_own')
  })
})

describe('categoryShortLabel', () => {
  it('gives every built-in a short head for narrow tables, in both languages, and keeps a station code its full label', () => {
    for (const c of BUILTIN_CATEGORIES) {
      expect(categoryShortLabel(c, 'zh-CN').length).toBeLessThanOrEqual(6)
      expect(categoryShortLabel(c, 'en').length).toBeLessThanOrEqual(12)
    }
    expect(categoryShortLabel(BUILTIN_CATEGORIES[5], 'zh-CN')).toBe('残疾1-2级')
    expect(categoryShortLabel({ code: 'station_x', labelZh: '本站关爱对象', labelEn: 'Station care' }, 'en')).toBe('Station care')
  })
})
