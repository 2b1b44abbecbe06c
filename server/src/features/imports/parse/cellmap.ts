/**
 * The 社区地图 sheet: houses drawn as cells along lanes. A house cell shows the
 * village-group number at its top-left and the head's name ("2 钟伟建", "06 张三"),
 * links to the family's archive row (#'村民家庭档案'!A36) and is filled with the
 * legend colour of one category. Conventions: group 00 = not yet linked to an
 * archive row, 01 = household register moved out; a name in red differs from the
 * 户口. One colour per cell loses information (a 低保 household with a grade-2
 * member shows one of the two), so colours are cross-checked, not trusted.
 */
import type { BuiltinCategoryCode, HouseholdStatus } from '@cuntu/domain'
import { addressOf, cellText, isBlank, parseAddress, type SheetData } from './cells.ts'
import { categoryDefinition, categoryForLabel } from './category-labels.ts'
import { makeIssue, type ImportIssue } from './issues.ts'
import type { ParsedHousehold } from './model.ts'
import { cleanText, toHalfWidth } from './normalise.ts'

export interface MapLink {
  sheet: string
  /** 1-based row in the linked sheet. */
  row: number
  col: number
}

export interface MapCell {
  /** 1-based. */
  row: number
  col: number
  address: string
  text: string
  /** The number as written at the cell's top-left: '2', '06', '00', '01'. */
  groupCode: string
  /** Village group; null for the status codes 00 and 01. */
  group: number | null
  status: HouseholdStatus
  name: string
  link: MapLink | null
  /** ARGB fill (`FF00B0F0`) or theme key, null when unfilled. */
  fill: string | null
  /** The legend category of the fill. */
  category: BuiltinCategoryCode | null
  /** Font is red: the name differs from the household register. */
  nameInRed: boolean
  /** Set when linked: the household's 户号. */
  huhao: string | null
  /** For an unlinked (00) cell: a household whose head has this name and no cell yet. */
  candidateHuhao: string | null
}

export interface LegendEntry {
  fill: string
  category: BuiltinCategoryCode
  label: string
  address: string
}

export interface CellMapResult {
  sheet: string
  cells: MapCell[]
  legend: LegendEntry[]
  issues: ImportIssue[]
}

// Group number, optional space, a name starting with a Chinese character or a
// letter (so "1-2级残疾" in a legend is not a house).
const HOUSE_TEXT = /^(\d{1,2})\s*([\p{Script=Han}A-Za-z].*)$/su

/** Split a house cell's text into group code and name; null when it is not a house. */
export function parseHouseText(text: string): { groupCode: string; name: string } | null {
  const s = cleanText(toHalfWidth(text))
  const m = HOUSE_TEXT.exec(s)
  if (!m) return null
  const name = cleanText(m[2]!)
  // A house label is a short name, not a sentence such as "3 号楼前有积水，需要路灯".
  if (name.length > 12 || /[，,。；;：:]/.test(name)) return null
  return { groupCode: m[1]!, name }
}

/** The status a group code stands for. 01 and 00 are conventions, not groups (group 1 is written "1"). */
export function statusForGroupCode(code: string): HouseholdStatus {
  if (code === '00') return 'unlinked'
  if (code === '01') return 'moved_out'
  return 'active'
}

/** `#'村民家庭档案'!A69`, `村民家庭档案!A69` or `#Sheet1!$A$69` → sheet and cell. */
export function parseHyperlinkTarget(target: string): MapLink | null {
  const s = target.trim().replace(/^#/, '')
  const m = /^(?:'((?:[^']|'')+)'|([^!'"]+))!\$?([A-Za-z]{1,3}\$?\d+)(?::.*)?$/.exec(s)
  if (!m) return null
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!
  const at = parseAddress(m[3]!)
  return at ? { sheet, row: at.row, col: at.col } : null
}

const WHITE = new Set(['FFFFFFFF', 'FFFFFF'])

/** A cell's fill key, ignoring white (the default look of "no fill" in some files). */
function fillOf(sheet: SheetData, address: string): string | null {
  const f = sheet.styles[address]?.fill
  if (!f) return null
  // ARGB hex compares case-insensitively; theme keys stay as written.
  const key = /^[0-9a-f]{6,8}$/i.test(f) ? f.toUpperCase() : f
  return WHITE.has(key) ? null : key
}

/** Red-ish ARGB: strong red, weak green and blue. */
export function isRed(argb: string | undefined): boolean {
  if (!argb || !/^[0-9A-F]{8}$/i.test(argb)) return false
  const r = parseInt(argb.slice(2, 4), 16)
  const g = parseInt(argb.slice(4, 6), 16)
  const b = parseInt(argb.slice(6, 8), 16)
  return r >= 0xc0 && g <= 0x60 && b <= 0x60
}

/**
 * The legend: a category label in a coloured cell (the sample fills the label
 * cell itself), or a label beside a coloured empty cell.
 */
export function readLegend(sheet: SheetData): LegendEntry[] {
  const legend: LegendEntry[] = []
  sheet.rows.forEach((row, r) => {
    row.forEach((v, c) => {
      if (typeof v !== 'string' || isBlank(v) || parseHouseText(v)) return
      const label = cleanText(v)
      if (label.length > 12) return
      const category = categoryForLabel(label)
      if (!category) return
      const address = addressOf(r + 1, c + 1)
      const own = fillOf(sheet, address)
      const beside = [c - 1, c + 1]
        .filter((cc) => cc >= 0 && isBlank(row[cc] ?? null))
        .map((cc) => fillOf(sheet, addressOf(r + 1, cc + 1)))
        .find((f): f is string => f !== null)
      const fill = own ?? beside
      if (fill && !legend.some((l) => l.fill === fill)) legend.push({ fill, category, label, address })
    })
  })
  return legend
}

