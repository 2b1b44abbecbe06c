import { describe, expect, it, vi } from 'vitest'
import { sql } from 'drizzle-orm'
import { SESSION_IDLE_MS } from '@cuntu/domain'
import { buildApp } from '../src/app.ts'
import { productionProblems, loadConfig } from '../src/config.ts'
import { DEMO_PASSWORD, ensureDemoAccounts } from '../src/demo/demo-accounts.ts'
import { totpAt } from '../src/features/auth/totp.ts'
import { freshApp, signIn, TEST_VILLAGE, withVillage } from './helpers.ts'

const login = (app: Awaited<ReturnType<typeof freshApp>>['app'], username: string, password: string, totp?: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } })

describe('signing in', () => {
  it('sets a __Host- session cookie that is Secure, HttpOnly and SameSite=Lax, and answers the session', async () => {
    const { database } = await withVillage(1)
    const raw = await buildApp({ database, cookies: 'host' })
    const res = await login(raw, 'worker', DEMO_PASSWORD)
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === '__Host-cuntu_sid')!
    expect(cookie).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Lax' })
    expect(cookie.domain).toBeUndefined()
    expect(res.json()).toMatchObject({ user: { username: 'worker', role: 'worker' }, scope: [TEST_VILLAGE] })
    expect(res.json().csrfToken).toMatch(/^[\w-]{40,}$/)
  })

  it('outside production, gives a plain-HTTP request an HttpOnly cookie a browser keeps on http://127.0.0.1', async () => {
    const { raw } = await withVillage(1)
    const res = await login(raw, 'worker', DEMO_PASSWORD)
    const cookie = res.cookies.find((c) => c.name === 'cuntu_sid')!
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax' })
    expect(cookie.secure).toBeFalsy()
    expect(res.cookies.find((c) => c.name === '__Host-cuntu_sid')).toBeUndefined()
    const again = await raw.inject({ url: '/api/auth/session', headers: { cookie: `cuntu_sid=${cookie.value}` } })
    expect(again.statusCode).toBe(200)
  })

  it('in production mode ignores the plain-HTTP cookie', async () => {
    const { database } = await withVillage(1)
    const dev = await buildApp({ database })
    const token = (await login(dev, 'worker', DEMO_PASSWORD)).cookies.find((c) => c.name === 'cuntu_sid')!.value
    const prod = await buildApp({ database, cookies: 'host' })
    expect((await prod.inject({ url: '/api/auth/session', headers: { cookie: `cuntu_sid=${token}` } })).statusCode).toBe(401)
    expect((await prod.inject({ url: '/api/auth/session', headers: { cookie: `__Host-cuntu_sid=${token}` } })).statusCode).toBe(200)
  })

  it('refuses a wrong password without saying whether the account exists, and audits it', async () => {
    const { raw, database } = await withVillage(1)
    const wrong = await login(raw, 'worker', 'not the password at all')
    const nobody = await login(raw, 'nobody-here', 'not the password at all')
    expect(wrong.statusCode).toBe(401)
    expect(nobody.statusCode).toBe(401)
    expect(wrong.json().error).toEqual(nobody.json().error)
    const rows = await database.rows<{ action: string; username: string }>(sql`select action, username from audit_log where action = 'login.failed' order by id`)
    expect(rows.map((r) => r.username)).toEqual(['worker', 'nobody-here'])
  })

  it('rate-limits sign-in attempts per address', async () => {
    const { database } = await withVillage(1)
    const app = await buildApp({ database, loginRateLimit: 3 })
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await login(app, 'lead', `wrong password ${i}`)).statusCode)
    expect(codes).toEqual([401, 401, 401, 429])
  })

  it('asks for the TOTP code once the second factor is on', async () => {
    const { app, raw } = await withVillage(1)
    const { secret } = (await app.inject({ method: 'POST', url: '/api/auth/totp/setup' })).json()
    const enable = await app.inject({ method: 'POST', url: '/api/auth/totp/enable', payload: { secret, code: totpAt(secret, Date.now()) } })
    expect(enable.statusCode).toBe(204)
    const without = await login(raw, 'lead', DEMO_PASSWORD)
    expect(without.statusCode).toBe(401)
    expect(without.json().error.code).toBe('totp_required')
    expect((await login(raw, 'lead', DEMO_PASSWORD, '000000')).json().error.code).toBe('totp_invalid')
    // The code that turned it on is used up; the next step's (accepted for clock drift) signs in.
    expect((await login(raw, 'lead', DEMO_PASSWORD, totpAt(secret, Date.now() + 30_000))).statusCode).toBe(200)
  })
})

