/**
 * Staging the real app for a browser run: the browser tests' global setup and
 * the render benchmark (scripts/src/bench-render.ts) share it, so both drive
 * the same build over the same kind of throwaway database.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { prepareDatabase, type Database } from '@cuntu/db'

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web')
export const WEB_DIST = path.join(WEB_DIR, 'dist')

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/** Build web/dist when it is missing or older than web/src, so a run never tests a stale client. */
export function buildWebIfStale(log: (msg: string) => void): void {
  const built = path.join(WEB_DIST, 'index.html')
  const sources = Math.max(newestMtime(path.join(WEB_DIR, 'src')), statSync(path.join(WEB_DIR, 'index.html')).mtimeMs)
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  log('building web/dist (vite build) …')
  const r = spawnSync('npx', ['vite', 'build'], { cwd: WEB_DIR, stdio: 'inherit' })
  if (r.status !== 0) throw new Error('web build failed')
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function onServer(url: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') })
  await admin.connect()
  try {
    await admin.query(statement)
  } finally {
    await admin.end()
  }
}

export interface ThrowawayDatabase {
  database: Database
  /** `postgresql (name)` or `pglite (folder)`, for logs. */
  engine: string
  /** Closes the database and removes it (drops the PostgreSQL database or deletes the PGlite folder). */
  dispose: () => Promise<void>
}

/**
 * A new, migrated database: on the server of `url` (a database `<prefix>_<pid>`, created
 * afresh) when given, else an embedded PGlite in a temp folder.
 */
export async function throwawayDatabase(prefix: string, url: string | undefined): Promise<ThrowawayDatabase> {
  if (url) {
    const name = `${prefix}_${process.pid}`
    await onServer(url, `drop database if exists ${name} with (force)`)
    await onServer(url, `create database ${name}`)
    const { database } = await prepareDatabase({ url: withDatabase(url, name) })
    return {
      database,
      engine: `postgresql (${name})`,
      dispose: async () => {
        await database.close()
        await onServer(url, `drop database if exists ${name} with (force)`)
      },
    }
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, '-')}-`))
  const { database } = await prepareDatabase({ dataDir: dir })
  return {
    database,
    engine: `pglite (${dir})`,
    dispose: async () => {
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Listen on an ephemeral loopback port; returns the base URL. */
export async function listenLocal(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('server did not bind a port')
  return `http://127.0.0.1:${address.port}`
}
