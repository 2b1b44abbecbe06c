/**
 * The 村民家庭档案 sheet → households. One row per person; the household's
 * first row carries 序号 and 户号, which may be repeated on member rows, merged
 * over them (the reader copies the value down), or left blank. Rows are first
 * grouped into households, then each group is read; problems become issues and
 * never stop the parse.
 */
import { categoryOfColumn, WORKBOOK_COLUMN_CATEGORIES } from '@cuntu/domain'
import { cellText, isBlank, type CellValue, type SheetRows } from './cells.ts'
import { isAfterToday, parseDate } from './dates.ts'
import { mentionsDisability, parseDisability, type DisabilityInfo } from './disability.ts'
import type { ArchiveField, ColumnMapping, MappedColumn } from './header.ts'
import { ARCHIVE_FIELDS } from './header.ts'
import { makeIssue, type ImportIssue, type IssueCode, type IssueParams } from './issues.ts'
import { addCategory, sortCategories, type HouseholdCategory, type MemberCategory, type ParsedHousehold, type ParsedMember } from './model.ts'
import {
  cleanText,
  isHeadRelation,
  normaliseCode,
  parseGroup,
  parseHuhao,
  parseNumber,
  parseSex,
  parseYesNo,
  textOrNull,
} from './normalise.ts'

/** One cell of a row, with the column it came from. */
interface FieldCell {
  value: CellValue
  column: MappedColumn<ArchiveField>
}

/** A data row, its cells looked up by field. */
export interface ArchiveRow {
  /** 1-based row number. */
  row: number
  cells: Partial<Record<ArchiveField, FieldCell>>
  /** Per-year columns (精准扶贫, 防返贫监测): all of them. */
  yearly: { field: ArchiveField; year?: number; cell: FieldCell }[]
}

const LABELS = new Map<string, { labelZh: string; labelEn: string }>(ARCHIVE_FIELDS.map((f) => [f.field, f]))

/** Read a sheet row through the mapping. */
export function readArchiveRow(values: readonly CellValue[] | undefined, rowNumber: number, mapping: ColumnMapping<ArchiveField>): ArchiveRow {
  const record: ArchiveRow = { row: rowNumber, cells: {}, yearly: [] }
  for (const column of mapping.columns) {
    if (column.field === null) continue
    const cell = { value: values?.[column.index] ?? null, column }
    const spec = ARCHIVE_FIELDS.find((f) => f.field === column.field)
    if (spec && 'perYear' in spec && spec.perYear) {
      record.yearly.push(column.year === undefined ? { field: column.field, cell } : { field: column.field, year: column.year, cell })
    } else if (!record.cells[column.field]) {
      record.cells[column.field] = cell
    }
  }
  return record
}

const value = (r: ArchiveRow, f: ArchiveField): CellValue => r.cells[f]?.value ?? null

/** Key fields that alone do not make a person: a row with only these is a spacer or template leftover. */
const KEY_ONLY: ReadonlySet<ArchiveField> = new Set(['seq', 'huhao', 'group', 'householdSize'])

/** Whether a row holds no person: every mapped cell blank apart from key fields. */
export function isSpacerRow(r: ArchiveRow): boolean {
  for (const [field, cell] of Object.entries(r.cells) as [ArchiveField, FieldCell][]) {
    if (!KEY_ONLY.has(field) && !isBlank(cell.value)) return false
  }
  return r.yearly.every((y) => isBlank(y.cell.value))
}

/** A repeated header row (printed page headers copied into the data). */
export function isRepeatedHeader(r: ArchiveRow): boolean {
  let same = 0
  for (const cell of Object.values(r.cells)) {
    if (typeof cell.value === 'string' && cleanText(cell.value) === cleanText(cell.column.text)) same++
  }
  return same >= 3
}

/** The household key of a row: the parsed 户号, or the raw text when it is invalid. */
function huhaoKey(r: ArchiveRow): string | null {
  const h = parseHuhao(value(r, 'huhao'))
  if (h === null) return null
  return 'invalid' in h ? `invalid:${h.invalid}` : h.value
}

