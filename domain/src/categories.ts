/**
 * The category registry: every status a household or member can hold.
 * This is the single source of labels, colours and priority; the database is
 * seeded from it, the API serves it, the map colours with it and the importer
 * maps workbook columns onto its codes. A station may add its own rows in the
 * database (`builtin = false`); the built-in codes below never change meaning.
 */

export type CategoryScope = 'household' | 'member'

export interface CategoryDefinition {
  code: string
  labelZh: string
  labelEn: string
  /**
   * CSS hex colour, `#rrggbb`. Chosen to stay apart for the common colour-vision deficiencies:
   * every pair of built-ins is at least ΔE2000 20 apart in normal vision and 10 under simulated
   * protanopia and deuteranopia (categories-palette.test.ts checks it).
   */
  colour: string
  scope: CategoryScope
  /** Lower draws first (innermost / first ring segment) and sorts first in legends. */
  priority: number
  /** Assignments hold for a calendar year (精准扶贫 2017, 2018 …) rather than open-ended. */
  perYear: boolean
}

export const BUILTIN_CATEGORIES = [
  { code: 'dibao', labelZh: '低保', labelEn: 'Minimum living allowance', colour: '#e2315b', scope: 'household', priority: 10, perYear: false },
  { code: 'dibao_edge', labelZh: '低保边缘', labelEn: 'Near minimum allowance', colour: '#ff811f', scope: 'household', priority: 20, perYear: false },
  { code: 'wubao', labelZh: '特困供养（五保）', labelEn: 'Extreme-poverty support (five-guarantee)', colour: '#862392', scope: 'household', priority: 30, perYear: false },
  { code: 'poverty_relief', labelZh: '精准扶贫', labelEn: 'Targeted poverty relief', colour: '#4dbd60', scope: 'household', priority: 40, perYear: true },
  { code: 'monitored', labelZh: '防返贫监测', labelEn: 'Relapse-into-poverty monitoring', colour: '#7f7d00', scope: 'household', priority: 50, perYear: true },
  { code: 'disability_12', labelZh: '一二级残疾', labelEn: 'Disability grade 1–2', colour: '#2751e6', scope: 'member', priority: 60, perYear: false },
  { code: 'disability_34', labelZh: '三四级残疾', labelEn: 'Disability grade 3–4', colour: '#42d4f4', scope: 'member', priority: 70, perYear: false },
  { code: 'left_behind_child', labelZh: '留守儿童', labelEn: 'Left-behind child', colour: '#f147f4', scope: 'member', priority: 80, perYear: false },
  { code: 'orphan', labelZh: '孤儿/事实无人抚养儿童', labelEn: 'Orphan / de facto unsupported child', colour: '#865a2d', scope: 'member', priority: 90, perYear: false },
  { code: 'elderly_alone', labelZh: '独居/空巢老人', labelEn: 'Elderly living alone / empty nest', colour: '#000075', scope: 'member', priority: 100, perYear: false },
  { code: 'elderly_80', labelZh: '高龄（80岁以上）', labelEn: 'Aged 80+', colour: '#469990', scope: 'member', priority: 110, perYear: false },
  { code: 'civil_affairs', labelZh: '在民政对象录入', labelEn: 'Registered civil-affairs object', colour: '#ffe119', scope: 'household', priority: 120, perYear: false },
] as const satisfies readonly CategoryDefinition[]

export type BuiltinCategoryCode = (typeof BUILTIN_CATEGORIES)[number]['code']

/** Column-head labels for narrow tables (the per-group tally), zh-CN and en; the full label goes in a tooltip. */
export const CATEGORY_SHORT_LABELS: Record<BuiltinCategoryCode, { zh: string; en: string }> = {
  dibao: { zh: '低保', en: 'Dibao' },
  dibao_edge: { zh: '低保边缘', en: 'Near-dibao' },
  wubao: { zh: '特困', en: 'Ext. poverty' },
  poverty_relief: { zh: '扶贫', en: 'Relief' },
  monitored: { zh: '监测', en: 'Monitored' },
  disability_12: { zh: '残疾1-2级', en: 'Disab. 1–2' },
  disability_34: { zh: '残疾3-4级', en: 'Disab. 3–4' },
  left_behind_child: { zh: '留守', en: 'Left-behind' },
  orphan: { zh: '孤儿', en: 'Orphan' },
  elderly_alone: { zh: '独居', en: 'Alone' },
  elderly_80: { zh: '高龄', en: '80+' },
  civil_affairs: { zh: '民政', en: 'Civ. affairs' },
}

