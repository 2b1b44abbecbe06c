/** Which glyph each household gets: its status and its categories' registry colours, in priority order. */
import { HOUSEHOLD_STATUSES } from '@cuntu/domain'
import { glyphKey, type GlyphSpec } from './glyph.ts'
import type { HouseholdModel } from './model.ts'

export interface Glyphs {
  /** Per household, the atlas key. */
  keys: string[]
  /** One spec per distinct key, for the atlas. */
  specs: GlyphSpec[]
}

export function glyphsOf(m: HouseholdModel, colourOf: (code: string) => string): Glyphs {
  const colours = m.categoryCodes.map(colourOf)
  const byKey = new Map<string, GlyphSpec>()
  const keys: string[] = new Array(m.count)
  // Memoise by (status, bits): a village has few combinations, so this is one map lookup per household.
  const memo = new Map<number, string>()
  for (let i = 0; i < m.count; i++) {
    const bits = m.categories[i]!
    const status = m.status[i]!
    const memoKey = bits * 4 + status
    let key = memo.get(memoKey)
    if (key === undefined) {
      const spec: GlyphSpec = { status: HOUSEHOLD_STATUSES[status]!, colours: colours.filter((_, b) => bits & (1 << b)) }
      key = glyphKey(spec)
      byKey.set(key, spec)
      memo.set(memoKey, key)
    }
    keys[i] = key
  }
  return { keys, specs: [...byKey.values()] }
}
