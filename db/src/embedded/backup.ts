/**
 * Backups of the embedded data folder: written before every migration (a
 * failed or unwanted upgrade can be undone), and by `npm run backup`; read back
 * by `npm run restore`. A backup is PGlite's own dump of the folder (a tar of
 * the PostgreSQL data directory), gzipped, taken through the open database so
 * it is consistent. PostgreSQL deployments use pg_dump instead.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { sql } from 'drizzle-orm'
import { MIGRATIONS_FOLDER, openDatabase, type Database } from '../client.ts'

/** Where backups of `data` go: `data-backups/` beside it. */
export const backupsDirOf = (dataDir: string) => `${path.resolve(dataDir)}-backups`

/** Pre-migration backups kept; older ones are removed (manual backups are never removed). */
export const KEEP_MIGRATION_BACKUPS = 5

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-')

/** Write a gzipped dump of an open embedded database; returns the file. */
export async function writeBackup(database: Database, dataDir: string, label: string, outFile?: string): Promise<string> {
  const dump = await database.dump()
  if (!dump) throw new Error('备份只适用于内置数据库；PostgreSQL 请用 pg_dump / backups are for the embedded database; use pg_dump for PostgreSQL')
  const file = outFile ? path.resolve(outFile) : path.join(backupsDirOf(dataDir), `${stamp()}-${label}.tar.gz`)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, gzipSync(Buffer.from(await dump.arrayBuffer())), { mode: 0o600 })
  return file
}

/** Migrations in the journal that this database has not applied yet. */
export async function pendingMigrations(database: Database): Promise<string[]> {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }
  const [exists] = await database.rows<{ present: boolean }>(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`)
  if (!exists?.present) return journal.entries.map((e) => e.tag)
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
  return journal.entries.slice(row?.n ?? 0).map((e) => e.tag)
}

/**
 * Before migrating an embedded folder that already holds data, back it up.
 * Returns the backup file, or null when there was nothing to migrate or nothing to keep (a new folder).
 */
export async function backupBeforeMigrations(database: Database, dataDir: string): Promise<string | null> {
  const pending = await pendingMigrations(database)
  const total = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')).entries.length as number
  if (pending.length === 0 || pending.length === total) return null
  const file = await writeBackup(database, dataDir, `before-${pending[0]}`)
  pruneMigrationBackups(dataDir)
  return file
}

function pruneMigrationBackups(dataDir: string): void {
  const dir = backupsDirOf(dataDir)
  const old = readdirSync(dir).filter((f) => /-before-\d{4}_.*\.tar\.gz$/.test(f)).sort()
  for (const f of old.slice(0, Math.max(0, old.length - KEEP_MIGRATION_BACKUPS))) rmSync(path.join(dir, f))
}

/**
 * Restore a backup into `dataDir`. An existing folder is kept, renamed aside
 * (`data.before-restore-<time>`), never deleted: restoring the wrong file must not lose the current data.
 * The caller must hold no open database on the folder.
 */
export async function restoreBackup(file: string, dataDir: string): Promise<{ movedAside: string | null }> {
  const target = path.resolve(dataDir)
  const bytes = gunzipSync(readFileSync(file))
  let movedAside: string | null = null
  if (existsSync(target) && readdirSync(target).length > 0) {
    movedAside = `${target}.before-restore-${stamp()}`
    renameSync(target, movedAside)
  }
  const database = await openDatabase({ dataDir: target, loadDataDir: new Blob([bytes]), purpose: 'restore' })
  await database.close()
  return { movedAside }
}
