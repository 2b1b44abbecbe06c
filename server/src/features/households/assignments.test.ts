import { describe, expect, it } from 'vitest'
import { BUILTIN_CATEGORIES } from '@cuntu/domain'
import { AppError } from '../../plugins/errors.ts'
import { checkAssignments, type RegistryEntry } from './assignments.ts'

const registry = new Map<string, RegistryEntry>(BUILTIN_CATEGORIES.map((c) => [c.code, c]))
const codeOf = (fn: () => void) => {
  try {
    fn()
  } catch (e) {
    return e instanceof AppError ? e.code : 'other'
  }
  return 'ok'
}

describe('checkAssignments', () => {
  it('accepts household categories with years where required', () => {
    expect(codeOf(() => checkAssignments(registry, 'household', [{ code: 'dibao' }, { code: 'poverty_relief', year: 2018 }]))).toBe('ok')
  })
  it('rejects unknown codes', () => {
    expect(codeOf(() => checkAssignments(registry, 'household', [{ code: 'nonsense' }]))).toBe('unknown_category')
  })
  it('rejects a member category on a household', () => {
    expect(codeOf(() => checkAssignments(registry, 'household', [{ code: 'disability_12' }]))).toBe('category_scope_mismatch')
  })
  it('requires a year for per-year categories', () => {
    expect(codeOf(() => checkAssignments(registry, 'household', [{ code: 'poverty_relief' }]))).toBe('category_year_required')
  })
  it('rejects the same code twice for one year, but allows two years', () => {
    expect(codeOf(() => checkAssignments(registry, 'household', [{ code: 'dibao' }, { code: 'dibao' }]))).toBe('duplicate_category')
    expect(
      codeOf(() =>
        checkAssignments(registry, 'household', [
          { code: 'poverty_relief', year: 2017 },
          { code: 'poverty_relief', year: 2018 },
        ]),
      ),
    ).toBe('ok')
  })
  it('refuses 低保 with 低保边缘 on one household, whatever the order', () => {
    expect(codeOf(() => checkAssignments(registry, 'household', [{ code: 'dibao_edge' }, { code: 'wubao' }, { code: 'dibao' }]))).toBe('categories_exclusive')
    expect(codeOf(() => checkAssignments(registry, 'household', [{ code: 'dibao_edge' }, { code: 'wubao' }]))).toBe('ok')
  })
})
