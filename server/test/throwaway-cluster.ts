/**
 * A PostgreSQL cluster of the test's own, in a temp folder on a free port, so a test can stop and start
 * "the database" without touching the machine's shared cluster. initdb refuses to run as root, so as root the
 * cluster belongs to the `postgres` system user (CI runs as root; a developer's own user runs it directly).
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './server-process.ts'

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

export const clusterAvailable = () => existsSync(path.join(BIN, 'initdb')) && existsSync(path.join(BIN, 'pg_ctl'))

export interface Cluster {
  url(database?: string): string
  start(): void
  /** `fast`: what a restart or failover does to the connected sessions (terminated, rolled back). */
  stop(): void
  destroy(): void
}

export async function createCluster(): Promise<Cluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cuntu-pgtmp-'))
  const data = path.join(dir, 'data')
  const port = await freePort()
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
    chmodSync(dir, 0o700)
  }
  const run = (bin: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(BIN, bin), asRoot ? ['-u', 'postgres', '--', path.join(BIN, bin), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
      timeout: 60_000,
    })
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'])
  // Loopback TCP on its own port; the socket in the temp folder, never /var/run/postgresql.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  const cluster: Cluster = {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => void run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']),
    stop: () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']),
    destroy: () => {
      try {
        cluster.stop()
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
  cluster.start()
  return cluster
}