describe('sessions', () => {
  it('rejects state-changing requests without the CSRF token', async () => {
    const { app, raw } = await withVillage(1)
    const payload = { huhao: '0201999' }
    const none = await raw.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/households`, payload, headers: { cookie: app.cookie } })
    expect(none.statusCode).toBe(403)
    expect(none.json().error.code).toBe('csrf_failed')
    const wrong = await raw.inject({
      method: 'POST', url: `/api/villages/${TEST_VILLAGE}/households`, payload, headers: { cookie: app.cookie, 'x-csrf-token': 'x'.repeat(43) },
    })
    expect(wrong.statusCode).toBe(403)
    expect((await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/households`, payload })).statusCode).toBe(201)
  })

  it('expires an idle session', async () => {
    const { app } = await withVillage(1)
    expect((await app.inject('/api/auth/session')).statusCode).toBe(200)
    // The idle time passes on the clock (the process remembers when it last saw the session,
    // so moving the stored last-seen back would not make it idle; see session-cache.test.ts).
    const later = Date.now() + SESSION_IDLE_MS + 60_000
    const clock = vi.spyOn(Date, 'now').mockReturnValue(later)
    try {
      const res = await app.inject('/api/auth/session')
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('session_expired')
    } finally {
      clock.mockRestore()
    }
  })

  it('expires a session at its absolute limit however active it is', async () => {
    const { app, database } = await withVillage(1)
    await database.db.execute(sql`update sessions set expires_at = now() - interval '1 second'`)
    expect((await app.inject('/api/auth/session')).statusCode).toBe(401)
  })

  it('logs out this session, and everywhere', async () => {
    const { raw, as } = await withVillage(1)
    const a = await as('worker')
    const b = await as('worker')
    expect((await a.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204)
    expect((await a.inject('/api/auth/session')).statusCode).toBe(401)
    expect((await b.inject('/api/auth/session')).statusCode).toBe(200)
    const c = await signIn(raw, 'worker')
    expect((await c.inject({ method: 'POST', url: '/api/auth/logout-all' })).json().revoked).toBe(2)
    expect((await b.inject('/api/auth/session')).statusCode).toBe(401)
  })

  it('changes a password only with the current one and a good new one, ending other sessions', async () => {
    const { as, raw } = await withVillage(1)
    const w = await as('worker')
    const weak = await w.inject({ method: 'POST', url: '/api/auth/password', payload: { current: DEMO_PASSWORD, next: '1234567890' } })
    expect(weak.statusCode).toBe(400)
    expect(weak.json().error.code).toBe('password_rejected')
    const ok = await w.inject({ method: 'POST', url: '/api/auth/password', payload: { current: DEMO_PASSWORD, next: '村口大榕树下的石凳很凉快' } })
    expect(ok.statusCode).toBe(204)
    expect((await w.inject('/api/auth/session')).statusCode).toBe(401)
    expect((await login(raw, 'worker', '村口大榕树下的石凳很凉快')).statusCode).toBe(200)
  })

  it('lets a disabled account sign in no more and ends its sessions', async () => {
    const { app, as, raw } = await withVillage(1)
    const w = await as('worker')
    const list = (await app.inject('/api/users')).json() as { id: string; username: string }[]
    const worker = list.find((u) => u.username === 'worker')!
    expect((await app.inject({ method: 'PATCH', url: `/api/users/${worker.id}`, payload: { disabled: true } })).statusCode).toBe(200)
    expect((await w.inject('/api/auth/session')).statusCode).toBe(401)
    expect((await login(raw, 'worker', DEMO_PASSWORD)).statusCode).toBe(401)
  })

  it('lists the demo sign-ins before sign-in only in demo mode, and they work', async () => {
    const { raw, database } = await withVillage(1)
    const plain = await raw.inject('/api/auth/demo')
    expect(plain.statusCode).toBe(200)
    expect(plain.json()).toEqual({ demo: null })
    const demoApp = await buildApp({ database, demo: true })
    try {
      const res = (await demoApp.inject('/api/auth/demo')).json() as { demo: { password: string; accounts: { username: string; role: string }[] } }
      expect(res.demo.password).toBe(DEMO_PASSWORD)
      expect(res.demo.accounts.map((a) => a.role).sort()).toEqual(['civil_affairs_admin', 'station_lead', 'supervisor', 'system_admin', 'worker'])
      for (const a of res.demo.accounts) expect((await login(demoApp, a.username, res.demo.password)).statusCode, a.username).toBe(200)
    } finally {
      await demoApp.close()
    }
  })

  it('does not let a station lead disable their own account or reset their own password through user management', async () => {
    const { as } = await withVillage(1)
    const lead = await as('lead')
    const me = ((await lead.inject('/api/auth/session')).json() as { user: { id: string } }).user
    for (const payload of [{ disabled: true }, { password: '村口大榕树下的石凳很凉快' }]) {
      const res = await lead.inject({ method: 'PATCH', url: `/api/users/${me.id}`, payload, headers: { 'accept-language': 'zh-CN' } })
      expect(res.statusCode).toBe(403)
      expect(res.json().error.code).toBe('user_self')
      expect(res.json().error.message).toContain('账号设置')
    }
    expect((await lead.inject('/api/auth/session')).statusCode).toBe(200)
  })
})

