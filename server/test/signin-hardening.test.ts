/**
 * Sign-in as an attacker would try it: locking someone else out, telling real
 * accounts from made-up ones, replaying a TOTP code; and ending one's own
 * sessions from settings.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { ACCOUNT_RULE } from '../src/features/auth/throttle.ts'
import { DEMO_PASSWORD } from '../src/demo/demo-accounts.ts'
import { totpAt } from '../src/features/auth/totp.ts'
import { type freshApp, withVillage, workerDatabase } from './helpers.ts'

// Opening the worker's database from the template is the slow part on a loaded machine; not any test's.
beforeAll(() => workerDatabase().then(() => {}), 180_000)

type App = Awaited<ReturnType<typeof freshApp>>['app']
const login = (app: App, username: string, password: string, totp?: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('throttling instead of a lock', () => {
  it('slows an account down after a few failures, answering alike for real and made-up names, and lets the owner in once the delay has passed', async () => {
    const { raw } = await withVillage(1)
    for (let i = 0; i < ACCOUNT_RULE.free; i++) {
      const real = await login(raw, 'admin', `wrong password ${i}`)
      const made = await login(raw, 'no-such-admin', `wrong password ${i}`)
      expect([real.statusCode, made.statusCode]).toEqual([401, 401])
      expect(real.json()).toEqual(made.json())
    }
    const [real, made] = [await login(raw, 'admin', 'one more wrong one'), await login(raw, 'no-such-admin', 'one more wrong one')]
    expect(real.statusCode).toBe(401)
    // Now both names are throttled, and the answer does not say which exists, even for the right password.
    const throttled = await login(raw, 'admin', DEMO_PASSWORD)
    const madeThrottled = await login(raw, 'no-such-admin', DEMO_PASSWORD)
    expect(throttled.statusCode).toBe(429)
    expect(madeThrottled.statusCode).toBe(429)
    expect(throttled.json().error.code).toBe('login_throttled')
    expect(throttled.json().error.code).toBe(madeThrottled.json().error.code)
    expect(throttled.json().error.message).toMatch(/秒后再试/)
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1)
    expect(made.statusCode).toBe(401)
    // Seconds, not a quarter of an hour.
    await sleep(ACCOUNT_RULE.baseMs + 100)
    expect((await login(raw, 'admin', DEMO_PASSWORD)).statusCode).toBe(200)
    // The count was reset by the success: one wrong password is a plain 401, not another lock.
    expect((await login(raw, 'admin', 'wrong again')).statusCode).toBe(401)
    expect((await login(raw, 'admin', DEMO_PASSWORD)).statusCode).toBe(200)
  }, 120_000) // a dozen argon2 verifications on a shared machine

  it('never answers 423 or says "locked", however many failures', async () => {
    const { raw } = await withVillage(1)
    const codes = new Set<number>()
    for (let i = 0; i < 12; i++) codes.add((await login(raw, 'worker', `wrong password ${i}`)).statusCode)
    expect([...codes].sort()).toEqual([401, 429])
  }, 120_000)
})

describe('TOTP', () => {
  it('refuses a code that has already signed in, and the code that turned the factor on', async () => {
    const { app, raw, database } = await withVillage(1)
    const { secret } = (await app.inject({ method: 'POST', url: '/api/auth/totp/setup' })).json()
    // Enable with the previous step's code (accepted for drift), so the current one is still fresh.
    const now = Date.now()
    const enableCode = totpAt(secret, now - 30_000)
    expect((await app.inject({ method: 'POST', url: '/api/auth/totp/enable', payload: { secret, code: enableCode } })).statusCode).toBe(204)
    const code = totpAt(secret, now)
    if (code !== enableCode) {
      expect((await login(raw, 'lead', DEMO_PASSWORD, enableCode)).json().error.code).toBe('totp_used')
    }
    const first = await login(raw, 'lead', DEMO_PASSWORD, code)
    expect(first.statusCode).toBe(200)
    const replay = await login(raw, 'lead', DEMO_PASSWORD, code)
    expect(replay.statusCode).toBe(401)
    expect(replay.json().error).toMatchObject({ code: 'totp_used', message: expect.stringContaining('只能用一次') })
    const [row] = await database.rows<{ step: string }>(sql`select totp_last_step::text as step from users where username = 'lead'`)
    expect(Number(row!.step)).toBeGreaterThanOrEqual(Math.floor(now / 30_000))
  })
})

describe('sessions in settings', () => {
  it('lists the user\'s sessions, marks this one, and ends another', async () => {
    const { as } = await withVillage(1)
    const a = await as('worker')
    const b = await as('worker')
    const list = await a.inject('/api/auth/sessions')
    expect(list.statusCode).toBe(200)
    expect(list.headers['cache-control']).toBe('no-store')
    const sessions = list.json().sessions as { id: string; current: boolean }[]
    expect(sessions.length).toBe(2)
    expect(sessions.filter((s) => s.current).length).toBe(1)
    const other = sessions.find((s) => !s.current)!
    expect((await a.inject({ method: 'DELETE', url: `/api/auth/sessions/${other.id}` })).statusCode).toBe(204)
    expect((await b.inject('/api/auth/session')).statusCode).toBe(401)
    expect((await a.inject('/api/auth/session')).statusCode).toBe(200)
    expect((await a.inject({ method: 'DELETE', url: `/api/auth/sessions/${other.id}` })).statusCode).toBe(404)
  })

  it('cannot end someone else\'s session', async () => {
    const { as } = await withVillage(1)
    const worker = await as('worker')
    const lead = await as('lead')
    const leadSession = ((await lead.inject('/api/auth/sessions')).json().sessions as { id: string }[])[0]!
    expect((await worker.inject({ method: 'DELETE', url: `/api/auth/sessions/${leadSession.id}` })).statusCode).toBe(404)
    expect((await lead.inject('/api/auth/session')).statusCode).toBe(200)
  })
})
