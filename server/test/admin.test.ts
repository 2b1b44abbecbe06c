/**
 * The first administrator of a real deployment: `createAdministrator` on both
 * databases, and `npm run admin -- create` end to end against a database of its own.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { openDatabase } from '@cuntu/db'
import { AppError } from '../src/plugins/errors.ts'
import { createAdministrator } from '../src/features/users/admin.ts'
import { freshApp, signIn, workerDatabase } from './helpers.ts'
import { withDatabase } from './global-setup.ts'
import { adminUrl, testTarget } from './target.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const GOOD = 'kapok-river-lantern-42'

describe('the first administrator', () => {
  // Opening the worker's database is set-up, not part of the first test's time.
  beforeAll(() => workerDatabase().then(() => undefined))

  it('creates a system administrator who can sign in and see every area, audited as cli', async () => {
    const { app, database } = await freshApp()
    await createAdministrator(database, { username: 'chief', password: GOOD })
    const client = await signIn(app, 'chief', GOOD)
    const session = await client.inject('/api/auth/session')
    expect(session.json().user.role).toBe('system_admin')
    const [audit] = await database.rows<{ username: string; action: string }>(sql`select username, action from audit_log where action = 'user.create'`)
    expect(audit).toEqual({ username: 'cli', action: 'user.create' })
  })

  it('refuses a weak password, a taken name and a bad name, creating nothing', async () => {
    const { database } = await freshApp()
    const code = async (p: Promise<unknown>) => p.then(() => 'created', (e: unknown) => (e instanceof AppError ? e.code : String(e)))
    expect(await code(createAdministrator(database, { username: 'chief', password: 'short' }))).toBe('password_rejected')
    expect(await code(createAdministrator(database, { username: 'x', password: GOOD }))).toBe('validation_failed')
    expect(await code(createAdministrator(database, { username: 'chief', password: GOOD }))).toBe('created')
    expect(await code(createAdministrator(database, { username: 'chief', password: GOOD }))).toBe('username_taken')
    const [n] = await database.rows<{ n: number }>(sql`select count(*)::int as n from users`)
    expect(n!.n).toBe(1)
  })

  it('`npm run admin -- create` reads the password from standard input and creates the account', { timeout: 240_000 }, async () => {
    const target = testTarget()
    const env: Record<string, string> = { ...(process.env as Record<string, string>), CUNTU_DEMO: '0' }
    delete env.DATABASE_URL
    let cleanup: () => Promise<void>
    let open: () => ReturnType<typeof openDatabase>
    if (target.kind === 'postgres') {
      const name = `cuntu_test_admin_${process.pid}`
      const admin = new pg.Client({ connectionString: adminUrl(target.url) })
      await admin.connect()
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.query(`create database ${name} template ${inject('postgresTemplate')}`)
      await admin.end()
      env.DATABASE_URL = withDatabase(target.url, name)
      open = () => openDatabase({ url: env.DATABASE_URL!, poolSize: 1 })
      cleanup = async () => {
        const c = new pg.Client({ connectionString: adminUrl(target.url) })
        await c.connect()
        await c.query(`drop database if exists ${name} with (force)`)
        await c.end()
      }
    } else {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cuntu-admin-'))
      const seeded = await openDatabase({ dataDir: dir, loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) })
      await seeded.close()
      env.CUNTU_DATA_DIR = dir
      open = () => openDatabase({ dataDir: dir })
      cleanup = async () => rmSync(dir, { recursive: true, force: true })
    }
    try {
      const run = (username: string, password: string) =>
        spawnSync('npx', ['tsx', 'scripts/src/admin-cli.ts', 'create', username], { cwd: root, env, input: `${password}\n`, encoding: 'utf8' })
      const weak = run('chief', 'short')
      expect(weak.status).toBe(2)
      expect(weak.stderr).toContain('密码')
      const ok = run('chief', GOOD)
      expect(ok.stderr).toBe('')
      expect(ok.status).toBe(0)
      expect(ok.stdout).toContain('chief')
      const database = await open()
      try {
        const users = await database.rows<{ username: string; role: string; demo: boolean }>(sql`select username, role::text as role, demo from users`)
        expect(users).toEqual([{ username: 'chief', role: 'system_admin', demo: false }])
      } finally {
        await database.close()
      }
    } finally {
      await cleanup()
    }
  })
})
