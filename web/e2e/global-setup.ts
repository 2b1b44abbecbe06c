/**
 * Once per `vitest run --project browser-pglite|browser-postgres`: build the web client when web/dist
 * is missing or older than web/src, then start the real server in-process on
 * an ephemeral port over a fresh database (embedded PGlite in a temp folder,
 * or a new PostgreSQL database `cuntu_e2e_<pid>` when DATABASE_URL is set,
 * dropped afterwards), seeded with the demo village and demo accounts.
 * Tests get the base URL (and whether chromium exists) through `inject`.
 */
import { existsSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { buildApp, ensureDemoAccounts, seedDemoIfEmpty } from '@cuntu/server/tooling'
import { CHROMIUM_PATH } from './browser.ts'
import { buildWebIfStale, listenLocal, throwawayDatabase, WEB_DIST } from '@cuntu/scripts/stage'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    chromium: boolean
  }
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
  buildWebIfStale((msg) => console.log(`[browser tests] ${msg}`))

  // Which engine comes from the project (browser-pglite / browser-postgres); project env reaches workers, not this hook.
  const postgres = project.config.env?.CUNTU_TEST_DB === 'postgres'
  if (postgres && !process.env.DATABASE_URL) throw new Error('browser-postgres needs DATABASE_URL')
  const staged = await throwawayDatabase('cuntu_e2e', postgres ? process.env.DATABASE_URL : undefined)
  await seedDemoIfEmpty(staged.database, () => {})
  await ensureDemoAccounts(staged.database)
  // As `npm start` runs it: demo mode, so the sign-in page offers the demo accounts.
  const app = await buildApp({ database: staged.database, webDist: WEB_DIST, demo: true })
  project.provide('baseUrl', await listenLocal(app))
  project.provide('chromium', true)

  return async () => {
    await app.close()
    await staged.dispose()
  }
}