function seqKey(r: ArchiveRow): string | null {
  const v = value(r, 'seq')
  return isBlank(v) ? null : normaliseCode(cellText(v))
}

const isHead = (r: ArchiveRow) => isHeadRelation(textOrNull(value(r, 'relation')))

/**
 * Some files number every person in 序号, not every household. Then 序号 must
 * not split households. Judged by whether more member rows than head rows
 * carry a 序号 of their own (a merged 序号 copied down counts too, which is fine:
 * then 户号 or 户主 decide).
 */
export function seqNumbersPeople(rows: readonly ArchiveRow[]): boolean {
  let headRows = 0
  let memberRows = 0
  for (const r of rows) {
    if (seqKey(r) === null) continue
    if (isHead(r)) headRows++
    else if (textOrNull(value(r, 'relation')) !== null) memberRows++
  }
  return memberRows > headRows
}

/** Rows of one household, in sheet order. */
export interface RowGroup {
  rows: ArchiveRow[]
}

/**
 * Split data rows into households. A new household starts at a row whose 户号
 * differs from the current one; at a row without 户号 whose 序号 differs (when
 * 序号 numbers households); or at a 户主 row when the current household already
 * has a head. Other rows are members of the household above them.
 */
export function groupRows(rows: readonly ArchiveRow[]): RowGroup[] {
  const perPerson = seqNumbersPeople(rows)
  const groups: RowGroup[] = []
  let current: { group: RowGroup; huhao: string | null; seq: string | null; hasHead: boolean } | null = null
  for (const r of rows) {
    const h = huhaoKey(r)
    const s = perPerson ? null : seqKey(r)
    const head = isHead(r)
    let startNew = current === null
    if (current) {
      if (h !== null) {
        // Same 户号 continues the household (repeated or merged), unless a second
        // head with its own 序号 shows an adjacent household reusing the number.
        startNew = h !== current.huhao || (head && current.hasHead && s !== null && s !== current.seq)
      } else if (s !== null && s !== current.seq) {
        startNew = true
      } else {
        startNew = head && current.hasHead
      }
    }
    if (startNew || !current) {
      current = { group: { rows: [] }, huhao: h, seq: s, hasHead: false }
      groups.push(current.group)
    }
    current.group.rows.push(r)
    if (head) current.hasHead = true
    if (current.huhao === null && h !== null) current.huhao = h
    if (current.seq === null && s !== null) current.seq = s
  }
  return groups
}

/** Text that says the household register has moved out of the village. */
const MOVED_OUT = /迁出|已迁|迁往|迁走|户口已迁/

export function saysMovedOut(text: string | null): boolean {
  return text !== null && MOVED_OUT.test(text)
}

interface Ctx {
  sheet: string
  issues: ImportIssue[]
}

function issueAt(ctx: Ctx, code: IssueCode, r: ArchiveRow | number, cell: FieldCell | undefined, params: IssueParams = {}): void {
  const row = typeof r === 'number' ? r : r.row
  const field = cell?.column.field ?? null
  const label = field ? LABELS.get(field) : undefined
  ctx.issues.push(
    makeIssue(code, { sheet: ctx.sheet, row, column: cell?.column.letter ?? null, field }, {
      ...(label ? { label: label.labelZh, labelEn: label.labelEn } : {}),
      ...params,
    }),
  )
}

