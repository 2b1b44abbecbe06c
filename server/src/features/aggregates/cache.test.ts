import { describe, expect, it } from 'vitest'
import { cacheKey, etagOf, matchesEtag, ResponseCache, scopeKey } from './cache.ts'

const body = (n: number) => ({ body: Buffer.alloc(n), type: 'application/octet-stream' })

describe('ResponseCache', () => {
  it('keys differ by scope, filter and version', () => {
    const base = { scope: scopeKey('station_lead', ['440982101'], true), resource: 'tile/440982101000/14/1/2', filter: '', version: 7 }
    const keys = new Set([
      cacheKey(base),
      cacheKey({ ...base, scope: scopeKey('worker', ['440982101201'], true) }),
      cacheKey({ ...base, scope: scopeKey('station_lead', ['440982101'], false) }),
      cacheKey({ ...base, filter: 'categories=dibao' }),
      cacheKey({ ...base, version: 8 }),
    ])
    expect(keys.size).toBe(5)
    expect(scopeKey('x', ['b', 'a'], true)).toBe(scopeKey('x', ['a', 'b'], true))
  })

  it('evicts the least recently used entry past its byte budget', () => {
    const c = new ResponseCache(true, 800)
    c.set('a', body(100))
    c.set('b', body(100))
    c.get('a')
    for (let i = 0; i < 7; i++) c.set(`x${i}`, body(100))
    expect(c.byteSize).toBeLessThanOrEqual(800)
    expect(c.get('b')).toBeUndefined()
    expect(c.get('a')).toBeDefined()
  })

  it('stores nothing when disabled', () => {
    const c = new ResponseCache(false)
    c.set('a', body(10))
    expect(c.get('a')).toBeUndefined()
    expect(c.size).toBe(0)
  })

  it('matches If-None-Match lists and weak tags', () => {
    const tag = etagOf('k')
    expect(matchesEtag(tag, tag)).toBe(true)
    expect(matchesEtag(`"other", W/${tag}`, tag)).toBe(true)
    expect(matchesEtag('"other"', tag)).toBe(false)
    expect(matchesEtag(undefined, tag)).toBe(false)
    expect(etagOf('k')).not.toBe(etagOf('k2'))
  })
})
