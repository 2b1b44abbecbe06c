/**
 * Structured import problems. Every problem the parsers find is one of these,
 * pointing at the sheet, row (1-based, as Excel shows it) and column letter, so
 * the review screen can show the worker exactly which cell to fix. Messages are
 * written zh-CN first: the workers read Chinese, the developers read both.
 */

export type Severity = 'error' | 'warning'

/** Parameters interpolated into messages; kept flat so issues serialise as JSON. */
export type IssueParams = Record<string, string | number>

interface MessagePair {
  zh: string
  en: string
}

/**
 * The catalogue: one entry per code with its severity and bilingual message.
 * Keeping them in one table keeps wording consistent and lets the UI list them.
 */
const CATALOGUE = {
  // --- sheets and headers
  sheet_not_found: { severity: 'error', zh: '找不到村民家庭档案工作表', en: 'No household archive sheet found' },
  header_not_found: {
    severity: 'error',
    zh: '在前 {scanned} 行中找不到表头（需要“户号”“姓名”等列名）',
    en: 'No header row in the first {scanned} rows (expected column names such as 户号 and 姓名)',
  },
  header_missing_field: { severity: 'warning', zh: '表头中没有“{label}”列', en: 'No column for {labelEn} ({label}) in the header' },
  header_duplicate_field: {
    severity: 'warning',
    zh: '“{header}”列与 {otherColumn} 列都对应“{label}”，只使用 {otherColumn} 列',
    en: 'Column "{header}" maps to {labelEn} like column {otherColumn}; only column {otherColumn} is used',
  },
  // --- households
  huhao_missing: { severity: 'error', zh: '该户没有户号', en: 'This household has no 户号 (household number)' },
  huhao_duplicate: {
    severity: 'error',
    zh: '户号 {huhao} 与第 {otherRow} 行的另一户重复',
    en: 'Household number {huhao} is also used by the household at row {otherRow}',
  },
  huhao_invalid: { severity: 'error', zh: '户号“{value}”格式不正确（只应含数字或字母）', en: 'Household number "{value}" is not valid (digits or letters only)' },
  huhao_stored_as_number: {
    severity: 'warning',
    zh: '户号以数字存储，读为 {value}；开头的 0 可能已丢失，请核对',
    en: 'Household number was stored as a number and reads {value}; leading zeros may have been lost, please check',
  },
  huhao_precision_lost: {
    severity: 'error',
    zh: '户号以数字存储且有 {digits} 位，Excel 只保留 15 位有效数字，末尾可能已变成 0（读为 {value}），请按原始资料更正',
    en: 'Household number was stored as a {digits}-digit number; Excel keeps only 15 significant digits so the last digits may be wrong (reads {value}); correct it from the source',
  },
  household_no_head: { severity: 'warning', zh: '该户没有标明“户主”的成员', en: 'No member of this household is marked 户主 (head)' },
  household_multiple_heads: { severity: 'warning', zh: '该户有 {count} 名“户主”', en: 'This household has {count} members marked 户主 (head)' },
  household_size_mismatch: {
    severity: 'warning',
    zh: '家庭人口填写为 {declared}，但列出了 {actual} 名成员',
    en: 'Household size says {declared} but {actual} members are listed',
  },
  moved_out_note: {
    severity: 'warning',
    zh: '“{value}”表示户口已迁出，该户状态设为“已迁出”',
    en: '"{value}" says the household register moved out; status set to moved out',
  },
  member_moved_out_note: {
    severity: 'warning',
    zh: '成员行写有“{value}”，可能该成员已迁出，请核对',
    en: 'A member row says "{value}"; this member may have moved out, please check',
  },
  row_without_household: {
    severity: 'error',
    zh: '这一行有户号但没有任何成员信息，已跳过',
    en: 'This row has a household number but no member data; skipped',
  },
  // --- members
  name_missing: { severity: 'warning', zh: '成员没有姓名', en: 'Member has no name' },
  date_invalid: { severity: 'warning', zh: '出生日期“{value}”无法识别：{reasonZh}', en: 'Birth date "{value}" not understood: {reasonEn}' },
  group_invalid: { severity: 'warning', zh: '组别“{value}”无法识别', en: 'Village group "{value}" not understood' },
  sex_invalid: { severity: 'warning', zh: '性别“{value}”无法识别（应为 男/女）', en: 'Sex "{value}" not understood (expected 男 or 女)' },
  yes_no_invalid: { severity: 'warning', zh: '“{label}”列的“{value}”不是 是/否', en: '"{value}" in the {labelEn} column is not yes/no (是/否)' },
  number_invalid: { severity: 'warning', zh: '“{label}”列的“{value}”不是数字', en: '"{value}" in the {labelEn} column is not a number' },
  disability_no_grade: {
    severity: 'warning',
    zh: '残疾“{value}”没有等级，未归入一二级/三四级残疾类别',
    en: 'Disability "{value}" has no grade, so it is not counted as grade 1–2 or 3–4',
  },
  disability_unrecognised: { severity: 'warning', zh: '残疾“{value}”无法识别', en: 'Disability "{value}" not understood' },
  disability_from_health: {
    severity: 'warning',
    zh: '残疾信息取自“身体情况”列：“{value}”，请核对',
    en: 'Disability taken from the health column: "{value}"; please check',
  },
  disability_conflict: {
    severity: 'warning',
    zh: '“残疾”列（{value}）与“身体情况”列（{other}）的等级不一致，使用“残疾”列',
    en: 'The disability column ({value}) and the health column ({other}) give different grades; the disability column is used',
  },
  // --- civil-affairs sheet
  civil_affairs_kind_unknown: {
    severity: 'warning',
    zh: '民政对象类别“{value}”无法对应到任何类别',
    en: 'Civil-affairs kind "{value}" does not match any category',
  },
  civil_affairs_huhao_unknown: {
    severity: 'warning',
    zh: '民政对象中的户号 {huhao} 在档案中找不到',
    en: 'Household number {huhao} from the civil-affairs sheet is not in the archive',
  },
  civil_affairs_huhao_missing: { severity: 'warning', zh: '民政对象行没有户号', en: 'Civil-affairs row has no household number' },
  civil_affairs_name_mismatch: {
    severity: 'warning',
    zh: '民政对象姓名“{value}”与档案中的户主“{other}”不同',
    en: 'Civil-affairs name "{value}" differs from the archive head "{other}"',
  },
  civil_affairs_category_mismatch: {
    severity: 'warning',
    zh: '民政对象登记为“{label}”，但档案中该户没有成员属于此类别',
    en: 'Registered as {labelEn} in the civil-affairs sheet, but no member in the archive has it',
  },
  // --- cell map
  cell_unlinked: {
    severity: 'warning',
    zh: '地图格子“{value}”的组号为 00，尚未链接到档案{hint}',
    en: 'Map cell "{value}" has group 00: not yet linked to the archive{hintEn}',
  },
  cell_link_broken: {
    severity: 'warning',
    zh: '地图格子链接到“{target}”，但那里不是任何一户',
    en: 'Map cell links to "{target}", which is not a household',
  },
  cell_name_mismatch: {
    severity: 'warning',
    zh: '地图格子上的姓名“{value}”与档案户主“{other}”不同',
    en: 'Name on the map cell "{value}" differs from the archive head "{other}"',
  },
  cell_group_mismatch: {
    severity: 'warning',
    zh: '地图格子组号 {value} 与档案组别 {other} 不同',
    en: 'Group {value} on the map cell differs from archive group {other}',
  },
  cell_category_mismatch: {
    severity: 'warning',
    zh: '地图格子颜色表示“{label}”，但档案中该户没有此类别',
    en: 'The map cell colour means {labelEn}, but the household has no such category in the archive',
  },
  cell_colour_unknown: {
    severity: 'warning',
    zh: '格子颜色 {value} 不在图例中',
    en: 'Cell colour {value} is not in the legend',
  },
  cell_map_legend_missing: {
    severity: 'warning',
    zh: '地图工作表中找不到图例（类别名称旁的颜色格）',
    en: 'No legend (category labels beside coloured cells) found on the map sheet',
  },
  household_not_on_map: {
    severity: 'warning',
    zh: '户号 {huhao} 没有出现在地图上',
    en: 'Household {huhao} is not on the map',
  },
  status_from_cell_map: {
    severity: 'warning',
    zh: '地图格子组号为 01（户口已迁出），档案中未注明；该户状态设为“已迁出”',
    en: 'Map cell group is 01 (register moved out) but the archive does not say so; status set to moved out',
  },
  // --- locations
  location_invalid: { severity: 'error', zh: '经纬度“{value}”无法识别', en: 'Coordinates "{value}" not understood' },
  location_huhao_missing: { severity: 'error', zh: '位置没有户号', en: 'Location has no household number' },
  location_swapped: {
    severity: 'warning',
    zh: '经度 {lon}、纬度 {lat} 似乎填反了，请核对；未自动交换',
    en: 'Longitude {lon} and latitude {lat} look swapped; please check (not swapped automatically)',
  },
  location_outlier: {
    severity: 'warning',
    zh: '该点离其他点的中心 {km} 公里，可能有误',
    en: 'This point is {km} km from the centre of the others; it may be wrong',
  },
  location_duplicate: {
    severity: 'warning',
    zh: '户号 {huhao} 有多个位置，只用第一个（第 {otherRow} 行）',
    en: 'Household {huhao} has several locations; the first (row {otherRow}) is used',
  },
  location_header_not_found: {
    severity: 'error',
    zh: '找不到“户号”“经度”“纬度”列',
    en: 'No 户号 / longitude / latitude columns found',
  },
} as const satisfies Record<string, { severity: Severity } & MessagePair>