/** Disability of a member from the 残疾 cell, completed from 身体情况 when that names the type. */
function memberDisability(ctx: Ctx, r: ArchiveRow): DisabilityInfo | null {
  const disabilityCell = r.cells.disability
  const healthCell = r.cells.health
  const text = textOrNull(disabilityCell?.value)
  const health = textOrNull(healthCell?.value)
  const fromColumn = parseDisability(text)
  const fromHealth = mentionsDisability(health) ? parseDisability(health) : null
  if (!fromColumn) {
    if (!fromHealth || fromHealth.flags.includes('unrecognised')) return null
    issueAt(ctx, 'disability_from_health', r, healthCell, { value: health ?? '' })
    return fromHealth
  }
  const info: DisabilityInfo = { ...fromColumn, flags: [...fromColumn.flags] }
  if (fromHealth && !fromHealth.flags.includes('unrecognised')) {
    // The sample writes 二级残疾 under 残疾 and 精神二级残疾 under 身体情况:
    // the type (or grade) lives in the health column.
    let usedHealth = false
    if (info.grade !== undefined && fromHealth.grade !== undefined && info.grade !== fromHealth.grade) {
      issueAt(ctx, 'disability_conflict', r, disabilityCell, { value: text ?? '', other: health ?? '' })
    } else {
      if (info.type === undefined && fromHealth.type !== undefined) {
        info.type = fromHealth.type
        info.flags = info.flags.filter((f) => f !== 'no_type' && f !== 'unrecognised')
        usedHealth = true
      }
      if (info.grade === undefined && fromHealth.grade !== undefined && (info.type === undefined || info.type === fromHealth.type)) {
        info.grade = fromHealth.grade
        if (fromHealth.category) info.category = fromHealth.category
        info.flags = info.flags.filter((f) => f !== 'no_grade' && f !== 'unrecognised')
        usedHealth = true
      }
    }
    if (usedHealth) issueAt(ctx, 'disability_from_health', r, healthCell, { value: health ?? '' })
  }
  if (info.flags.includes('unrecognised')) issueAt(ctx, 'disability_unrecognised', r, disabilityCell, { value: text ?? '' })
  else if (info.grade === undefined) issueAt(ctx, 'disability_no_grade', r, disabilityCell, { value: text ?? '' })
  return info
}

function memberCategories(info: DisabilityInfo | null): MemberCategory[] {
  if (!info?.category || info.grade === undefined) return []
  const c: MemberCategory = { code: info.category, disabilityGrade: info.grade }
  if (info.type !== undefined) c.disabilityType = info.type
  return [c]
}

function yesNoCell(ctx: Ctx, r: ArchiveRow, cell: FieldCell | undefined): boolean | null {
  if (!cell || isBlank(cell.value)) return null
  const yes = parseYesNo(cell.value)
  if (yes === null) issueAt(ctx, 'yes_no_invalid', r, cell, { value: cellText(cell.value) })
  return yes
}

/** One member from one row. */
export function readMember(ctx: Ctx, r: ArchiveRow): ParsedMember {
  const name = textOrNull(value(r, 'name'))
  if (name === null) issueAt(ctx, 'name_missing', r, r.cells.name)
  const relation = textOrNull(value(r, 'relation'))

  const sexCell = r.cells.sex
  const sex = parseSex(sexCell?.value)
  if (sex === null && sexCell && !isBlank(sexCell.value)) issueAt(ctx, 'sex_invalid', r, sexCell, { value: cellText(sexCell.value) })

  let birthDate: string | null = null
  let birthDatePrecision: ParsedMember['birthDatePrecision'] = null
  const dateCell = r.cells.birthDate
  if (dateCell && !isBlank(dateCell.value)) {
    const d = parseDate(dateCell.value)
    if (d.ok && isAfterToday(d.iso)) {
      issueAt(ctx, 'date_invalid', r, dateCell, { value: cellText(dateCell.value), reasonZh: '晚于今天', reasonEn: 'after today' })
    } else if (d.ok) {
      birthDate = d.iso
      birthDatePrecision = d.precision
    } else {
      issueAt(ctx, 'date_invalid', r, dateCell, { value: cellText(dateCell.value), reasonZh: d.reasonZh, reasonEn: d.reasonEn })
    }
  }

  const ageCell = r.cells.age
  const age = parseNumber(ageCell?.value)
  if (age === null && ageCell && !isBlank(ageCell.value)) issueAt(ctx, 'number_invalid', r, ageCell, { value: cellText(ageCell.value) })

  const disability = memberDisability(ctx, r)
  return {
    name: name ?? '',
    relation,
    isHead: isHeadRelation(relation),
    sex,
    birthDate,
    birthDatePrecision,
    age,
    ethnicity: textOrNull(value(r, 'ethnicity')),
    marriedOut: yesNoCell(ctx, r, r.cells.marriedOut),
    health: textOrNull(value(r, 'health')),
    schooling: textOrNull(value(r, 'schooling')),
    work: textOrNull(value(r, 'work')),
    disabilityText: textOrNull(value(r, 'disability')),
    categories: memberCategories(disability),
    source: { sheet: ctx.sheet, row: r.row },
  }
}

