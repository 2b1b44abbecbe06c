/**
 * The one way to open the database. `DATABASE_URL` set → PostgreSQL + PostGIS
 * through `pg`; unset → embedded PGlite with PostGIS, persisted in a data folder.
 * Both are driven by the same drizzle schema, migrations and SQL; the few places
 * where the engines differ are listed in `capabilities` and handled here.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { slimPostgis } from './embedded/postgis-bundle.ts'
import { sql, type SQL } from 'drizzle-orm'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import * as schema from './schema.ts'
import { acquireDataDirLock } from './embedded/lock.ts'
import { StatusTracker } from './faults.ts'

export type Schema = typeof schema
/** The drizzle database, whichever engine is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type DatabaseKind = 'pglite' | 'postgres'

export interface Capabilities {
  /** `ST_AsMVT` (Mapbox vector tiles built in SQL). PGlite's PostGIS is built without protobuf. */
  mvt: boolean
}

export interface Database {
  kind: DatabaseKind
  db: Db
  capabilities: Capabilities
  /** Run a query and return its rows. Values are always parameters, never spliced. */
  rows<T>(query: SQL): Promise<T[]>
  /** A dump of an embedded database's data folder (for test templates); null on PostgreSQL. */
  dump(): Promise<Blob | null>
  close(): Promise<void>
  /** Reachability as last seen: pool error events, faults of scoped work, health probes (see faults.ts). */
  faults: StatusTracker
}

export interface OpenOptions {
  /** postgres://… ; when absent the embedded database is used. */
  url?: string
  /** Embedded data folder. `memory://` (or undefined with `loadDataDir`) keeps it in memory. */
  dataDir?: string
  /** Start the embedded database from a dump made by `dump()` (test templates). */
  loadDataDir?: Blob
  /** Connection pool size for PostgreSQL. */
  poolSize?: number
  /** Who opens an embedded data folder ("server", "import CLI"): named to a second opener, which is refused. */
  purpose?: string
  /** `application_name` of the PostgreSQL connections (tests find their own backends by it). */
  applicationName?: string
}

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations')

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10, options.applicationName ?? 'cuntu')
  return openPglite(options)
}

/**
 * Session settings for every PostgreSQL connection. JIT compilation costs more than it saves on these
 * short list queries (measured: 0.86 s of a 2.4 s township list at city scale); a per-role setting would
 * not apply under SET LOCAL ROLE, so it is set per connection. Benchmarks use the same.
 */
export const POSTGRES_CONNECTION_OPTIONS = '-c jit=off'

/** A request should not wait longer than this for a connection while the database is unreachable: it gets a 503 instead. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000

async function openPostgres(url: string, poolSize: number, applicationName: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: POSTGRES_CONNECTION_OPTIONS,
    application_name: applicationName,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
  })
  const faults = new StatusTracker()
  // A connection the server drops (restart, failover, pg_terminate_backend, a pooler's idle timeout) makes node-postgres
  // emit 'error' — on the pool for an idle client, on the client itself for one checked out between two statements.
  // Unheard, either event kills the process. Heard, the pool discards the client and opens a new one on the next query.
  pool.on('error', (err) => faults.fault(err))
  pool.on('connect', (client) => client.on('error', (err) => faults.fault(err)))
  const db = drizzlePg({ client: pool, schema }) as unknown as Db
  return {
    faults,
    kind: 'postgres',
    db,
    capabilities: { mvt: true },
    rows: (q) => queryRows(db, q),
    dump: async () => null,
    close: () => pool.end(),
  }
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? path.resolve(options.dataDir) : undefined
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  // One process per folder (embedded/lock.ts): a second opener is refused before PGlite touches the files.
  const lock = dataDir ? acquireDataDirLock(dataDir, options.purpose) : null
  let client: PGlite
  try {
    client = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      // PostGIS without the raster and topology libraries PGlite would otherwise compile on every open.
      extensions: { postgis: slimPostgis },
    })
  } catch (err) {
    lock?.release()
    throw err
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db
  return {
    faults: new StatusTracker(),
    kind: 'pglite',
    db,
    capabilities: { mvt: false },
    rows: (q) => queryRows(db, q),
    dump: () => client.dumpDataDir('none'),
    close: async () => {
      try {
        await client.close()
      } finally {
        lock?.release()
      }
    },
  }
}

export interface MigrationReport {
  applied: string[]
  total: number
}

/**
 * Apply committed migrations; report which ones this call applied. `folder`
 * (a migrations folder of the same shape) is for upgrade tests that stop at an
 * older schema (see `migrationsUpTo`).
 */
export async function migrate(database: Database, options: { folder?: string } = {}): Promise<MigrationReport> {
  const migrationsFolder = options.folder ?? MIGRATIONS_FOLDER
  const before = await appliedMigrationCount(database)
  if (database.kind === 'postgres') {
    await migratePg(database.db as unknown as Parameters<typeof migratePg>[0], { migrationsFolder })
  } else {
    await migratePglite(database.db as unknown as Parameters<typeof migratePglite>[0], { migrationsFolder })
  }
  const { entries } = (await import('../migrations/meta/_journal.json', { with: { type: 'json' } })).default as {
    entries: { tag: string }[]
  }
  const after = await appliedMigrationCount(database)
  return { applied: entries.slice(before, after).map((e) => e.tag), total: after }
}

async function appliedMigrationCount(database: Database): Promise<number> {
  const [exists] = await database.rows<{ present: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  )
  if (!exists?.present) return 0
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
  return row?.n ?? 0
}

/** PostGIS version string, e.g. "3.6.2". */
export async function postgisVersion(database: Database): Promise<string> {
  const [row] = await database.rows<{ v: string }>(sql`select postgis_lib_version() as v`)
  return row?.v ?? 'unknown'
}

/** Anything that can run a drizzle `sql` query: the database or a transaction. */
export type Executor = Pick<Db, 'execute'>

/** Run a query on a database or transaction and return its rows. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/** The SQLSTATE and constraint of a database error, through drizzle's wrapper; both engines report them alike. */
export function pgErrorOf(err: unknown): { code?: string; constraint?: string } {
  let e: unknown = err
  for (let depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; constraint?: unknown; cause?: unknown }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined }
    }
    e = candidate.cause
  }
  return {}
}