describe('break the glass', () => {
  it('gives a supervisor named access to one village only after a stated reason, and audits the reason and the views', async () => {
    const { as, data, database } = await withVillage(3)
    const s = await as('supervisor')
    const id = data.households[0]!.id
    const before = await s.inject(`/api/households/${id}`)
    expect(before.statusCode).toBe(403)
    expect(before.json().error.code).toBe('break_glass_required')
    const short = await s.inject({ method: 'POST', url: '/api/break-glass', payload: { villageCode: TEST_VILLAGE, reason: '看看' } })
    expect(short.statusCode).toBe(400)
    const glass = await s.inject({ method: 'POST', url: '/api/break-glass', payload: { villageCode: TEST_VILLAGE, reason: '个案督导：核实该户残疾补贴情况' } })
    expect(glass.statusCode).toBe(201)
    expect((await s.inject(`/api/households/${id}`)).statusCode).toBe(200)
    const rows = await database.rows<{ action: string; purpose: string | null }>(
      sql`select action, purpose from audit_log where username = 'supervisor' and action in ('break_glass', 'household.view') order by id`,
    )
    expect(rows).toEqual([
      { action: 'break_glass', purpose: '个案督导：核实该户残疾补贴情况' },
      { action: 'household.view', purpose: 'break_glass' },
    ])
  })
})

describe('production mode', () => {
  it('refuses demo data, demo accounts and development secrets', () => {
    const prod = loadConfig({ NODE_ENV: 'production', CUNTU_DEMO: '1' })
    expect(productionProblems(prod, true)).toHaveLength(3)
    const good = loadConfig({ NODE_ENV: 'production', CUNTU_DEMO: '0', CUNTU_SECRET: 'f'.repeat(24) + 'a8Kq93nZpL0xW2vR' })
    expect(productionProblems(good, false)).toEqual([])
    expect(productionProblems(loadConfig({}), true)).toEqual([])
  })

  it('creates demo accounts once', async () => {
    const { database } = await freshApp()
    await database.db.execute(sql`insert into areas (code, name, level, parent_code) values
      ('440000000000', '广东省', 'province', null), ('440900000000', '茂名市', 'city', '440000000000'),
      ('440982000000', '化州市', 'county', '440900000000'), ('440982101000', '河东镇', 'township', '440982000000'),
      (${TEST_VILLAGE}, '石桥村', 'village', '440982101000')`)
    expect(await ensureDemoAccounts(database, TEST_VILLAGE)).toBe('created')
    expect(await ensureDemoAccounts(database, TEST_VILLAGE)).toBe('existing')
    const [n] = await database.rows<{ n: number }>(sql`select count(*)::int as n from users where demo`)
    expect(n!.n).toBe(5)
  })

  it('makes no demo accounts (and does not fail) when the database holds other places but not the demo ones', async () => {
    // What `npm run import` into a new data folder leaves: a village of its own, no demo township.
    const { database } = await freshApp()
    await database.db.execute(sql`insert into areas (code, name, level, parent_code) values
      ('450000000000', '广西', 'province', null), ('450100000000', '南宁市', 'city', '450000000000'),
      ('450102000000', '某县', 'county', '450100000000'), ('450102101000', '某镇', 'township', '450102000000'),
      ('450102101201', '某村', 'village', '450102101000')`)
    expect(await ensureDemoAccounts(database)).toBe('no_demo_places')
    const [n] = await database.rows<{ n: number }>(sql`select count(*)::int as n from organisations`)
    expect(n!.n).toBe(0)
  })
})
