/**
 * Per-worker database and per-test app. Each worker opens one database from the
 * template (PGlite from the dump, PostgreSQL as a clone of the template
 * database); each test starts from empty tables, so tests share no state.
 */
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { clearData, loadDataset, openDatabase, queryRows, type Database, type Dataset } from '@cuntu/db'
import { generateVillage } from '@cuntu/fixtures'
import type { InjectOptions } from 'fastify'
import { buildApp, type App } from '../src/app.ts'
import { DEMO_PASSWORD, ensureDemoAccounts } from '../src/demo/demo-accounts.ts'
import { withDatabase } from './global-setup.ts'
import { inject } from 'vitest'
import { adminUrl, testTarget } from './target.ts'

let shared: Promise<Database> | undefined

async function openWorkerDatabase(): Promise<Database> {
  const target = testTarget()
  if (target.kind === 'pglite') {
    const bytes = readFileSync(inject('pgliteTemplate'))
    return openDatabase({ loadDataDir: new Blob([bytes]) })
  }
  const name = `cuntu_test_w${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl(target.url) })
  await admin.connect()
  try {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.query(`create database ${name} template ${inject('postgresTemplate')}`)
  } finally {
    await admin.end()
  }
  const database = await openDatabase({ url: withDatabase(target.url, name), poolSize: 4 })
  process.once('beforeExit', () => void dropWorkerDatabase(target.url, name, database))
  return database
}

async function dropWorkerDatabase(url: string, name: string, database: Database) {
  await database.close().catch(() => {})
  const admin = new pg.Client({ connectionString: adminUrl(url) })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`).catch(() => {})
  await admin.end()
}

export function workerDatabase(): Promise<Database> {
  shared ??= openWorkerDatabase()
  return shared
}

/**
 * The database as one test sees it. A test that times out keeps running in the background; before this, its
 * late inserts landed in the next test's freshly emptied tables (a 23505 duplicate key there). Each test now gets
 * its own lease on the worker database: when the next test starts, the old lease turns stale (any further query
 * through it throws) and its queries still in flight are waited for before the tables are emptied.
 */
interface Lease {
  stale: boolean
  inflight: Set<Promise<unknown>>
}

let currentLease: Lease | undefined

export const STALE_TEST = 'this test already ended (timed out?); its database belongs to the next test now'

function leased(real: Database, lease: Lease): Database {
  const check = () => {
    if (lease.stale) throw new Error(STALE_TEST)
  }
  const track = <T>(run: () => T | PromiseLike<T>): Promise<T> => {
    // An async wrapper awaits drizzle's lazy thenables exactly once and gives a real promise to track.
    const p = (async () => await run())()
    lease.inflight.add(p)
    void p.then(() => lease.inflight.delete(p), () => lease.inflight.delete(p))
    return p
  }
  const db = new Proxy(real.db, {
    get(target, prop) {
      check()
      const value = Reflect.get(target, prop, target) as unknown
      if (typeof value !== 'function') return value
      const fn = value as (...args: unknown[]) => unknown
      if (prop === 'execute' || prop === 'transaction') return (...args: unknown[]) => (check(), track(() => fn.apply(target, args)))
      return (...args: unknown[]) => (check(), fn.apply(target, args))
    },
  })
  return { ...real, db, rows: (q) => track(() => (check(), queryRows(db, q))) } as Database
}

/** Hand the worker database to a new test: the previous test's lease goes stale and its queries finish first. */
async function newLease(): Promise<Database> {
  const real = await workerDatabase()
  const previous = currentLease
  if (previous) {
    previous.stale = true
    const deadline = new Promise((resolve) => setTimeout(resolve, 60_000).unref())
    await Promise.race([Promise.allSettled([...previous.inflight]), deadline])
  }
  currentLease = { stale: false, inflight: new Set() }
  return leased(real, currentLease)
}

/**
 * Before the first test (see setup.ts): open the worker database and walk the paths every test takes once
 * (load a village, create the accounts, sign in, list and read households), so their first-run cost (module
 * loading, JIT, schema compilers, the argon2 binding) is not charged to whichever test happens to run first.
 */
export async function warmUp(): Promise<void> {
  const { app, raw, data } = await withVillage(3)
  await app.inject(`/api/villages/${TEST_VILLAGE}/households`)
  await app.inject(`/api/households/${data.households[0]!.id}`)
  await raw.close()
}

