/**
 * Writes fixtures/db/upgrade-<tag>.sql: real-shaped data at an older schema, for
 * the upgrade test (server/test/upgrade.test.ts). Run it when that migration is
 * the newest (the loaders below speak the schema of the day), then commit the file:
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/src/upgrade-fixture.ts 0009_households_map_cell
 *
 * The data: a generated village of 60 households in 4 groups, the demo
 * organisations and accounts, the sample workbook imported on top through the
 * real import (a batch with its change rows and audit), and a category edit.
 * Dumped with pg_dump --data-only --column-inserts, so it loads into either engine.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { loadDataset, migrate, migrationsUpTo, openDatabase, syncBuiltinCategories } from '@cuntu/db'
import { DEMO_VILLAGE_CODE, generateVillage } from '@cuntu/fixtures'
import { samplePath } from '@cuntu/fixtures/samples.ts'
import { commitImport, ensureDemoAccounts, parseImport } from '@cuntu/server/tooling'

const tag = process.argv[2]
const url = process.env.DATABASE_URL
if (!tag || !url) {
  console.error('usage: DATABASE_URL=… npx tsx scripts/src/upgrade-fixture.ts <migration tag>')
  process.exit(2)
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const name = `cuntu_fixture_${process.pid}`
const at = (db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString()

const admin = new pg.Client({ connectionString: at('postgres') })
await admin.connect()
await admin.query(`create database ${name}`)
try {
  const database = await openDatabase({ url: at(name), poolSize: 2 })
  await migrate(database, { folder: migrationsUpTo(tag) })
  await syncBuiltinCategories(database)
  await loadDataset(database, generateVillage({ households: 60, groups: 4, seed: 9, unplacedRate: 0.05 }, new Date('2026-11-01T00:00:00Z')), { source: 'demo' })
  await ensureDemoAccounts(database)
  const parsed = await parseImport({ archive: { bytes: new Uint8Array(readFileSync(samplePath('sample-archive.xlsx'))), fileName: 'sample-archive.xlsx' }, locations: null })
  await commitImport({ database, scope: { userId: 'fixture', areaPrefixes: '*' }, actor: { userId: null, username: 'fixture', role: null }, villageCode: DEMO_VILLAGE_CODE, parsed, options: {}, via: 'fixture' })
  // A hand-made assignment, as the card's category editor writes it.
  await database.db.execute(sql`insert into household_categories (household_id, category_code, year, source)
    select id, 'dibao_edge', null, 'manual' from households where village_code = ${DEMO_VILLAGE_CODE} order by huhao limit 1`)
  await database.close()
  const dump = spawnSync('pg_dump', ['--data-only', '--column-inserts', '--no-owner', '--schema=public', '--exclude-table=public.spatial_ref_sys', at(name)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (dump.status !== 0) throw new Error(dump.stderr)
  const inserts = dump.stdout.split('\n').filter((l) => !l.startsWith('--') && !l.startsWith('\\') && !l.startsWith('SET ') && !l.startsWith('SELECT pg_catalog.') && l.trim() !== '')
  const out = path.join(root, 'fixtures', 'db', `upgrade-${tag}.sql`)
  writeFileSync(out, `-- Data at migration ${tag}, made by scripts/src/upgrade-fixture.ts; loaded by server/test/upgrade.test.ts.\n${inserts.join('\n')}\n`)
  console.log(`wrote ${out}: ${inserts.filter((l) => l.startsWith('INSERT')).length} rows`)
} finally {
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.end()
}
