/**
 * Header detection and column mapping. Village workbooks put title rows above
 * the header, and often a two-row header: merged group headings (家庭基本信息 /
 * 住户了解基本情况 / 社会救助服务对象) on the first row, the real column names on
 * the second. Columns are matched by name with synonyms, so their order and
 * spelling can vary; the worker can correct the result (applyMappingOverrides).
 */
import { cellText, columnIndex, columnLetter, isBlank, type CellValue, type SheetRows } from './cells.ts'
import { WORKBOOK_COLUMN_CATEGORIES } from '@cuntu/domain'
import { toHalfWidth } from './normalise.ts'

/** A canonical field a column can be mapped to, with its synonyms. */
export interface FieldSpec<F extends string = string> {
  field: F
  labelZh: string
  labelEn: string
  /** Header texts meaning this field, compared after normaliseHeader. The first is the canonical name. */
  synonyms: readonly string[]
  /** Per-year columns (2017精准扶贫, 2018年精准扶贫): many columns, each with its year. */
  perYear?: boolean
  /** The header is expected; its absence is reported. */
  required?: boolean
}

/** The archive columns that carry a category, as the workbook table defines them. */
function categoryColumns(perYear: boolean) {
  return WORKBOOK_COLUMN_CATEGORIES.filter((c) => c.column.perYear === perYear).map((c) => c.column)
}

export const ARCHIVE_FIELDS = [
  { field: 'seq', labelZh: '序号', labelEn: 'Sequence number', synonyms: ['序号', '序', 'no'] },
  { field: 'huhao', labelZh: '户号', labelEn: 'Household number', synonyms: ['户号', '户编号', '户口号', '户籍号', '户码', '家庭编号', '户口编号'], required: true },
  { field: 'name', labelZh: '姓名', labelEn: 'Name', synonyms: ['姓名', '成员姓名', '家庭成员姓名', '名字', '家庭成员'], required: true },
  { field: 'birthDate', labelZh: '出生年月日', labelEn: 'Birth date', synonyms: ['出生年月日', '出生日期', '出生年月', '生日', '出生时间'] },
  { field: 'group', labelZh: '组别', labelEn: 'Village group', synonyms: ['组别', '村组', '组', '村民小组', '小组', '所属组', '所在组'] },
  { field: 'relation', labelZh: '与户主关系', labelEn: 'Relation to head', synonyms: ['与户主关系', '关系', '家庭关系', '与户主的关系'] },
  { field: 'householdSize', labelZh: '家庭人口', labelEn: 'Household size', synonyms: ['家庭人口', '家庭人口数', '家庭人数', '户人口数', '人口', '人口数'] },
  { field: 'sex', labelZh: '性别', labelEn: 'Sex', synonyms: ['性别'] },
  { field: 'age', labelZh: '年龄', labelEn: 'Age', synonyms: ['年龄', '岁数'] },
  { field: 'ethnicity', labelZh: '民族', labelEn: 'Ethnicity', synonyms: ['民族'] },
  { field: 'marriedOut', labelZh: '外嫁', labelEn: 'Married out', synonyms: ['外嫁', '外嫁女'] },
  { field: 'doorNumber', labelZh: '门牌号', labelEn: 'Door number', synonyms: ['门牌号', '门牌', '门牌号码', '住址', '地址', '家庭住址'] },
  { field: 'housing', labelZh: '住房情况', labelEn: 'Housing', synonyms: ['住房情况', '住房', '房屋情况', '住房类型'] },
  { field: 'living', labelZh: '生活情况', labelEn: 'Living situation', synonyms: ['生活情况', '生活状况', '经济来源', '收入来源'] },
  { field: 'health', labelZh: '身体情况', labelEn: 'Health', synonyms: ['身体情况', '身体状况', '健康情况', '健康状况'] },
  { field: 'schooling', labelZh: '在校状态', labelEn: 'Schooling', synonyms: ['在校状态', '在校情况', '就学情况', '上学情况', '就读情况'] },
  { field: 'work', labelZh: '务工情况', labelEn: 'Work', synonyms: ['务工情况', '就业情况', '工作情况', '务工'] },
  // Category columns come from the workbook table (domain/src/workbook.ts): per-year ones, then 残疾, then 是/否 ones.
  ...categoryColumns(true),
  { field: 'disability', labelZh: '残疾', labelEn: 'Disability', synonyms: ['残疾', '残疾情况', '残疾类别', '残疾等级', '残疾类别及等级', '残疾类型'] },
  ...categoryColumns(false),
  { field: 'notes', labelZh: '备注', labelEn: 'Notes', synonyms: ['备注', '说明', '其他', '其它'] },
] as const satisfies readonly FieldSpec[]

