/**
 * Exports of a village: the archive workbook in the layout workers use (two
 * title rows, a two-row header, one row per person, 民政对象 and a 位置 sheet),
 * so import → export → import gives the same data; CSV (UTF-8 with BOM, so
 * Excel opens it); GeoJSON; KML. Pure: rows in, bytes out.
 *
 * Every text cell that starts with = + - @ (or tab / CR) is prefixed with ' so
 * a spreadsheet never runs it as a formula (CSV injection); the importer
 * removes that prefix again.
 */
import { BUILTIN_CATEGORIES, DISABILITY_TYPES, WORKBOOK_CATEGORIES, WORKBOOK_COLUMN_CATEGORIES } from '@cuntu/domain'
import { storedArchiveFields, type StoredHousehold } from '../imports/repository.ts'
import { keepAsText } from './spreadsheet-text.ts'
import type { ArchiveHouseholdFields, ArchiveMemberFields, Wgs84LngLat } from '@cuntu/domain'

/** What a name cell holds in an export without names. The importer refuses to write it over real names. */
export const NAME_HIDDEN = '（已隐去）'

const FORMULA_START = /^[=+\-@\t\r]/

/** Make a text value inert in a spreadsheet: ' before a leading = + - @ tab or CR. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** The importer's inverse of `neutralise`. */
export function stripNeutraliser(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value
}

export interface ExportMember extends ArchiveMemberFields {
  categories: { code: string; year: number | null; disabilityType: string | null; disabilityGrade: number | null }[]
}

export interface ExportHousehold extends ArchiveHouseholdFields {
  /** WGS84; null: no position. */
  location: Wgs84LngLat | null
  members: ExportMember[]
  categories: { code: string; year: number | null }[]
}

export interface ExportOptions {
  villageCode: string
  villageName: string
  names: boolean
  /** For the title row and ages (tests pin it). */
  today?: Date
}

/** Stored households (as the repository reads them) → export rows, members in archive order. */
export function exportHouseholds(stored: readonly StoredHousehold[]): ExportHousehold[] {
  return stored.map((s) => {
    const members = [...s.snapshot.members].sort((a, b) => a.position - b.position)
    return {
      ...storedArchiveFields(s),
      location: s.location,
      members: members.map((m) => ({
        name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birth_date, ethnicity: m.ethnicity, marriedOut: m.married_out,
        health: m.health, schooling: m.schooling, work: m.work, disabilityText: m.disability_text,
        categories: s.snapshot.memberCategories
          .filter((c) => c.member_id === m.id)
          .map((c) => ({ code: c.category_code, year: c.year, disabilityType: c.disability_type, disabilityGrade: c.disability_grade })),
      })),
      categories: s.snapshot.householdCategories.map((c) => ({ code: c.category_code, year: c.year })),
    }
  })
}

// ── the archive layout ──────────────────────────────────────────────────────

type Cell = string | number | Date | null

interface Column {
  header: string
  /** The heading merged above it in the two-row header; none = merged vertically over both rows. */
  group?: string
  value: (h: ExportHousehold, m: ExportMember, first: boolean, index: number) => Cell
}

const BASIC = '家庭基本信息'
const SITUATION = '住户了解基本情况'
const ASSISTANCE = '社会救助服务对象'

const has = (h: ExportHousehold, code: string, year: number | null = null) => h.categories.some((c) => c.code === code && c.year === year)
const yes = (b: boolean): Cell => (b ? '是' : null)

function ageOn(birthDate: string | null, today: Date): number | null {
  if (!birthDate) return null
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number]
  let age = today.getUTCFullYear() - y
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--
  return age
}

/** Per-year columns (2017精准扶贫 …) for the years the village holds; a yearless assignment gets a column without year. */
function yearColumns(households: readonly ExportHousehold[], code: string, word: string): Column[] {
  const years = new Set<number | null>()
  for (const h of households) for (const c of h.categories) if (c.code === code) years.add(c.year)
  return [...years]
    .sort((a, b) => (a ?? 0) - (b ?? 0))
    .map((year) => ({ header: year === null ? word : `${year}${word}`, group: ASSISTANCE, value: (h, _m, first) => (first ? yes(has(h, code, year)) : null) }))
}

