/**
 * Category names as workers write them (低保户, 五保户, 精准扶贫户, 一二级残疾,
 * 在民政对象录入 …) → registry codes. Used for the 民政对象 sheet's 类别 column
 * and the 社区地图 legend. The registry's own zh labels always match; the
 * extra words are the spellings seen in workbooks (domain/src/workbook.ts).
 */
import { BUILTIN_CATEGORIES, WORKBOOK_CATEGORIES, type BuiltinCategoryCode } from '@cuntu/domain'
import { cleanText, toHalfWidth } from './normalise.ts'

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
  // The longest word the label contains decides (低保边缘户 is 低保边缘, not 低保).
  let best: { code: BuiltinCategoryCode; length: number } | null = null
  for (const c of WORKBOOK_CATEGORIES) {
    for (const w of c.words) if (s.includes(w) && (!best || w.length > best.length)) best = { code: c.code, length: w.length }
  }
  return best?.code ?? null
}

/** The registry definition of a code (labels for messages). */
export function categoryDefinition(code: string): (typeof BUILTIN_CATEGORIES)[number] | undefined {
  return BUILTIN_CATEGORIES.find((c) => c.code === code)
}