/** A category's short label; a station's own category (no short label) keeps its full label. */
export function categoryShortLabel(c: { code: string; labelZh: string; labelEn: string }, lang: 'zh-CN' | 'en'): string {
  const s = (CATEGORY_SHORT_LABELS as Record<string, { zh: string; en: string } | undefined>)[c.code]
  if (s) return lang === 'en' ? s.en : s.zh
  return lang === 'en' ? c.labelEn : c.labelZh
}

export const BUILTIN_CATEGORY_CODES: readonly string[] = BUILTIN_CATEGORIES.map((c) => c.code)

/** Category codes are short identifiers: lower-case ASCII, digits and underscores. */
export const CATEGORY_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/

/** Disability types as the disability certificate (残疾人证) names them. */
export const DISABILITY_TYPES = [
  { code: 'visual', labelZh: '视力', labelEn: 'Visual' },
  { code: 'hearing', labelZh: '听力', labelEn: 'Hearing' },
  { code: 'speech', labelZh: '言语', labelEn: 'Speech' },
  { code: 'physical', labelZh: '肢体', labelEn: 'Physical' },
  { code: 'intellectual', labelZh: '智力', labelEn: 'Intellectual' },
  { code: 'mental', labelZh: '精神', labelEn: 'Mental' },
  { code: 'multiple', labelZh: '多重', labelEn: 'Multiple' },
] as const

export type DisabilityType = (typeof DISABILITY_TYPES)[number]['code']
export const DISABILITY_TYPE_CODES = DISABILITY_TYPES.map((d) => d.code) as [DisabilityType, ...DisabilityType[]]

/** The category a disability grade (1–4) rolls up to. */
export function disabilityCategoryForGrade(grade: number): 'disability_12' | 'disability_34' {
  if (!Number.isInteger(grade) || grade < 1 || grade > 4) throw new RangeError(`disability grade must be 1–4, got ${grade}`)
  return grade <= 2 ? 'disability_12' : 'disability_34'
}

/** Sort category definitions by registry priority, then code, for stable legends and ring order. */
export function byPriority<T extends { priority: number; code: string }>(a: T, b: T): number {
  return a.priority - b.priority || a.code.localeCompare(b.code)
}

/**
 * Categories one household cannot hold at once. 低保边缘 means "just above the 低保 line and not on 低保":
 * a household on both is a data error (the 民政 list was copied twice, or one status ended and was not removed).
 * The card editor, the households API and the importer all refuse such a pair with this one list.
 */
export const EXCLUSIVE_CATEGORY_PAIRS = [['dibao', 'dibao_edge']] as const satisfies readonly (readonly [BuiltinCategoryCode, BuiltinCategoryCode])[]

/** The first exclusive pair found among `codes`, or null. */
export function exclusiveConflict(codes: Iterable<string>): readonly [string, string] | null {
  const held = new Set(codes)
  return EXCLUSIVE_CATEGORY_PAIRS.find(([a, b]) => held.has(a) && held.has(b)) ?? null
}

/** The codes a category excludes (for an editor: ticking 低保 greys out 低保边缘). */
export function excludedBy(code: string): string[] {
  return EXCLUSIVE_CATEGORY_PAIRS.flatMap(([a, b]) => (a === code ? [b] : b === code ? [a] : []))
}

/** A built-in category's label in one language; the code itself for a station's own code. */
export function categoryLabel(code: string, lang: 'zh-CN' | 'en'): string {
  const c = BUILTIN_CATEGORIES.find((x) => x.code === code)
  return c ? (lang === 'en' ? c.labelEn : c.labelZh) : code
}