function archiveColumns(households: readonly ExportHousehold[], options: ExportOptions): Column[] {
  const today = options.today ?? new Date()
  const name = (m: ExportMember) => (options.names ? m.name : NAME_HIDDEN)
  return [
    { header: '序号', value: (_h, _m, first, i) => (first ? i + 1 : null) },
    // Repeated on every member row: survives sorting and filtering in Excel.
    { header: '户号', value: (h) => h.huhao },
    { header: '姓名', value: (_h, m) => name(m) },
    { header: '出生年月日', group: BASIC, value: (_h, m) => (m.birthDate ? dateCell(m.birthDate) : null) },
    { header: '组别', group: BASIC, value: (h) => h.group },
    { header: '与户主关系', group: BASIC, value: (_h, m) => m.relation },
    { header: '家庭人口', group: BASIC, value: (h, _m, first) => (first ? h.members.length : null) },
    { header: '性别', group: BASIC, value: (_h, m) => (m.sex === 'male' ? '男' : m.sex === 'female' ? '女' : null) },
    { header: '年龄', group: BASIC, value: (_h, m) => ageOn(m.birthDate, today) },
    { header: '民族', group: BASIC, value: (_h, m) => m.ethnicity },
    { header: '外嫁', group: BASIC, value: (_h, m) => yes(m.marriedOut) },
    { header: '门牌号', group: BASIC, value: (h, _m, first) => (first ? h.doorNumber : null) },
    { header: '住房情况', group: SITUATION, value: (h, _m, first) => (first ? h.housing : null) },
    { header: '生活情况', group: SITUATION, value: (h, _m, first) => (first ? h.living : null) },
    { header: '身体情况', group: SITUATION, value: (_h, m) => m.health },
    { header: '在校状态', group: SITUATION, value: (_h, m) => m.schooling },
    { header: '务工情况', group: SITUATION, value: (_h, m) => m.work },
    // The category columns as the workbook table lists them: per-year ones, 残疾, then 是/否 ones (what the importer reads back).
    ...WORKBOOK_COLUMN_CATEGORIES.filter((c) => c.column.perYear).flatMap((c) => yearColumns(households, c.code, c.column.labelZh)),
    { header: '残疾', group: ASSISTANCE, value: (_h, m) => m.disabilityText },
    ...WORKBOOK_COLUMN_CATEGORIES.filter((c) => !c.column.perYear).map((c): Column => ({
      header: c.column.labelZh, group: ASSISTANCE, value: (h, _m, first) => (first ? yes(has(h, c.code)) : null),
    })),
    { header: '备注', value: (h, _m, first) => (first ? h.notes : null) },
  ]
}

function dateCell(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d))
}

const clean = (v: Cell): Cell => (typeof v === 'string' ? neutralise(v) : v)

/** Rows of the archive sheet below the header: one per person. */
function archiveRows(households: readonly ExportHousehold[], columns: readonly Column[]): Cell[][] {
  const rows: Cell[][] = []
  households.forEach((h, i) => {
    h.members.forEach((m, j) => rows.push(columns.map((c) => clean(c.value(h, m, j === 0, i)))))
  })
  return rows
}

/** The kinds a 民政对象 row can name, as the workbook table spells them. */
const KIND_LABEL: Record<string, string> = Object.fromEntries(
  WORKBOOK_CATEGORIES.flatMap((c) => (c.civilAffairsKind ? [[c.code, c.civilAffairsKind] as const] : [])),
)

/** 民政对象: one row per registration of a registered household (as the workbooks list them). */
function civilAffairsRows(households: readonly ExportHousehold[], names: boolean): Cell[][] {
  const rows: Cell[][] = []
  for (const h of households) {
    if (!has(h, 'civil_affairs')) continue
    const kinds = Object.keys(KIND_LABEL).filter((k) => h.categories.some((c) => c.code === k))
    const head = h.members.find((m) => m.relation === '户主') ?? h.members[0]
    const name = head ? (names ? head.name : NAME_HIDDEN) : null
    for (const k of kinds.length > 0 ? kinds : ['civil_affairs']) {
      rows.push([h.huhao, name, h.group, KIND_LABEL[k] ?? '在民政对象录入', h.members.length, null].map(clean))
    }
  }
  return rows
}

export const POSITION_SHEET = '位置（WGS84）'

