/**
 * What village workbooks say about each category, in one table keyed by
 * registry code: the archive column that carries it (its synonyms, whether it
 * has one column per year), the words workers write for it in the 民政对象
 * sheet and the 社区地图 legend, and how our own export names it there. The
 * importer's header mapping, its category rules, the plan's "what can this
 * file say" and the exporter's columns are all derived from this table, so a
 * station-defined category that appears in workbooks needs one entry here.
 * Scope (household or member) and per-year come from the registry itself.
 */
import type { BuiltinCategoryCode } from './categories.ts'

export interface WorkbookColumn {
  /** The archive field's name in the importer's mapping. */
  field: string
  /** The canonical header (also the exported header). */
  labelZh: string
  labelEn: string
  /** Header texts meaning this column; the first is the canonical name. */
  synonyms: readonly string[]
  /** One column per year (2017精准扶贫, 2018精准扶贫 …). */
  perYear: boolean
}

export interface WorkbookCategory {
  code: BuiltinCategoryCode
  /** A 是/否 archive column of the household, or null when no column says it directly. */
  column: WorkbookColumn | null
  /** Archive fields whose text the importer reads this category from (残疾 → disability grades), besides `column`. */
  derivedFrom: readonly string[]
  /** Words naming the kind in 民政对象 类别 or a map legend, beyond the registry label. */
  words: readonly string[]
  /** The kind as the 民政对象 sheet lists it, for categories a registration can be for. */
  civilAffairsKind: string | null
}

/**
 * In the archive's column order (the export writes its columns so). A label is
 * read as the category of the longest word it contains (低保边缘户 → 低保边缘, not 低保).
 */
export const WORKBOOK_CATEGORIES = [
  {
    code: 'poverty_relief', derivedFrom: [], words: ['精准扶贫', '建档立卡', '贫困户', '脱贫户'], civilAffairsKind: '精准扶贫户',
    column: { field: 'povertyRelief', labelZh: '精准扶贫', labelEn: 'Targeted poverty relief', synonyms: ['精准扶贫', '精准扶贫户', '建档立卡', '建档立卡贫困户', '贫困户', '扶贫'], perYear: true },
  },
  {
    code: 'monitored', derivedFrom: [], words: ['防返贫监测', '监测户', '监测对象', '边缘易致贫', '脱贫不稳定'], civilAffairsKind: '防返贫监测户',
    column: { field: 'monitored', labelZh: '防返贫监测', labelEn: 'Relapse monitoring', synonyms: ['防返贫监测', '防返贫监测户', '监测户', '监测对象'], perYear: true },
  },
  {
    code: 'disability_12', column: null, derivedFrom: ['disability', 'health'], civilAffairsKind: null,
    words: ['一二级残疾', '一、二级残疾', '1-2级残疾', '一级残疾', '二级残疾', '重度残疾'],
  },
  {
    code: 'disability_34', column: null, derivedFrom: ['disability', 'health'], civilAffairsKind: null,
    words: ['三四级残疾', '三、四级残疾', '3-4级残疾', '三级残疾', '四级残疾'],
  },
  {
    code: 'wubao', derivedFrom: [], words: ['特困供养', '特困', '五保'], civilAffairsKind: '五保户',
    column: { field: 'wubao', labelZh: '五保', labelEn: 'Five-guarantee (wubao)', synonyms: ['五保', '五保户', '特困', '特困供养', '特困人员', '特困供养人员'], perYear: false },
  },
  {
    code: 'dibao', derivedFrom: [], words: ['低保'], civilAffairsKind: '低保户',
    column: { field: 'dibao', labelZh: '低保', labelEn: 'Minimum living allowance', synonyms: ['低保', '低保户', '低保对象'], perYear: false },
  },
  {
    code: 'dibao_edge', derivedFrom: [], words: ['低保边缘', '低边'], civilAffairsKind: '低保边缘户',
    column: { field: 'dibaoEdge', labelZh: '低保边缘', labelEn: 'Near minimum allowance', synonyms: ['低保边缘', '低保边缘户', '低边'], perYear: false },
  },
  { code: 'civil_affairs', column: null, derivedFrom: [], words: ['在民政对象录入', '民政对象'], civilAffairsKind: null },
  { code: 'left_behind_child', column: null, derivedFrom: [], words: ['留守儿童'], civilAffairsKind: null },
  { code: 'orphan', column: null, derivedFrom: [], words: ['孤儿', '事实无人抚养'], civilAffairsKind: null },
  { code: 'elderly_alone', column: null, derivedFrom: [], words: ['独居', '空巢'], civilAffairsKind: null },
  { code: 'elderly_80', column: null, derivedFrom: [], words: ['高龄', '80岁以上', '八十岁以上'], civilAffairsKind: null },
] as const satisfies readonly WorkbookCategory[]

/** Categories with an archive column of their own, in the table's order. */
export type WorkbookColumnCategory = Extract<(typeof WORKBOOK_CATEGORIES)[number], { column: WorkbookColumn }>

export const WORKBOOK_COLUMN_CATEGORIES = WORKBOOK_CATEGORIES.filter((c): c is WorkbookColumnCategory => c.column !== null)

/** The category whose column is `field`, if any. */
export function categoryOfColumn(field: string): WorkbookColumnCategory | undefined {
  return WORKBOOK_COLUMN_CATEGORIES.find((c) => c.column.field === field)
}