/** Empty tables (the built-in registry stays), then build an app over them. */
export async function freshApp(options: { loginRateLimit?: number; cookies?: 'host' | 'auto' } = {}): Promise<{ app: App; database: Database }> {
  const database = await newLease()
  await clearData(database)
  await database.db.execute(sql`truncate sessions, break_glass_grants, supervisor_assignments, users, organisation_areas, organisations, audit_log cascade`)
  const app = await buildApp({ database, loginRateLimit: options.loginRateLimit ?? 10_000, cookies: options.cookies })
  return { app, database }
}

/** An `inject` that carries a signed-in session's cookie and CSRF token. */
export interface Client {
  inject(options: string | InjectOptions): Promise<Awaited<ReturnType<App['inject']>>>
  csrfToken: string
  cookie: string
}

export async function signIn(app: App, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`)
  const set = res.cookies.find((c) => c.name === '__Host-cuntu_sid' || c.name === 'cuntu_sid')!
  const cookie = `${set.name}=${set.value}`
  const csrfToken = res.json().csrfToken as string
  return {
    cookie,
    csrfToken,
    inject(options) {
      const o: InjectOptions = typeof options === 'string' ? { url: options } : options
      return app.inject({ ...o, headers: { cookie, 'x-csrf-token': csrfToken, ...(o.headers ?? {}) } })
    },
  }
}

export const TEST_VILLAGE = '440982101201'
export const TODAY = new Date()

/** A small generated village (reproducible): 3 groups, `households` households. */
export function smallVillage(households = 40, seed = 11): Dataset {
  return generateVillage({ households, groups: 3, seed, unplacedRate: 0.05 }, TODAY)
}

export const OTHER_COUNTY = '440983000000'
export const OTHER_TOWNSHIP = '440983102000'
export const OTHER_VILLAGE = '440983102201'

/** A village in another county, outside every demo account's scope but the system admin's. */
export function otherVillage(households = 6): Dataset {
  const data = generateVillage({ households, groups: 2, seed: 99, villageCode: OTHER_VILLAGE, huhaoPrefix: '09', unplacedRate: 0 }, TODAY)
  return {
    ...data,
    areas: data.areas.map((a) =>
      a.level === 'county'
        ? { ...a, code: OTHER_COUNTY, name: '其他县（测试）' }
        : a.level === 'township'
          ? { ...a, code: OTHER_TOWNSHIP, name: '其他镇（测试）', parentCode: OTHER_COUNTY }
          : a.level === 'village'
            ? { ...a, parentCode: OTHER_TOWNSHIP }
            : a,
    ),
  }
}

/**
 * The test village (and a village in another township), the demo organisations
 * and accounts, and `app` signed in as the station lead of the test township.
 * `raw` is the app without a session; `as(username)` signs in as another account.
 */
export async function withVillage(households = 40, seed = 11) {
  const ctx = await freshApp()
  const data = smallVillage(households, seed)
  await loadDataset(ctx.database, data, { source: 'test' })
  await loadDataset(ctx.database, otherVillage(), { source: 'test' })
  await ensureDemoAccounts(ctx.database, TEST_VILLAGE)
  const app = await signIn(ctx.app, 'lead')
  return { app, raw: ctx.app, database: ctx.database, data, as: (username: string) => signIn(ctx.app, username) }
}

/** Categories a dataset household holds, own and members', as the API should roll them up. */
export function heldCodes(h: Dataset['households'][number]): Set<string> {
  return new Set([...h.categories, ...h.members.flatMap((m) => m.categories)].map((c) => c.code))
}

/**
 * A transaction that holds the database, as an import's commit does, until `release()` (which waits for it to end).
 * On the embedded database it is the only connection; on PostgreSQL other requests get other connections.
 */
export async function holdDatabase(database: Database): Promise<{ release: () => Promise<void> }> {
  let free!: () => void
  const held = new Promise<void>((resolve) => (free = resolve))
  let started!: () => void
  const inside = new Promise<void>((resolve) => (started = resolve))
  const long = database.db.transaction(async (tx) => {
    await tx.execute(sql`update households set notes = notes`)
    started()
    await held
  })
  await inside
  return { release: async () => { free(); await long } }
}