/** The archive workbook (.xlsx). */
export async function archiveXlsx(households: readonly ExportHousehold[], options: ExportOptions): Promise<Buffer> {
  const columns = archiveColumns(households, options)
  const { Workbook } = (await import('exceljs')).default
  const wb = new Workbook()
  wb.creator = 'Cuntu 村图'
  const today = options.today ?? new Date()
  const ws = wb.addWorksheet('村民家庭档案')
  const last = columns.length
  const stamp = today.toISOString().slice(0, 10)
  ws.getCell(1, 1).value = neutralise(`${options.villageName}村民家庭档案（导出于 ${stamp}${options.names ? '' : '，已隐去姓名'}）`)
  ws.mergeCells(1, 1, 1, last)
  ws.getCell(2, 1).value = '保密资料，请勿外传'
  ws.mergeCells(2, 1, 2, last)
  ws.getCell(2, 1).font = { bold: true, color: { argb: 'FFC00000' } }
  // Two-row header: group headings merged over their columns, the other names merged over both rows.
  let c = 0
  while (c < last) {
    const col = columns[c]!
    if (!col.group) {
      ws.getCell(3, c + 1).value = col.header
      ws.mergeCells(3, c + 1, 4, c + 1)
      c++
      continue
    }
    let end = c
    while (end + 1 < last && columns[end + 1]!.group === col.group) end++
    ws.getCell(3, c + 1).value = col.group
    if (end > c) ws.mergeCells(3, c + 1, 3, end + 1)
    for (let k = c; k <= end; k++) ws.getCell(4, k + 1).value = columns[k]!.header
    c = end + 1
  }
  for (const r of [3, 4]) ws.getRow(r).font = { bold: true }
  const dateCol = columns.findIndex((x) => x.header === '出生年月日') + 1
  const huhaoCol = columns.findIndex((x) => x.header === '户号') + 1
  archiveRows(households, columns).forEach((row, i) => {
    const r = ws.getRow(5 + i)
    row.forEach((v, j) => {
      if (v !== null) r.getCell(j + 1).value = v
    })
    r.getCell(dateCol).numFmt = 'yyyy-mm-dd'
    // 户号 is text: leading zeros matter.
    r.getCell(huhaoCol).numFmt = '@'
  })
  ws.views = [{ state: 'frozen', ySplit: 4, xSplit: 3 }]

  const ca = wb.addWorksheet('民政对象')
  ca.addRow(['户号', '户主姓名', '组别', '类别', '保障人数', '备注'])
  for (const row of civilAffairsRows(households, options.names)) ca.addRow(row)

  const pos = wb.addWorksheet(POSITION_SHEET)
  pos.addRow(['户号', '经度', '纬度', '备注'])
  for (const h of households) if (h.location) pos.addRow([h.huhao, h.location[0], h.location[1], null])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The same archive as CSV: one header row, one row per person, 经度/纬度 on the household's first row. UTF-8 with BOM, CRLF. */
export function archiveCsv(households: readonly ExportHousehold[], options: ExportOptions): Buffer {
  const columns = archiveColumns(households, options)
  const quote = (v: Cell) => {
    if (v === null) return ''
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [[...columns.map((c) => c.header), '经度', '纬度'].map(quote).join(',')]
  households.forEach((h, i) => {
    h.members.forEach((m, j) => {
      const first = j === 0
      // Digit texts (户号) as ="…": a spreadsheet would otherwise read them as numbers and drop leading zeros.
      const cells = columns.map((c) => clean(c.value(h, m, first, i))).map((v) => (typeof v === 'string' ? keepAsText(v) : v))
      cells.push(first ? (h.location?.[0] ?? null) : null, first ? (h.location?.[1] ?? null) : null)
      lines.push(cells.map(quote).join(','))
    })
  })
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8')
}

function codesOf(h: ExportHousehold): string[] {
  const codes = new Set([...h.categories.map((c) => c.code), ...h.members.flatMap((m) => m.categories.map((c) => c.code))])
  return BUILTIN_CATEGORIES.map((c) => c.code as string).filter((c) => codes.has(c)).concat([...codes].filter((c) => !BUILTIN_CATEGORIES.some((b) => b.code === c)).sort())
}

function headName(h: ExportHousehold): string | null {
  const head = h.members.find((m) => m.relation === '户主') ?? h.members[0]
  return head?.name ?? null
}

/** GeoJSON FeatureCollection, one Feature per household (geometry null when it has no position). */
export function householdsGeoJson(households: readonly ExportHousehold[], options: ExportOptions): Buffer {
  const features = households.map((h) => {
    const years = h.categories.filter((c) => c.code === 'poverty_relief' && c.year !== null).map((c) => c.year!)
    const disabilities = h.members.flatMap((m) =>
      m.categories.filter((c) => c.disabilityType && c.disabilityGrade).map((c) => `${c.disabilityType}:${c.disabilityGrade}`),
    )
    const codes = codesOf(h)
    const properties: Record<string, unknown> = {
      huhao: neutralise(h.huhao),
      villageCode: options.villageCode,
      group: h.group,
      status: h.status,
      doorNumber: h.doorNumber === null ? null : neutralise(h.doorNumber),
      categories: codes,
      povertyYears: [...new Set(years)].sort(),
      disabilities: [...new Set(disabilities)].sort(),
      memberCount: h.members.length,
      // The same facts in Chinese beside the codes, as text a worker reads in QGIS's attribute table.
      ...geoJsonLabels(h, codes),
    }
    if (options.names) properties.headName = neutralise(headName(h) ?? '')
    return {
      type: 'Feature',
      geometry: h.location ? { type: 'Point', coordinates: [h.location[0], h.location[1]] } : null,
      properties,
    }
  })
  const body = {
    type: 'FeatureCollection',
    // Names shown: the file is confidential.
    ...(options.names ? { note: '保密资料，请勿外传' } : {}),
    features,
  }
  return Buffer.from(JSON.stringify(body), 'utf8')
}

const STATUS_LABELS: Record<string, string> = { active: '在册', moved_out: '户籍已迁出', unlinked: '未关联档案' }

/** Chinese labels for a household's codes: 村组 第1组, 状态 在册, 类别 低保、高龄（80岁以上）, 残疾 视力二级. */
function geoJsonLabels(h: ExportHousehold, codes: readonly string[]): Record<string, string> {
  const grade = ['一', '二', '三', '四']
  const disab = h.members.flatMap((m) =>
    m.categories.filter((c) => c.disabilityType && c.disabilityGrade).map((c) => `${DISABILITY_LABELS.get(c.disabilityType!) ?? c.disabilityType}${grade[c.disabilityGrade! - 1] ?? c.disabilityGrade}级`),
  )
  return {
    村组: h.group === null ? '未分组' : `第${h.group}组`,
    状态: STATUS_LABELS[h.status] ?? h.status,
    类别: codes.map((c) => LABELS.get(c) ?? c).join('、'),
    残疾: [...new Set(disab)].join('、'),
  }
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const LABELS = new Map<string, string>(BUILTIN_CATEGORIES.map((c) => [c.code, c.labelZh]))
const DISABILITY_LABELS = new Map<string, string>(DISABILITY_TYPES.map((d) => [d.code, d.labelZh]))

/** KML: a Placemark per household with a position, named by 户号 (so the file re-imports as locations). */
export function householdsKml(households: readonly ExportHousehold[], options: ExportOptions): Buffer {
  const t = (s: string) => xml(neutralise(s))
  const marks = households
    .filter((h): h is ExportHousehold & { location: Wgs84LngLat } => h.location !== null)
    .map((h) => {
      const labels = codesOf(h).map((c) => LABELS.get(c) ?? c)
      const disab = h.members.flatMap((m) => m.categories.filter((c) => c.disabilityType).map((c) => `${DISABILITY_LABELS.get(c.disabilityType!) ?? c.disabilityType}${c.disabilityGrade ?? ''}级`))
      const data: [string, string][] = [
        ['户号', h.huhao],
        ['组别', h.group === null ? '' : String(h.group)],
        ['类别', labels.join('、')],
        ['人口', String(h.members.length)],
      ]
      if (options.names) data.push(['户主', headName(h) ?? ''])
      return `  <Placemark>
    <name>${t(h.huhao)}</name>
    <description>${t([labels.join('、'), disab.join('、')].filter(Boolean).join('；'))}</description>
    <ExtendedData>${data.map(([k, v]) => `<Data name="${xml(k)}"><value>${t(v)}</value></Data>`).join('')}</ExtendedData>
    <Point><coordinates>${h.location[0]},${h.location[1]}</coordinates></Point>
  </Placemark>`
    })
  const title = `${options.villageName}（${options.villageCode}）${options.names ? ' 保密资料，请勿外传' : ''}`
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
  <name>${t(title)}</name>
${marks.join('\n')}
</Document>
</kml>
`,
    'utf8',
  )
}
