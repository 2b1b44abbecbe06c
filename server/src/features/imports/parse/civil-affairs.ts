/**
 * The 民政对象 sheet: one row per registration (户号, name, group, kind,
 * people covered). A household can appear several times, once per kind (the
 * sample lists 0200141 as both 精准扶贫户 and 一二级残疾). Every household listed
 * here is a registered civil-affairs object (category civil_affairs).
 */
import { BUILTIN_CATEGORIES, type BuiltinCategoryCode } from '@cuntu/domain'
import { isBlank, type SheetRows } from './cells.ts'
import { categoryDefinition, categoryForLabel } from './category-labels.ts'
import { buildMapping, columnFor, detectHeader, type ColumnMapping, type FieldSpec } from './header.ts'
import { makeIssue, type ImportIssue } from './issues.ts'
import { addCategory, sortCategories, type ParsedHousehold, type SourceRef } from './model.ts'
import { parseGroup, parseHuhao, parseNumber, textOrNull } from './normalise.ts'

export const CIVIL_AFFAIRS_FIELDS = [
  { field: 'huhao', labelZh: '户号', labelEn: 'Household number', synonyms: ['户号', '户编号', '户口号', '户籍号', '家庭编号'], required: true },
  { field: 'name', labelZh: '户主姓名', labelEn: 'Name', synonyms: ['户主姓名', '姓名', '户主', '对象姓名', '申请人', '救助对象'] },
  { field: 'group', labelZh: '组别', labelEn: 'Village group', synonyms: ['组别', '村组', '组', '村民小组', '小组'] },
  { field: 'kind', labelZh: '类别', labelEn: 'Kind', synonyms: ['类别', '类型', '对象类别', '救助类别', '保障类别', '救助类型', '对象类型', '人员类别'], required: true },
  { field: 'peopleCovered', labelZh: '保障人数', labelEn: 'People covered', synonyms: ['保障人数', '享受人数', '救助人数', '保障人口', '人数'] },
  { field: 'notes', labelZh: '备注', labelEn: 'Notes', synonyms: ['备注', '说明'] },
] as const satisfies readonly FieldSpec[]

export type CivilAffairsField = (typeof CIVIL_AFFAIRS_FIELDS)[number]['field']

export interface CivilAffairsEntry {
  huhao: string | null
  name: string | null
  group: number | null
  /** 类别 as written, e.g. 低保户. */
  kindText: string | null
  /** The registry category the kind names; null when unknown (a warning says so). */
  category: BuiltinCategoryCode | null
  peopleCovered: number | null
  notes: string | null
  source: SourceRef
}

export interface CivilAffairsResult {
  sheet: string
  mapping: ColumnMapping<CivilAffairsField> | null
  entries: CivilAffairsEntry[]
  issues: ImportIssue[]
}

/** Read the 民政对象 sheet. */
export function parseCivilAffairsRows(sheet: string, rows: SheetRows): CivilAffairsResult {
  const detection = detectHeader(rows, CIVIL_AFFAIRS_FIELDS, { minScore: 2 })
  if (!detection) {
    return { sheet, mapping: null, entries: [], issues: [makeIssue('header_not_found', { sheet }, { scanned: Math.min(30, rows.length) })] }
  }
  const { mapping } = buildMapping(sheet, detection, CIVIL_AFFAIRS_FIELDS)
  const col = (f: CivilAffairsField) => columnFor(mapping, f)
  const issues: ImportIssue[] = []
  const entries: CivilAffairsEntry[] = []
  for (let i = mapping.dataStartRow - 1; i < rows.length; i++) {
    const values = rows[i] ?? []
    const get = (f: CivilAffairsField) => {
      const c = col(f)
      return c ? values[c.index] ?? null : null
    }
    if ((['huhao', 'name', 'kind'] as const).every((f) => isBlank(get(f)))) continue
    const rowNumber = i + 1
    const at = (f: CivilAffairsField) => ({ sheet, row: rowNumber, column: col(f)?.letter ?? null, field: f })
    const h = parseHuhao(get('huhao'))
    let huhao: string | null = null
    if (h === null) issues.push(makeIssue('civil_affairs_huhao_missing', at('huhao')))
    else if ('invalid' in h) issues.push(makeIssue('huhao_invalid', at('huhao'), { value: h.invalid }))
    else {
      huhao = h.value
      if (h.precisionLost) issues.push(makeIssue('huhao_precision_lost', at('huhao'), { value: h.value, digits: h.value.length }))
      else if (h.fromNumber) issues.push(makeIssue('huhao_stored_as_number', at('huhao'), { value: h.value }))
    }
    const kindText = textOrNull(get('kind'))
    const category = categoryForLabel(kindText)
    if (kindText !== null && category === null) issues.push(makeIssue('civil_affairs_kind_unknown', at('kind'), { value: kindText }))
    entries.push({
      huhao,
      name: textOrNull(get('name')),
      group: parseGroup(get('group')),
      kindText,
      category,
      peopleCovered: parseNumber(get('peopleCovered')),
      notes: textOrNull(get('notes')),
      source: { sheet, row: rowNumber },
    })
  }
  return { sheet, mapping, entries, issues }
}

