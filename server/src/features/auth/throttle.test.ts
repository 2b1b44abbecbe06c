import { describe, expect, it } from 'vitest'
import { ACCOUNT_RULE, delayAfter, LoginThrottle, Throttle } from './throttle.ts'

const rule = { free: 2, baseMs: 1000, maxMs: 8000, forgetAfterMs: 60_000 }

describe('delayAfter', () => {
  it('is free for the first failures, then doubles up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => delayAfter(rule, n))).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000, 8000])
  })
  it('keeps one account under 100 failed attempts an hour (ASVS 2.2.1) at its cap', () => {
    expect(3600_000 / ACCOUNT_RULE.maxMs).toBeLessThan(100)
  })
})

describe('Throttle', () => {
  it('makes a key wait after its free failures, and lets it try once the delay has passed', () => {
    let now = 0
    const t = new Throttle(rule, () => now)
    t.failure('a')
    t.failure('a')
    expect(t.waitMs('a')).toBe(0)
    t.failure('a')
    expect(t.waitMs('a')).toBe(1000)
    now += 1000
    expect(t.waitMs('a')).toBe(0)
    expect(t.waitMs('b')).toBe(0)
  })

  it('forgets a key quiet for the forget period, so one more failure does not delay again', () => {
    let now = 0
    const t = new Throttle(rule, () => now)
    for (let i = 0; i < 6; i++) t.failure('a')
    expect(t.waitMs('a')).toBe(8000)
    now += 60_001
    t.failure('a')
    expect(t.waitMs('a')).toBe(0)
  })

  it('bounds the number of keys it remembers', () => {
    const t = new Throttle(rule, () => 0, 3)
    for (const k of ['a', 'b', 'c', 'd']) for (let i = 0; i < 3; i++) t.failure(k)
    expect(t.waitMs('a')).toBe(0)
    expect(t.waitMs('d')).toBe(1000)
  })
})

describe('LoginThrottle', () => {
  it('throttles by account name whatever the source, case-insensitively, and resets the account on success', () => {
    let now = 0
    const t = new LoginThrottle(() => now, { account: rule })
    for (let i = 0; i < 3; i++) t.failure('Admin', `10.0.0.${i}`)
    expect(t.waitMs('admin', '10.9.9.9')).toBe(1000)
    now += 1000
    t.success('admin')
    expect(t.waitMs('admin', '10.9.9.9')).toBe(0)
  })

  it('throttles a source spraying many names, and a success does not reset the source', () => {
    const t = new LoginThrottle(() => 0, { source: rule })
    for (let i = 0; i < 3; i++) t.failure(`user${i}`, '10.0.0.1')
    t.success('user0')
    expect(t.waitMs('someone-else', '10.0.0.1')).toBe(1000)
    expect(t.waitMs('someone-else', '10.0.0.2')).toBe(0)
  })
})