export type ArchiveField = (typeof ARCHIVE_FIELDS)[number]['field']

export interface HeaderMatch<F extends string = string> {
  field: F
  year?: number
  /** 1 exact synonym, 0.95 year column, 0.7 header merely contains a synonym. */
  confidence: number
}

/**
 * Normalise a header for comparison: half-width, no whitespace or line breaks,
 * no bracketed hints ("（是/否）"), no leading 是否, no stray punctuation.
 */
export function normaliseHeader(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/[（(【[][^）)】\]]*[）)】\]]/g, '')
    .replace(/^是否/, '')
    .replace(/[:：*＊?？、.。,，]/g, '')
    .toLowerCase()
}

const YEAR = /(?:19|20)\d{2}/

// Identity and contact columns: never guess a mapping for them by substring.
const NEVER_BY_SUBSTRING = /证|号码|电话|手机|联系|账号|银行/

/** Match one header text to a field. */
export function matchHeader<F extends string>(text: string, specs: readonly FieldSpec<F>[]): HeaderMatch<F> | null {
  const h = normaliseHeader(text)
  if (h === '') return null
  // Per-year columns: the year anywhere in the header, even in brackets
  // (精准扶贫(2019年)), the field word around it.
  const year = YEAR.exec(toHalfWidth(text))
  if (year) {
    const rest = normaliseHeader(toHalfWidth(text).replace(year[0], '')).replace(/^年度?|年度?$/g, '')
    for (const spec of specs) {
      if (spec.perYear && spec.synonyms.some((s) => rest === s || rest.includes(s))) {
        return { field: spec.field, year: Number(year[0]), confidence: 0.95 }
      }
    }
  }
  for (const spec of specs) {
    if (spec.synonyms.some((s) => s === h)) return { field: spec.field, confidence: 1 }
  }
  if (NEVER_BY_SUBSTRING.test(h)) return null
  // Header contains a synonym (户主姓名 ⊃ 姓名): the longest contained synonym wins.
  let best: { spec: FieldSpec<F>; length: number } | null = null
  for (const spec of specs) {
    for (const s of spec.synonyms) {
      if (s.length >= 2 && h.includes(s) && (!best || s.length > best.length)) best = { spec, length: s.length }
    }
  }
  return best ? { field: best.spec.field, confidence: 0.7 } : null
}

export interface HeaderColumn {
  /** 0-based column index. */
  index: number
  letter: string
  /** The header text shown to the worker (lower header row, or upper when the lower is blank). */
  text: string
  /** The group heading above it in a two-row header, e.g. 家庭基本信息. */
  group?: string
}

export interface HeaderDetection {
  /** 1-based rows the header occupies (one or two). */
  headerRows: number[]
  /** 1-based first data row. */
  dataStartRow: number
  columns: HeaderColumn[]
}

export interface MappedColumn<F extends string = string> extends HeaderColumn {
  field: F | null
  year?: number
  confidence: number
  /** The worker set this mapping by hand. */
  overridden?: boolean
}

export interface ColumnMapping<F extends string = string> {
  sheet: string
  headerRows: number[]
  dataStartRow: number
  columns: MappedColumn<F>[]
  /** Header texts that map to no field (shown to the worker to map by hand). */
  unmapped: string[]
  /** Expected fields with no column. */
  missing: F[]
  /** 0–1: how sure we are the mapping is right (see mappingConfidence). */
  confidence: number
}

const DEFAULT_SCAN_ROWS = 30

