/**
 * Category names as workers write them (低保户, 五保户, 精准扶贫户, 一二级残疾,
 * 在民政对象录入 …) → registry codes. Used for the 民政对象 sheet's 类别 column
 * and the 社区地图 legend. The registry's own zh labels always match; the
 * extra words are the spellings seen in workbooks.
 */
import { BUILTIN_CATEGORIES, type BuiltinCategoryCode } from '@cuntu/domain'
import { cleanText, toHalfWidth } from './normalise.ts'

/**
 * Checked in order, first match wins: longer and more specific words first
 * (低保边缘 before 低保, 三四级残疾 before 残疾).
 */
const WORDS: readonly [BuiltinCategoryCode, readonly string[]][] = [
  ['dibao_edge', ['低保边缘', '低边']],
  ['disability_12', ['一二级残疾', '一、二级残疾', '1-2级残疾', '一级残疾', '二级残疾', '重度残疾']],
  ['disability_34', ['三四级残疾', '三、四级残疾', '3-4级残疾', '三级残疾', '四级残疾']],
  ['monitored', ['防返贫监测', '监测户', '监测对象', '边缘易致贫', '脱贫不稳定']],
  ['poverty_relief', ['精准扶贫', '建档立卡', '贫困户', '脱贫户']],
  ['wubao', ['特困供养', '特困', '五保']],
  ['dibao', ['低保']],
  ['civil_affairs', ['在民政对象录入', '民政对象']],
  ['left_behind_child', ['留守儿童']],
  ['orphan', ['孤儿', '事实无人抚养']],
  ['elderly_alone', ['独居', '空巢']],
  ['elderly_80', ['高龄', '80岁以上', '八十岁以上']],
]

function squash(text: string): string {
  return cleanText(toHalfWidth(text)).replace(/\s+/g, '')
}

/** The category a label names, or null. */
export function categoryForLabel(text: string | null | undefined): BuiltinCategoryCode | null {
  if (!text) return null
  const s = squash(text)
  if (s === '') return null
  const exact = BUILTIN_CATEGORIES.find((c) => squash(c.labelZh) === s)
  if (exact) return exact.code
  for (const [code, words] of WORDS) {
    if (words.some((w) => s.includes(w))) return code
  }
  return null
}

/** The registry definition of a code (labels for messages). */
export function categoryDefinition(code: string): (typeof BUILTIN_CATEGORIES)[number] | undefined {
  return BUILTIN_CATEGORIES.find((c) => c.code === code)
}
