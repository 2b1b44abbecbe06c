import { exclusiveConflict } from '@cuntu/domain'
import type { HouseholdCategoryInput } from '../../contract/index.ts'
import { badRequest } from '../../plugins/errors.ts'

export interface RegistryEntry {
  code: string
  scope: 'household' | 'member'
  perYear: boolean
}

/**
 * Check category assignments against the registry before anything is written:
 * known codes, the right scope (household vs member), a year for per-year
 * categories, no code listed twice for the same year, and no pair the registry
 * declares exclusive (低保 with 低保边缘).
 */
export function checkAssignments(
  registry: Map<string, RegistryEntry>,
  scope: 'household' | 'member',
  list: readonly Pick<HouseholdCategoryInput, 'code' | 'year'>[],
): void {
  const unknown = list.map((c) => c.code).filter((code) => !registry.has(code))
  if (unknown.length > 0) throw badRequest('unknown_category', { codes: [...new Set(unknown)].join(', ') })
  const seen = new Set<string>()
  for (const c of list) {
    const entry = registry.get(c.code)!
    if (entry.scope !== scope) throw badRequest('category_scope_mismatch', { code: c.code, scope: entry.scope })
    if (entry.perYear && (c.year === null || c.year === undefined)) throw badRequest('category_year_required', { code: c.code })
    const key = `${c.code}:${c.year ?? ''}`
    if (seen.has(key)) throw badRequest('duplicate_category', { code: c.code })
    seen.add(key)
  }
  const pair = exclusiveConflict(list.map((c) => c.code))
  if (pair) throw badRequest('categories_exclusive', { a: pair[0], b: pair[1] })
}
