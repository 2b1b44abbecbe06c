import { describe, expect, it } from 'vitest'
import { categoryForLabel } from './category-labels.ts'

describe('categoryForLabel', () => {
  it.each([
    ['低保户', 'dibao'],
    ['低保', 'dibao'],
    ['低保边缘户', 'dibao_edge'],
    ['五保户', 'wubao'],
    ['特困供养人员', 'wubao'],
    ['特困供养（五保）', 'wubao'],
    ['精准扶贫户', 'poverty_relief'],
    ['一二级残疾', 'disability_12'],
    ['三四级残疾', 'disability_34'],
    ['在民政对象录入', 'civil_affairs'],
    ['防返贫监测户', 'monitored'],
    [' 留守儿童 ', 'left_behind_child'],
  ])('%s → %s', (text, code) => {
    expect(categoryForLabel(text)).toBe(code)
  })
  it('returns null for other text', () => {
    expect(categoryForLabel('保密资料，请勿外传')).toBeNull()
    expect(categoryForLabel('')).toBeNull()
    expect(categoryForLabel(null)).toBeNull()
  })
})