/** How many cells of a row are clearly header names (exact or per-year match). */
function headerScore<F extends string>(row: readonly CellValue[] | undefined, specs: readonly FieldSpec<F>[]): { score: number; fields: Set<F> } {
  const fields = new Set<F>()
  let score = 0
  for (const v of row ?? []) {
    if (typeof v !== 'string' || isBlank(v)) continue
    const m = matchHeader(v, specs)
    if (m && m.confidence >= 0.95) {
      // Merged group headings repeat one value; count each field once (per-year columns each count).
      if (!fields.has(m.field) || m.year !== undefined) score++
      fields.add(m.field)
    }
  }
  return { score, fields }
}

/**
 * Find the header: the row in the first `scanRows` with most recognised column
 * names, needing at least `minScore` and one of the key fields. A neighbouring
 * row with names of its own joins it as a two-row header; a row above that holds
 * only group headings becomes the columns' `group`.
 */
export function detectHeader<F extends string>(
  rows: SheetRows,
  specs: readonly FieldSpec<F>[],
  options: { scanRows?: number; minScore?: number; keyFields?: readonly F[] } = {},
): HeaderDetection | null {
  const scanRows = Math.min(options.scanRows ?? DEFAULT_SCAN_ROWS, rows.length)
  const minScore = options.minScore ?? 2
  const keyFields = options.keyFields ?? specs.filter((s) => s.required).map((s) => s.field)
  let best = -1
  let bestScore = 0
  for (let i = 0; i < scanRows; i++) {
    const { score, fields } = headerScore(rows[i], specs)
    const hasKey = keyFields.length === 0 || keyFields.some((f) => fields.has(f))
    if (hasKey && score >= minScore && score > bestScore) {
      best = i
      bestScore = score
    }
  }
  if (best < 0) return null

  // Two-row header: the row below also holds names → best is the upper row;
  // otherwise a non-blank row above is the upper row (group headings, or names
  // of vertically merged columns such as 序号 when merges were not propagated).
  let upper: number | null = null
  let lower = best
  if (best + 1 < rows.length && headerScore(rows[best + 1], specs).score >= 2) {
    upper = best
    lower = best + 1
  } else if (best > 0 && !isTitleRow(rows[best - 1]) && rows[best - 1]?.some((v) => !isBlank(v))) {
    upper = best - 1
  }

  const width = Math.max(rows[lower]?.length ?? 0, upper === null ? 0 : rows[upper]?.length ?? 0)
  const columns: HeaderColumn[] = []
  for (let c = 0; c < width; c++) {
    const lowerText = cellText(rows[lower]?.[c]).trim()
    const upperText = upper === null ? '' : cellText(rows[upper]?.[c]).trim()
    let text = lowerText
    let group: string | undefined
    if (upper !== null && upperText !== '' && upperText !== lowerText) {
      const upperMatch = matchHeader(upperText, specs)
      if (lowerText === '' || (upperMatch && upperMatch.confidence >= 0.95 && !matchHeader(lowerText, specs))) {
        // Lower cell empty (or not a name) under a real column name: the name is above.
        text = upperText
      } else {
        group = upperText
      }
    }
    if (text === '') continue
    columns.push(group === undefined ? { index: c, letter: columnLetter(c), text } : { index: c, letter: columnLetter(c), text, group })
  }
  const headerRows = upper === null ? [lower + 1] : [upper + 1, lower + 1]
  return { headerRows, dataStartRow: lower + 2, columns }
}

/**
 * A title row is one text repeated across a merged span (or a single cell) that
 * names no column, e.g. "XX村村民家庭档案（保密资料，请勿外传）". It is not part of the header.
 */
function isTitleRow(row: readonly CellValue[] | undefined): boolean {
  const texts = (row ?? []).filter((v) => !isBlank(v)).map((v) => cellText(v).trim())
  return texts.length > 0 && new Set(texts).size === 1 && /档案|名册|花名|保密|统计表|登记表|村$/.test(texts[0]!)
}

/**
 * Overall confidence: the mean confidence of mapped columns, lowered when the
 * key fields are missing or most headers are unknown. A low value means "ask
 * the worker to check the mapping before importing".
 */
export function mappingConfidence<F extends string>(columns: readonly MappedColumn<F>[], missingRequired: number): number {
  const mapped = columns.filter((c) => c.field !== null)
  if (mapped.length === 0) return 0
  const mean = mapped.reduce((s, c) => s + c.confidence, 0) / mapped.length
  const coverage = mapped.length / columns.length
  const penalty = Math.pow(0.5, missingRequired)
  return Math.round(mean * (0.5 + 0.5 * coverage) * penalty * 100) / 100
}

