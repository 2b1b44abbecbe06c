/**
 * What a sheet counts and how it draws households: the legend rows (glyph,
 * label, households, people) for the households on that sheet, and the glyph
 * of each household, in the map's own glyph vocabulary.
 *
 * "On the sheet" means: passing the filters and inside the extent. For a whole
 * village or a group that is every matching household (placed or not, the same
 * numbers the stats API gives for the same filter); for a view or a chosen box
 * it is the placed households inside the box.
 */
import { HOUSEHOLD_STATUSES } from '@cuntu/domain'
import { glyphKey, type GlyphSpec } from '../households/glyph.ts'
import { categoriesFor, type HouseholdModel } from '../households/model.ts'

/** The single colour of the de-identified mode's 重点关注户. */
export const FOCUS_COLOUR = '#d84315'

export interface CategoryInfo {
  code: string
  colour: string
  label: string
}

export interface SheetCounts {
  households: number
  people: number
  /** Households per category code (each once per category it holds). */
  byCategory: Record<string, number>
  peopleByCategory: Record<string, number>
  noCategory: { households: number; people: number }
  movedOut: number
  unlinked: number
  /** Counted households that have no position (so are not drawn). */
  unplaced: number
  /** Per household: 1 when it is on the sheet. */
  on: Uint8Array
}

/** `bbox` ([w, s, e, n], WGS84) limits the count to placed households inside it; null counts every matching household. */
export function countSheet(m: HouseholdModel, pass: Uint8Array, year: number | null, bbox: [number, number, number, number] | null): SheetCounts {
  const c: SheetCounts = {
    households: 0,
    people: 0,
    byCategory: {},
    peopleByCategory: {},
    noCategory: { households: 0, people: 0 },
    movedOut: 0,
    unlinked: 0,
    unplaced: 0,
    on: new Uint8Array(m.count),
  }
  const moved = HOUSEHOLD_STATUSES.indexOf('moved_out')
  const unlinked = HOUSEHOLD_STATUSES.indexOf('unlinked')
  for (let i = 0; i < m.count; i++) {
    if (!pass[i]) continue
    if (bbox) {
      if (!m.hasPosition[i]) continue
      const lng = m.positions[2 * i]!
      const lat = m.positions[2 * i + 1]!
      if (lng < bbox[0] || lng > bbox[2] || lat < bbox[1] || lat > bbox[3]) continue
    }
    c.on[i] = 1
    const people = m.memberCount[i]!
    c.households++
    c.people += people
    if (!m.hasPosition[i]) c.unplaced++
    if (m.status[i] === moved) c.movedOut++
    if (m.status[i] === unlinked) c.unlinked++
    const held = categoriesFor(m, i, year)
    if (held === 0) {
      c.noCategory.households++
      c.noCategory.people += people
    }
    for (let b = 0; b < m.categoryCodes.length; b++) {
      if (held & (1 << b)) {
        const code = m.categoryCodes[b]!
        c.byCategory[code] = (c.byCategory[code] ?? 0) + 1
        c.peopleByCategory[code] = (c.peopleByCategory[code] ?? 0) + people
      }
    }
  }
  return c
}

export interface LegendEntry {
  key: string
  spec: GlyphSpec
  label: string
  households: number | null
  people: number | null
}

export interface LegendLabels {
  none: string
  movedOut: string
  unlinked: string
  focus: string
}

/** The legend's rows: categories on the sheet in registry order (or the one 重点关注户 row), then none, moved out, not linked. */
export function legendEntries(counts: SheetCounts, categories: CategoryInfo[], deidentified: boolean, labels: LegendLabels): LegendEntry[] {
  const row = (spec: GlyphSpec, label: string, households: number | null, people: number | null): LegendEntry => ({
    key: `glyph:${glyphKey(spec)}`,
    spec,
    label,
    households,
    people,
  })
  const rows: LegendEntry[] = []
  if (deidentified) {
    const focus = counts.households - counts.noCategory.households
    if (focus > 0) rows.push(row({ status: 'active', colours: [FOCUS_COLOUR] }, labels.focus, focus, counts.people - counts.noCategory.people))
  } else {
    for (const c of categories) {
      const n = counts.byCategory[c.code] ?? 0
      if (n > 0) rows.push(row({ status: 'active', colours: [c.colour] }, c.label, n, counts.peopleByCategory[c.code] ?? 0))
    }
  }
  rows.push(row({ status: 'active', colours: [] }, labels.none, counts.noCategory.households, counts.noCategory.people))
  if (counts.movedOut > 0) rows.push(row({ status: 'moved_out', colours: [deidentified ? FOCUS_COLOUR : (categories[0]?.colour ?? '#8a8f98')] }, labels.movedOut, counts.movedOut, null))
  if (counts.unlinked > 0) rows.push(row({ status: 'unlinked', colours: [] }, labels.unlinked, counts.unlinked, null))
  return rows
}

/** The map glyphs of the de-identified mode: any category → one 重点关注户 ring; status marks kept. */
export function deidentifiedGlyphs(m: HouseholdModel, year: number | null): { keys: string[]; specs: GlyphSpec[] } {
  const specs = new Map<string, GlyphSpec>()
  const keys = new Array<string>(m.count)
  for (let i = 0; i < m.count; i++) {
    const spec: GlyphSpec = { status: HOUSEHOLD_STATUSES[m.status[i]!]!, colours: categoriesFor(m, i, year) ? [FOCUS_COLOUR] : [] }
    const key = glyphKey(spec)
    specs.set(key, spec)
    keys[i] = key
  }
  return { keys, specs: [...specs.values()] }
}