/** First non-blank cell of a field across the household's rows. */
function firstCell(rows: readonly ArchiveRow[], field: ArchiveField): { r: ArchiveRow; cell: FieldCell } | null {
  for (const r of rows) {
    const cell = r.cells[field]
    if (cell && !isBlank(cell.value)) return { r, cell }
  }
  return null
}

/**
 * Household categories from 是/否 columns on any of its rows. The sample marks
 * 精准扶贫 on member rows too (and 否 on some, 是 on others), so one 是 is enough.
 */
function householdCategories(ctx: Ctx, rows: readonly ArchiveRow[]): HouseholdCategory[] {
  const list: HouseholdCategory[] = []
  for (const r of rows) {
    for (const { column, code } of WORKBOOK_COLUMN_CATEGORIES) {
      if (!column.perYear && yesNoCell(ctx, r, r.cells[column.field as ArchiveField]) === true) addCategory(list, { code, from: 'archive' })
    }
    for (const y of r.yearly) {
      const code = categoryOfColumn(y.field)?.code
      if (!code || yesNoCell(ctx, r, y.cell) !== true) continue
      addCategory(list, y.year === undefined ? { code, from: 'archive' } : { code, year: y.year, from: 'archive' })
    }
  }
  return sortCategories(list)
}

/** Free-text household columns that may carry register facts such as 迁出. */
const NOTE_FIELDS: readonly ArchiveField[] = ['notes', 'living', 'housing', 'doorNumber']

/** Read one household from its rows. */
export function readHousehold(ctx: Ctx, rowGroup: RowGroup): ParsedHousehold {
  const rows = rowGroup.rows
  const first = rows[0]!
  const huhaoCell = first.cells.huhao
  let huhao: string | null = null
  const withHuhao = firstCell(rows, 'huhao')
  if (withHuhao) {
    const h = parseHuhao(withHuhao.cell.value)
    if (h && 'invalid' in h) {
      issueAt(ctx, 'huhao_invalid', withHuhao.r, withHuhao.cell, { value: h.invalid })
    } else if (h) {
      huhao = h.value
      if (h.precisionLost) issueAt(ctx, 'huhao_precision_lost', withHuhao.r, withHuhao.cell, { value: h.value, digits: h.value.length })
      else if (h.fromNumber) issueAt(ctx, 'huhao_stored_as_number', withHuhao.r, withHuhao.cell, { value: h.value })
    }
  } else {
    issueAt(ctx, 'huhao_missing', first, huhaoCell)
  }

  const seqValue = firstCell(rows, 'seq')
  const groupCell = firstCell(rows, 'group')
  const group = groupCell ? parseGroup(groupCell.cell.value) : null
  if (groupCell && group === null) issueAt(ctx, 'group_invalid', groupCell.r, groupCell.cell, { value: cellText(groupCell.cell.value) })

  const sizeCell = firstCell(rows, 'householdSize')
  const householdSize = sizeCell ? parseNumber(sizeCell.cell.value) : null
  if (sizeCell && householdSize === null) issueAt(ctx, 'number_invalid', sizeCell.r, sizeCell.cell, { value: cellText(sizeCell.cell.value) })

  const text = (field: ArchiveField) => {
    const c = firstCell(rows, field)
    return c ? textOrNull(c.cell.value) : null
  }

  // 迁出 on the first row moves the household; on a member row (and not just a
  // merged cell copied down) it is probably about that member.
  let status: ParsedHousehold['status'] = 'active'
  let statusNote: string | null = null
  for (const field of NOTE_FIELDS) {
    const headText = textOrNull(first.cells[field]?.value)
    if (status === 'active' && saysMovedOut(headText)) {
      status = 'moved_out'
      statusNote = headText
      issueAt(ctx, 'moved_out_note', first, first.cells[field], { value: headText ?? '' })
    }
    for (const r of rows.slice(1)) {
      const t = textOrNull(r.cells[field]?.value)
      if (saysMovedOut(t) && t !== headText) issueAt(ctx, 'member_moved_out_note', r, r.cells[field], { value: t ?? '' })
    }
  }

  const members = rows.map((r) => readMember(ctx, r))
  const heads = members.filter((m) => m.isHead).length
  if (heads === 0) issueAt(ctx, 'household_no_head', first, first.cells.relation)
  else if (heads > 1) issueAt(ctx, 'household_multiple_heads', first, first.cells.relation, { count: heads })
  if (householdSize !== null && householdSize !== members.length && sizeCell) {
    issueAt(ctx, 'household_size_mismatch', sizeCell.r, sizeCell.cell, { declared: householdSize, actual: members.length })
  }

  return {
    huhao,
    seq: seqValue ? parseNumber(seqValue.cell.value) : null,
    group,
    doorNumber: text('doorNumber'),
    housing: text('housing'),
    living: text('living'),
    notes: text('notes'),
    householdSize,
    status,
    statusNote,
    members,
    categories: householdCategories(ctx, rows),
    mapCell: null,
    source: { sheet: ctx.sheet, row: first.row, lastRow: rows[rows.length - 1]!.row },
  }
}