/** Categories a 民政对象 kind may add to a household directly (member-level ones must come from a member). */
const HOUSEHOLD_SCOPE: ReadonlySet<string> = new Set(BUILTIN_CATEGORIES.filter((c) => c.scope === 'household').map((c) => c.code))

/**
 * Merge civil-affairs entries into the archive's households: every listed
 * household gets civil_affairs; household-level kinds (低保, 五保 …) are added
 * when missing; member-level kinds (一二级残疾) are only checked against the
 * members, since the sheet does not say which member. Per-year kinds without a
 * year are added only when no year of that category is known.
 */
export function mergeCivilAffairs(households: readonly ParsedHousehold[], result: CivilAffairsResult): ImportIssue[] {
  const issues: ImportIssue[] = []
  const byHuhao = new Map<string, ParsedHousehold>()
  for (const h of households) if (h.huhao !== null && !byHuhao.has(h.huhao)) byHuhao.set(h.huhao, h)
  const huhaoLetter = result.mapping ? columnFor(result.mapping, 'huhao')?.letter ?? null : null
  const kindLetter = result.mapping ? columnFor(result.mapping, 'kind')?.letter ?? null : null
  const nameLetter = result.mapping ? columnFor(result.mapping, 'name')?.letter ?? null : null
  for (const e of result.entries) {
    if (e.huhao === null) continue
    const at = (column: string | null, field: string) => ({ sheet: e.source.sheet, row: e.source.row, column, field })
    const h = byHuhao.get(e.huhao)
    if (!h) {
      issues.push(makeIssue('civil_affairs_huhao_unknown', at(huhaoLetter, 'huhao'), { huhao: e.huhao, value: e.huhao }))
      continue
    }
    addCategory(h.categories, { code: 'civil_affairs', from: 'civil_affairs' })
    const head = h.members.find((m) => m.isHead) ?? h.members[0]
    if (e.name && head && head.name !== '' && e.name !== head.name && !h.members.some((m) => m.name === e.name)) {
      issues.push(makeIssue('civil_affairs_name_mismatch', at(nameLetter, 'name'), { value: e.name, other: head.name }))
    }
    if (e.category === null) continue
    if (HOUSEHOLD_SCOPE.has(e.category)) {
      const perYear = categoryDefinition(e.category)?.perYear === true
      if (!(perYear && h.categories.some((c) => c.code === e.category))) {
        addCategory(h.categories, { code: e.category, from: 'civil_affairs' })
      }
    } else if (!h.members.some((m) => m.categories.some((c) => c.code === e.category))) {
      const def = categoryDefinition(e.category)
      issues.push(makeIssue('civil_affairs_category_mismatch', at(kindLetter, 'kind'), { label: def?.labelZh ?? e.category, labelEn: def?.labelEn ?? e.category, value: e.kindText ?? '' }))
    }
  }
  for (const h of households) sortCategories(h.categories)
  return issues
}