/** Read every house cell and the legend of a map sheet. */
export function parseCellMap(sheet: SheetData): CellMapResult {
  const legend = readLegend(sheet)
  const byFill = new Map(legend.map((l) => [l.fill, l.category]))
  const legendCells = new Set(legend.map((l) => l.address))
  // A house drawn as a merged block has its text copied into every cell by
  // the reader; only the top-left cell is the house.
  const covered = new Set<string>()
  for (const m of sheet.merges) {
    for (let r = m.top; r <= m.bottom; r++) for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(addressOf(r, c))
  }
  const cells: MapCell[] = []
  const issues: ImportIssue[] = []
  let unknownFills = 0
  sheet.rows.forEach((row, r) => {
    row.forEach((v, c) => {
      if (typeof v !== 'string' && typeof v !== 'number') return
      const address = addressOf(r + 1, c + 1)
      if (legendCells.has(address) || covered.has(address)) return
      const text = cellText(v)
      const house = parseHouseText(text)
      if (!house) return
      const target = sheet.hyperlinks[address]
      const fill = fillOf(sheet, address)
      const category = fill ? byFill.get(fill) ?? null : null
      const status = statusForGroupCode(house.groupCode)
      if (fill && !category) {
        unknownFills++
        if (legend.length > 0) issues.push(makeIssue('cell_colour_unknown', { sheet: sheet.name, row: r + 1, column: address.replace(/\d+$/, '') }, { value: fill }))
      }
      cells.push({
        row: r + 1,
        col: c + 1,
        address,
        text: cleanText(text),
        groupCode: house.groupCode,
        group: status === 'active' ? Number(house.groupCode) : null,
        status,
        name: house.name,
        link: target ? parseHyperlinkTarget(target) : null,
        fill,
        category,
        nameInRed: isRed(sheet.styles[address]?.fontColour),
        huhao: null,
        candidateHuhao: null,
      })
    })
  })
  if (legend.length === 0 && unknownFills > 0) issues.push(makeIssue('cell_map_legend_missing', { sheet: sheet.name }))
  return { sheet: sheet.name, cells, legend, issues }
}

const squashName = (s: string) => s.replace(/\s+/g, '')

/**
 * Link map cells to the archive's households through their hyperlinks, and
 * cross-check: names, groups, colours against the households' categories, 01
 * (moved out) against the archive status. Sets `mapCell` on households and
 * `huhao` on cells; returns the issues.
 */
export function linkCellMap(households: readonly ParsedHousehold[], map: CellMapResult, archiveSheet: string): ImportIssue[] {
  const issues: ImportIssue[] = []
  const at = (cell: MapCell, field: string | null = null) => ({ sheet: map.sheet, row: cell.row, column: cell.address.replace(/\d+$/, ''), field })
  const findHousehold = (link: MapLink) =>
    link.sheet === archiveSheet ? households.find((h) => link.row >= h.source.row && link.row <= h.source.lastRow) : undefined

  for (const cell of map.cells) {
    if (!cell.link) continue
    const h = findHousehold(cell.link)
    if (!h) {
      issues.push(makeIssue('cell_link_broken', at(cell), { target: `${cell.link.sheet}!${addressOf(cell.link.row, cell.link.col)}`, value: cell.text }))
      continue
    }
    cell.huhao = h.huhao
    if (!h.mapCell) h.mapCell = { row: cell.row, col: cell.col }
    const head = h.members.find((m) => m.isHead) ?? h.members[0]
    if (head && !cell.nameInRed && squashName(head.name) !== squashName(cell.name)) {
      issues.push(makeIssue('cell_name_mismatch', at(cell, 'name'), { value: cell.name, other: head.name }))
    }
    if (cell.group !== null && h.group !== null && cell.group !== h.group) {
      issues.push(makeIssue('cell_group_mismatch', at(cell, 'group'), { value: cell.groupCode, other: h.group }))
    }
    if (cell.status === 'moved_out' && h.status === 'active') {
      h.status = 'moved_out'
      issues.push(makeIssue('status_from_cell_map', at(cell, 'status'), { value: cell.text }))
    }
    if (cell.category && !hasCategory(h, cell.category)) {
      const def = categoryDefinition(cell.category)
      issues.push(makeIssue('cell_category_mismatch', at(cell, 'category'), { label: def?.labelZh ?? cell.category, labelEn: def?.labelEn ?? cell.category, value: cell.text }))
    }
  }

  for (const cell of map.cells) {
    if (cell.link || cell.status !== 'unlinked') continue
    const candidates = households.filter((h) => !h.mapCell && h.members.some((m) => m.isHead && squashName(m.name) === squashName(cell.name)))
    const only = candidates.length === 1 ? candidates[0]! : undefined
    if (only) cell.candidateHuhao = only.huhao
    issues.push(
      makeIssue('cell_unlinked', at(cell), {
        value: cell.text,
        hint: only?.huhao ? `，可能是户号 ${only.huhao}` : '',
        hintEn: only?.huhao ? `; possibly household ${only.huhao}` : '',
      }),
    )
  }

  for (const h of households) {
    if (!h.mapCell && h.huhao !== null) {
      issues.push(makeIssue('household_not_on_map', { sheet: h.source.sheet, row: h.source.row, column: null, field: null }, { huhao: h.huhao, value: h.huhao }))
    }
  }
  return issues
}

/** Whether a household holds a category itself or through a member. */
function hasCategory(h: ParsedHousehold, code: BuiltinCategoryCode): boolean {
  return h.categories.some((c) => c.code === code) || h.members.some((m) => m.categories.some((c) => c.code === code))
}
