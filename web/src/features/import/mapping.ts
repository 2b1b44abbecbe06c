/**
 * The worker's corrections to the detected column mapping, as sent to the
 * server (`ImportOptions.mapping`): keyed by column letter, a field (and year
 * for per-year fields such as 精准扶贫), or null to ignore the column. Only
 * real changes are kept, so "back to what was detected" clears the override.
 */
import type { ImportOptions, ImportPreview } from '@cuntu/server/contract'

export type Overrides = NonNullable<ImportOptions['mapping']>
export type Choice = Overrides[string]
export type DetectedColumn = NonNullable<ImportPreview['mapping']>['columns'][number]

/** One <select> value per choice: '' ignores the column, 'field' or 'field@2018'. */
export function encodeChoice(c: Choice): string {
  if (!c) return ''
  return c.year !== undefined ? `${c.field}@${c.year}` : c.field
}

export function decodeChoice(v: string): Choice {
  if (!v) return null
  const at = v.indexOf('@')
  if (at < 0) return { field: v }
  const year = Number(v.slice(at + 1))
  return Number.isInteger(year) ? { field: v.slice(0, at), year } : { field: v.slice(0, at) }
}

const detectedChoice = (c: DetectedColumn): Choice => (c.field ? { field: c.field, ...(c.year !== undefined ? { year: c.year } : {}) } : null)

const same = (a: Choice, b: Choice) => encodeChoice(a) === encodeChoice(b)

/** What a column maps to now: the override if any, else what the server detected. */
export function effectiveChoice(column: DetectedColumn, overrides: Overrides): Choice {
  return column.letter in overrides ? overrides[column.letter]! : detectedChoice(column)
}

/** Set a column's choice; choosing what was detected removes the override. */
export function setChoice(overrides: Overrides, column: DetectedColumn, choice: Choice): Overrides {
  const next = { ...overrides }
  if (same(choice, detectedChoice(column))) delete next[column.letter]
  else next[column.letter] = choice
  return next
}

/**
 * A per-year field (精准扶贫, 防返贫监测) needs a year: keep the column's detected
 * year, else the year written in its header text, else none (the server then asks).
 */
export function withYear(choice: Choice, column: DetectedColumn, perYear: boolean): Choice {
  if (!choice || !perYear || choice.year !== undefined) return choice
  const year = column.year ?? Number(/(19|20)\d{2}/.exec(column.text)?.[0] ?? NaN)
  return Number.isInteger(year) ? { ...choice, year } : choice
}

/** Columns mapped to the same field (and year) more than once: probably a mistake, shown to the worker. */
export function duplicateFields(columns: readonly DetectedColumn[], overrides: Overrides): Set<string> {
  const seen = new Map<string, number>()
  for (const c of columns) {
    const v = encodeChoice(effectiveChoice(c, overrides))
    if (v) seen.set(v, (seen.get(v) ?? 0) + 1)
  }
  return new Set([...seen].filter(([, n]) => n > 1).map(([v]) => v))
}

/** The overrides for the request body, or undefined when there are none. */
export function mappingOption(overrides: Overrides): Overrides | undefined {
  return Object.keys(overrides).length ? overrides : undefined
}