/** Report households that reuse a 户号 already used by an earlier, separate household. */
export function duplicateHuhaoIssues(sheet: string, households: readonly ParsedHousehold[], mapping: ColumnMapping<ArchiveField>): ImportIssue[] {
  const seen = new Map<string, number>()
  const issues: ImportIssue[] = []
  const letter = mapping.columns.find((c) => c.field === 'huhao')?.letter ?? null
  for (const h of households) {
    if (h.huhao === null) continue
    const firstRow = seen.get(h.huhao)
    if (firstRow === undefined) {
      seen.set(h.huhao, h.source.row)
      continue
    }
    issues.push(
      makeIssue('huhao_duplicate', { sheet, row: h.source.row, column: letter, field: 'huhao' }, { huhao: h.huhao, otherRow: firstRow, value: h.huhao }),
    )
  }
  return issues
}

export interface ArchiveParseResult {
  households: ParsedHousehold[]
  issues: ImportIssue[]
  /** Data rows read (below the header, up to the last non-blank row). */
  rowsRead: number
  /** Blank spacer rows, repeated headers and key-only rows skipped. */
  rowsSkipped: number
}

/** Parse the archive sheet's data rows into households. */
export function parseArchiveRows(sheet: string, rows: SheetRows, mapping: ColumnMapping<ArchiveField>): ArchiveParseResult {
  const ctx: Ctx = { sheet, issues: [] }
  const records: ArchiveRow[] = []
  // Trailing blank rows are formatting, not data: stop at the last non-blank row.
  let end = rows.length
  while (end > mapping.dataStartRow - 1 && (rows[end - 1] ?? []).every((v) => isBlank(v))) end--
  let rowsSkipped = 0
  let lastHuhao: string | null = null
  for (let i = mapping.dataStartRow - 1; i < end; i++) {
    const r = readArchiveRow(rows[i], i + 1, mapping)
    if (isRepeatedHeader(r)) {
      rowsSkipped++
      continue
    }
    if (isSpacerRow(r)) {
      rowsSkipped++
      // A 户号 alone on an otherwise empty row would start a household with no one in it.
      const h = huhaoKey(r)
      if (h !== null && h !== lastHuhao) issueAt(ctx, 'row_without_household', r, r.cells.huhao, { value: cellText(value(r, 'huhao')) })
      continue
    }
    const h = huhaoKey(r)
    if (h !== null) lastHuhao = h
    records.push(r)
  }
  const rowsRead = Math.max(0, end - (mapping.dataStartRow - 1))
  const households = groupRows(records).map((g) => readHousehold(ctx, g))
  const issues = [...ctx.issues, ...duplicateHuhaoIssues(sheet, households, mapping)]
  issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
  return { households, issues, rowsRead, rowsSkipped }
}
