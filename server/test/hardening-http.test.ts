/** Response headers for personal data and tokens, framing, HSTS, and the proxy setting the sign-in limiter keys on. */
import { beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.ts'
import { loadConfig, trustProxyOf } from '../src/config.ts'
import { DEMO_PASSWORD } from '../src/demo/demo-accounts.ts'
import { TEST_VILLAGE, withVillage, workerDatabase } from './helpers.ts'

// Opening the worker's database from the template is the slow part on a loaded machine; not any test's.
beforeAll(() => workerDatabase().then(() => {}), 180_000)

describe('caching', () => {
  it('marks the household list, the card and the session (with its CSRF token) no-store', async () => {
    const { app, data } = await withVillage(2)
    for (const url of [`/api/villages/${TEST_VILLAGE}/households?names=1`, `/api/households/${data.households[0]!.id}`, '/api/auth/session']) {
      const res = await app.inject(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['cache-control'], url).toBe('no-store')
    }
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'worker', password: DEMO_PASSWORD } })
    expect(login.headers['cache-control']).toBe('no-store')
  })
})

describe('framing and transport', () => {
  it('says DENY in X-Frame-Options, as the CSP says frame-ancestors none', async () => {
    const { raw } = await withVillage(1)
    const res = await raw.inject('/api/health')
    expect(res.headers['x-frame-options']).toBe('DENY')
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
  })

  it('sends HSTS only over HTTPS, as a configured proxy reports it', async () => {
    const { database } = await withVillage(1)
    const plain = await buildApp({ database })
    expect((await plain.inject('/api/health')).headers['strict-transport-security']).toBeUndefined()
    // Without a trusted proxy, a client cannot claim HTTPS.
    expect((await plain.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined()
    const proxied = await buildApp({ database, trustProxy: ['127.0.0.1'] })
    expect((await proxied.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toMatch(/max-age=\d+/)
  })
})

describe('the proxy setting', () => {
  it('is explicit: off unless CUNTU_TRUST_PROXY names hops or addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false)
    expect(trustProxyOf('0')).toBe(false)
    expect(trustProxyOf('1')).toBe(1)
    expect(trustProxyOf('127.0.0.1,10.0.0.0/8')).toEqual(['127.0.0.1', '10.0.0.0/8'])
    expect(() => loadConfig({ CUNTU_TRUST_PROXY: 'true' })).toThrow(/CUNTU_TRUST_PROXY/)
  })

  it('keys the sign-in limiter on the client address the proxy reports only when configured', async () => {
    const { database } = await withVillage(1)
    const attempt = (app: Awaited<ReturnType<typeof buildApp>>, client: string) =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `nobody-${client}`, password: 'wrong password here' }, headers: { 'x-forwarded-for': client } })
    const behindNat = await buildApp({ database, loginRateLimit: 2, trustProxy: ['127.0.0.1'] })
    for (const client of ['10.1.1.1', '10.1.1.2', '10.1.1.3']) {
      expect((await attempt(behindNat, client)).statusCode).toBe(401)
      expect((await attempt(behindNat, client)).statusCode).toBe(401)
    }
    expect((await attempt(behindNat, '10.1.1.1')).statusCode).toBe(429)
    // Not configured: the header is the client's claim, ignored; every attempt is the socket's.
    const direct = await buildApp({ database, loginRateLimit: 2 })
    expect((await attempt(direct, '10.2.2.1')).statusCode).toBe(401)
    expect((await attempt(direct, '10.2.2.2')).statusCode).toBe(401)
    expect((await attempt(direct, '10.2.2.3')).statusCode).toBe(429)
  })
})
