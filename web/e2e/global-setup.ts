/**
 * Once per `vitest run --project browser-pglite|browser-postgres`: build the web client when web/dist
 * is missing or older than web/src, then start the real server in-process on
 * an ephemeral port over a fresh database (embedded PGlite in a temp folder,
 * or a new PostgreSQL database `cuntu_e2e_<pid>` when DATABASE_URL is set,
 * dropped afterwards), seeded with the demo village and demo accounts.
 * Tests get the base URL (and whether chromium exists) through `inject`.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { prepareDatabase, type Database } from '@cuntu/db'
import { buildApp } from '../../server/src/app.ts'
import { seedDemoIfEmpty } from '../../server/src/demo/seed-demo.ts'
import { ensureDemoAccounts } from '../../server/src/demo/demo-accounts.ts'
import { CHROMIUM_PATH } from './browser.ts'

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    chromium: boolean
  }
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

function buildIfStale() {
  const built = path.join(web, 'dist/index.html')
  const sources = Math.max(newestMtime(path.join(web, 'src')), statSync(path.join(web, 'index.html')).mtimeMs)
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  console.log('[browser tests] building web/dist …')
  const r = spawnSync('npx', ['vite', 'build'], { cwd: web, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('web build failed')
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

export default async function setup(project: TestProject) {
  const hasChromium = existsSync(CHROMIUM_PATH)
  if (!hasChromium) {
    const msg = `chromium is missing at ${CHROMIUM_PATH}: browser tests are skipped. Enable them with \`apt-get install chromium\`.`
    if (process.env.CI) throw new Error(`${msg} (CI is set, so this is a failure.)`)
    console.warn(`[browser tests] ${msg}`)
    project.provide('chromium', false)
    project.provide('baseUrl', '')
    return
  }
  buildIfStale()

  const cleanups: (() => Promise<void> | void)[] = []
  let database: Database
  // Which engine comes from the project (browser-pglite / browser-postgres); project env reaches workers, not this hook.
  const url = project.config.env?.CUNTU_TEST_DB === 'postgres' ? process.env.DATABASE_URL : undefined
  if (project.config.env?.CUNTU_TEST_DB === 'postgres' && !url) throw new Error('browser-postgres needs DATABASE_URL')
  if (url) {
    const name = `cuntu_e2e_${process.pid}`
    const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') })
    await admin.connect()
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.query(`create database ${name}`)
    await admin.end()
    ;({ database } = await prepareDatabase({ url: withDatabase(url, name) }))
    cleanups.push(async () => {
      const again = new pg.Client({ connectionString: withDatabase(url, 'postgres') })
      await again.connect()
      await again.query(`drop database if exists ${name} with (force)`)
      await again.end()
    })
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cuntu-e2e-'))
    ;({ database } = await prepareDatabase({ dataDir: dir }))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  }
  await seedDemoIfEmpty(database, () => {})
  await ensureDemoAccounts(database)
  const app = await buildApp({ database, webDist: path.join(web, 'dist') })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('server did not bind a port')
  project.provide('baseUrl', `http://127.0.0.1:${address.port}`)
  project.provide('chromium', true)

  return async () => {
    await app.close()
    await database.close()
    for (const c of cleanups.reverse()) await c()
  }
}
