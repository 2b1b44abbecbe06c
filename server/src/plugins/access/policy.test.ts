import { describe, expect, it } from 'vitest'
import { abilitiesOf, inScope, mayReadNames, visibleArea, type Principal } from './policy.ts'

const principal = (role: Principal['role'], prefixes: string[] | '*', named: Principal['namedVillages'] = '*'): Principal => ({
  userId: 'u', username: 'u', displayName: 'u', role, organisationId: null, abilities: abilitiesOf(role),
  scope: { userId: 'u', areaPrefixes: prefixes }, namedVillages: named,
})

describe('access policy', () => {
  const worker = principal('worker', ['440982101201'])
  it('scopes by area-code prefix', () => {
    expect(inScope(worker, '440982101201')).toBe(true)
    expect(inScope(worker, '440982101202')).toBe(false)
    expect(inScope(principal('station_lead', ['440982101']), '440982101299')).toBe(true)
    expect(inScope(principal('system_admin', '*'), '110101001001')).toBe(true)
  })
  it('shows ancestors of the scope in the area tree but not siblings', () => {
    expect(visibleArea(worker, '440000000000')).toBe(true)
    expect(visibleArea(worker, '440982101000')).toBe(true)
    expect(visibleArea(worker, '440982102000')).toBe(false)
    expect(visibleArea(worker, '440982101202')).toBe(false)
  })
  it('lets supervisors read names only where they broke the glass', () => {
    const supervisor = principal('supervisor', ['440982101'], ['440982101201'])
    expect(mayReadNames(supervisor, '440982101201')).toBe(true)
    expect(mayReadNames(supervisor, '440982101202')).toBe(false)
    expect(mayReadNames(worker, '440982101201')).toBe(true)
    expect(mayReadNames(worker, '440982101202')).toBe(false)
  })
})
