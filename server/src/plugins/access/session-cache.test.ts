import { describe, expect, it } from 'vitest'
import { abilitiesOf, type Principal } from './policy.ts'
import { SessionCache } from './session-cache.ts'

const principal: Principal = {
  userId: 'u', username: 'u', displayName: 'u', role: 'worker', organisationId: null, abilities: abilitiesOf('worker'),
  scope: { userId: 'u', areaPrefixes: ['440982101201'] }, namedVillages: [],
}
const entry = (expiresAt = 1_000_000) => ({ principal, csrfToken: 'c', expiresAt, lastSeen: 0, touchedAt: 0 })

describe('SessionCache', () => {
  it('answers a stored session until its TTL, then forgets it', () => {
    const cache = new SessionCache(1_000)
    cache.set('h', entry(), cache.begin(), 0)
    expect(cache.get('h', 999)?.csrfToken).toBe('c')
    expect(cache.get('h', 1_000)).toBeNull()
    expect(cache.size).toBe(0)
  })

  it('never trusts an entry past the session’s own end or a grant’s end', () => {
    const cache = new SessionCache(60_000)
    cache.set('a', entry(500), cache.begin(), 0)
    cache.set('b', { ...entry(), validUntil: 200 }, cache.begin(), 0)
    expect(cache.get('a', 499)).not.toBeNull()
    expect(cache.get('a', 500)).toBeNull()
    expect(cache.get('b', 199)).not.toBeNull()
    expect(cache.get('b', 200)).toBeNull()
  })

  it('does not store what a lookup read before a clear (a write committed meanwhile)', () => {
    const cache = new SessionCache(60_000)
    const begun = cache.begin()
    cache.clear()
    cache.set('h', entry(), begun, 0)
    expect(cache.get('h', 1)).toBeNull()
    cache.set('h', entry(), cache.begin(), 0)
    expect(cache.get('h', 1)).not.toBeNull()
  })

  it('clear and drop forget entries', () => {
    const cache = new SessionCache(60_000)
    cache.set('a', entry(), cache.begin(), 0)
    cache.set('b', entry(), cache.begin(), 0)
    cache.drop('a')
    expect(cache.get('a', 1)).toBeNull()
    expect(cache.get('b', 1)).not.toBeNull()
    cache.clear()
    expect(cache.get('b', 1)).toBeNull()
  })

  it('is off with a TTL of 0, and bounded by its size (oldest out first)', () => {
    const off = new SessionCache(0)
    off.set('h', entry(), off.begin(), 0)
    expect(off.get('h', 1)).toBeNull()
    const small = new SessionCache(60_000, 2)
    for (const h of ['a', 'b', 'c']) small.set(h, entry(), small.begin(), 0)
    expect(small.size).toBe(2)
    expect(small.get('a', 1)).toBeNull()
    expect(small.get('c', 1)).not.toBeNull()
  })
})
