/**
 * The benchmark's own database on the DATABASE_URL server: `cuntu_bench` by
 * default, created when missing (through the `postgres` maintenance database).
 * No other database is read or written; DATABASE_URL only says which server.
 */
import pg from 'pg'
import { prepareDatabase, type Database } from '@cuntu/db'

export function serverUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) {
    throw new Error(
      'DATABASE_URL is required: the benchmark runs on PostgreSQL + PostGIS, e.g.\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench\n' +
        '(only the server is taken from it; the data goes into its own database, cuntu_bench)',
    )
  }
  return url
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/** Create the database if it does not exist; return its URL. */
export async function ensureBenchDatabase(url: string, name: string): Promise<string> {
  if (!/^cuntu_bench[a-z0-9_]*$/.test(name)) throw new Error(`refusing to use ${name}: benchmark databases are named cuntu_bench…`)
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') })
  await admin.connect()
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name])
    if (!rowCount) {
      await admin.query(`create database "${name}"`)
      console.log(`created database ${name}`)
    }
  } finally {
    await admin.end()
  }
  return withDatabase(url, name)
}

/** Create (if needed), open, migrate and sync the registry of the benchmark database. */
export async function openBenchDatabase(name: string, poolSize = 10): Promise<{ database: Database; url: string; name: string }> {
  const url = await ensureBenchDatabase(serverUrl(), name)
  const { database } = await prepareDatabase({ url, poolSize })
  return { database, url, name }
}