export type IssueCode = keyof typeof CATALOGUE

export interface ImportIssue {
  sheet: string
  /** 1-based row as Excel shows it; null for sheet-level problems. */
  row: number | null
  /** Column letter (A, B, … AA); null when the problem is not one cell. */
  column: string | null
  /** Canonical field name (huhao, birthDate, …) when the problem is about one field. */
  field: string | null
  code: IssueCode
  severity: Severity
  messageZh: string
  messageEn: string
  /** The offending text, for the review screen. */
  value?: string
}

export interface IssueLocation {
  sheet: string
  row?: number | null
  column?: string | null
  field?: string | null
}

function fill(template: string, params: IssueParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole))
}

/** Build an issue from its code; the catalogue supplies severity and both messages. */
export function makeIssue(code: IssueCode, at: IssueLocation, params: IssueParams = {}): ImportIssue {
  const entry = CATALOGUE[code]
  const issue: ImportIssue = {
    sheet: at.sheet,
    row: at.row ?? null,
    column: at.column ?? null,
    field: at.field ?? null,
    code,
    severity: entry.severity,
    messageZh: fill(entry.zh, params),
    messageEn: fill(entry.en, params),
  }
  if (params.value !== undefined) issue.value = String(params.value)
  return issue
}

/** The severity a code always has. */
export function severityOf(code: IssueCode): Severity {
  return CATALOGUE[code].severity
}

export const ISSUE_CODES = Object.keys(CATALOGUE) as IssueCode[]
