import { describe, expect, it } from 'vitest'
import { actionKey, auditQuery, NO_FILTERS, shortId } from './audit-actions.ts'

describe('auditQuery', () => {
  it('sends only the limit when nothing is filtered', () => {
    expect(auditQuery(NO_FILTERS, 50)).toBe('limit=50')
  })
  it('pages with before', () => {
    expect(new URLSearchParams(auditQuery(NO_FILTERS, 50, 1234)).get('before')).toBe('1234')
  })
  it('turns inclusive local days into [local midnight, next local midnight)', () => {
    const p = new URLSearchParams(auditQuery({ ...NO_FILTERS, from: '2025-03-01', to: '2025-03-31' }, 10))
    expect(p.get('from')).toBe(new Date(2025, 2, 1).toISOString())
    expect(p.get('to')).toBe(new Date(2025, 3, 1).toISOString())
  })
  it('passes action and user through', () => {
    const p = new URLSearchParams(auditQuery({ ...NO_FILTERS, action: 'household.view', userId: 'u1' }, 10))
    expect([p.get('action'), p.get('userId')]).toEqual(['household.view', 'u1'])
  })
})

describe('labels and ids', () => {
  it('labels known actions and leaves unknown ones to be shown raw', () => {
    expect(actionKey('household.view')).toBe('audit.action.household.view')
    expect(actionKey('something.new')).toBeNull()
  })
  it('shortens UUIDs but not area codes', () => {
    expect(shortId('0b6f3c1e-8a2b-4c3d-9e4f-5a6b7c8d9e0f')).toBe('0b6f3c1e')
    expect(shortId('440982101201')).toBe('440982101201')
  })
})