/** A second column for a field that already has one. */
export interface MappingDuplicate<F extends string = string> {
  column: MappedColumn<F>
  first: MappedColumn<F>
}

/** Map detected header columns to fields. Each field (or field and year) takes its first matching column. */
export function buildMapping<F extends string>(
  sheet: string,
  detection: HeaderDetection,
  specs: readonly FieldSpec<F>[],
): { mapping: ColumnMapping<F>; duplicates: MappingDuplicate<F>[] } {
  const columns: MappedColumn<F>[] = []
  const taken = new Map<string, MappedColumn<F>>()
  const duplicates: MappingDuplicate<F>[] = []
  for (const col of detection.columns) {
    const m = matchHeader(col.text, specs)
    const mc: MappedColumn<F> = { ...col, field: null, confidence: 0 }
    if (m) {
      const key = m.year === undefined ? m.field : `${m.field}:${m.year}`
      const first = taken.get(key)
      if (first) {
        // Two columns for one field (or one year): the first wins, the worker is told.
        duplicates.push({ column: mc, first })
      } else {
        mc.field = m.field
        mc.confidence = m.confidence
        if (m.year !== undefined) mc.year = m.year
        taken.set(key, mc)
      }
    }
    columns.push(mc)
  }
  return { mapping: finishMapping(sheet, detection.headerRows, detection.dataStartRow, columns, specs), duplicates }
}

function finishMapping<F extends string>(
  sheet: string,
  headerRows: number[],
  dataStartRow: number,
  columns: MappedColumn<F>[],
  specs: readonly FieldSpec<F>[],
): ColumnMapping<F> {
  const mappedFields = new Set(columns.map((c) => c.field).filter((f): f is F => f !== null))
  const missing = specs.filter((s) => s.required && !mappedFields.has(s.field)).map((s) => s.field)
  return {
    sheet,
    headerRows,
    dataStartRow,
    columns,
    unmapped: columns.filter((c) => c.field === null).map((c) => c.text),
    missing,
    confidence: mappingConfidence(columns, missing.length),
  }
}

/** The worker's correction for one column, keyed by column letter: a field (with year), or null to ignore it. */
export type MappingOverrides<F extends string = string> = Record<string, { field: F; year?: number } | null>

/**
 * Apply the worker's corrections. Overridden columns get confidence 1; a field
 * assigned by hand is taken away from any other column that had it (except
 * per-year fields for different years). Columns not in the header can be added
 * by letter.
 */
export function applyMappingOverrides<F extends string>(
  mapping: ColumnMapping<F>,
  overrides: MappingOverrides<F>,
  specs: readonly FieldSpec<F>[],
): ColumnMapping<F> {
  const columns = mapping.columns.map((c) => ({ ...c }))
  for (const [letterRaw, target] of Object.entries(overrides)) {
    const letter = letterRaw.toUpperCase()
    let col = columns.find((c) => c.letter === letter)
    if (!col) {
      if (!/^[A-Z]{1,3}$/.test(letter)) continue
      const index = columnIndex(letter)
      col = { index, letter, text: letter, field: null, confidence: 0 }
      columns.push(col)
    }
    if (target) {
      for (const other of columns) {
        if (other !== col && other.field === target.field && other.year === target.year) {
          other.field = null
          other.confidence = 0
          delete other.year
        }
      }
      col.field = target.field
      if (target.year === undefined) delete col.year
      else col.year = target.year
    } else {
      col.field = null
      delete col.year
    }
    col.confidence = 1
    col.overridden = true
  }
  columns.sort((a, b) => a.index - b.index)
  return finishMapping(mapping.sheet, mapping.headerRows, mapping.dataStartRow, columns, specs)
}

/** The column mapped to a single-valued field, or undefined. */
export function columnFor<F extends string>(mapping: ColumnMapping<F>, field: F): MappedColumn<F> | undefined {
  return mapping.columns.find((c) => c.field === field)
}

/** All columns of a per-year field, in sheet order. */
export function columnsFor<F extends string>(mapping: ColumnMapping<F>, field: F): MappedColumn<F>[] {
  return mapping.columns.filter((c) => c.field === field)
}
