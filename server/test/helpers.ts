/**
 * Per-worker database and per-test app. Each worker opens one database from the
 * template (PGlite from the dump, PostgreSQL as a clone of the template
 * database); each test starts from empty tables, so tests share no state.
 */
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { clearData, loadDataset, openDatabase, type Database, type Dataset } from '@cuntu/db'
import { generateVillage } from '@cuntu/fixtures'
import { buildApp, type App } from '../src/app.ts'
import { withDatabase } from './global-setup.ts'
import { inject } from 'vitest'
import { adminUrl, POSTGRES_TEMPLATE_DB, testTarget } from './target.ts'

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
    await admin.query(`create database ${name} template ${POSTGRES_TEMPLATE_DB}`)
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

/** Empty tables (the built-in registry stays), then build an app over them. */
export async function freshApp(): Promise<{ app: App; database: Database }> {
  const database = await workerDatabase()
  await clearData(database)
  const app = await buildApp({ database })
  return { app, database }
}

export const TEST_VILLAGE = '440982101201'
export const TODAY = new Date()

/** A small generated village (reproducible): 3 groups, `households` households. */
export function smallVillage(households = 40, seed = 11): Dataset {
  return generateVillage({ households, groups: 3, seed, unplacedRate: 0.05 }, TODAY)
}

export async function withVillage(households = 40, seed = 11) {
  const ctx = await freshApp()
  const data = smallVillage(households, seed)
  await loadDataset(ctx.database, data, { source: 'test' })
  return { ...ctx, data }
}

/** Categories a dataset household holds, own and members', as the API should roll them up. */
export function heldCodes(h: Dataset['households'][number]): Set<string> {
  return new Set([...h.categories, ...h.members.flatMap((m) => m.categories)].map((c) => c.code))
}
