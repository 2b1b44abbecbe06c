/**
 * The server keeps serving through PostgreSQL faults: its backends terminated
 * under load (what a restart, a failover or a pooler's idle timeout does), and
 * the database stopped and started again. The server runs as its own process,
 * as `npm start` runs it, since the failure was the process exiting.
 *
 * PostgreSQL only (the embedded database has no connections to lose; its disk
 * faults are in db-faults-embedded.test.ts). Stopping a database uses a cluster
 * this file creates on its own port; the shared cluster only ever sees
 * pg_terminate_backend of this file's own database's backends.
 */
import { afterAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { inject } from 'vitest'
import { DEMO_VILLAGE_CODE } from '@cuntu/fixtures'
import { adminUrl, testTarget } from './target.ts'
import { withDatabase } from './global-setup.ts'
import { httpSignIn, startServer, type ServerProcess } from './server-process.ts'
import { clusterAvailable, createCluster, type Cluster } from './throwaway-cluster.ts'
import { describeNeeding } from './needs.ts'

const target = testTarget()

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
}, 60_000)

interface Session {
  cookie: string
  csrf: string
}

async function get(base: string, s: Session, path: string) {
  const res = await fetch(`${base}${path}`, { headers: { cookie: s.cookie, 'accept-language': 'zh-CN' } })
  return { status: res.status, body: await res.text() }
}

async function patchNotes(base: string, s: Session, id: string, version: number, notes: string) {
  const res = await fetch(`${base}/api/households/${id}`, {
    method: 'PATCH',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ version, notes }),
  })
  return { status: res.status, json: (await res.json().catch(() => null)) as { version?: number; notes?: string } | null }
}

async function firstHousehold(base: string, s: Session): Promise<{ id: string; version: number }> {
  const list = JSON.parse((await get(base, s, `/api/villages/${DEMO_VILLAGE_CODE}/households`)).body) as { features: { id?: string; properties: { id: string } }[] }
  const id = list.features[0]!.properties.id ?? list.features[0]!.id!
  const card = JSON.parse((await get(base, s, `/api/households/${id}`)).body) as { version: number }
  return { id, version: card.version }
}

async function waitFor(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < withinMs) {
    if (await check().catch(() => false)) return Date.now() - started
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`not within ${withinMs} ms`)
}

describe('PostgreSQL drops the server\'s connections under load', () => {
  it('keeps answering, retries what is safe, loses no write, and stays healthy', async () => {
    if (target.kind !== 'postgres') return
    const name = `cuntu_faults_${process.pid}`
    const admin = new pg.Client({ connectionString: adminUrl(target.url) })
    await admin.connect()
    cleanups.push(async () => {
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => {})
      await admin.end()
    })
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.query(`create database ${name} template ${inject('postgresTemplate')}`)
    const server = await startServer({ DATABASE_URL: withDatabase(target.url, name) })
    cleanups.push(() => server.stop())
    const s = await httpSignIn(server.base)
    const { id, version: v0 } = await firstHousehold(server.base, s)

    // Readers: the village list and the card, 6 at a time, for the whole run.
    const statuses: Record<string, number> = {}
    const failures: string[] = []
    let stop = false
    const reader = async (path: string) => {
      while (!stop) {
        try {
          const r = await get(server.base, s, path)
          statuses[r.status] = (statuses[r.status] ?? 0) + 1
          if (r.status !== 200) failures.push(`${r.status} ${path} ${r.body.slice(0, 200)}`)
        } catch (e) {
          statuses.socket = (statuses.socket ?? 0) + 1
          failures.push(`socket ${path} ${(e as Error).message}`)
        }
      }
    }
    // One writer: each answered save must be what is stored at the end.
    let version = v0
    let lastSaved: { version: number; notes: string } | null = null
    let writes = 0
    const writer = async () => {
      while (!stop) {
        const notes = `断线测试 ${++writes}`
        try {
          const r = await patchNotes(server.base, s, id, version, notes)
          if (r.status === 200) {
            version = r.json!.version!
            lastSaved = { version, notes }
          } else if (r.status === 503) {
            // Unknown or refused: read the truth before the next attempt.
            version = JSON.parse((await get(server.base, s, `/api/households/${id}`)).body).version
          } else failures.push(`write ${r.status} ${JSON.stringify(r.json)}`)
        } catch (e) {
          failures.push(`write socket ${(e as Error).message}`)
        }
      }
    }
    const load = [
      reader(`/api/villages/${DEMO_VILLAGE_CODE}/households`),
      reader(`/api/villages/${DEMO_VILLAGE_CODE}/households`),
      reader(`/api/households/${id}`),
      reader(`/api/households/${id}`),
      reader(`/api/villages/${DEMO_VILLAGE_CODE}/stats`),
      reader('/api/health'),
      writer(),
    ]
    // Terminate every backend of the app's database, four times, while the load runs. Far enough apart that one
    // request (a village list takes up to a second here) is not cut twice: the server retries once.
    let terminated = 0
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 2500))
      const { rows } = await admin.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [name],
      )
      terminated += rows[0]!.n
      expect(server.alive(), server.output()).toBe(true)
    }
    await new Promise((r) => setTimeout(r, 1000))
    stop = true
    await Promise.all(load)

    console.log(`terminated ${terminated} backends in 4 rounds; answers ${JSON.stringify(statuses)}; ${writes} writes`)
    expect(terminated, 'backends terminated').toBeGreaterThan(4)
    expect(server.alive(), server.output()).toBe(true)
    expect(statuses.socket ?? 0, failures.slice(0, 5).join('\n')).toBe(0)
    // Reads and uncommitted writes were retried: at most the odd 503 (a write's connection cut during COMMIT), never a 500.
    const total = Object.values(statuses).reduce((a, b) => a + b, 0)
    expect(statuses['500'] ?? 0, failures.slice(0, 5).join('\n')).toBe(0)
    expect(statuses['200'] ?? 0, JSON.stringify(statuses) + '\n' + failures.slice(0, 8).join('\n')).toBeGreaterThan(total * 0.97)
    expect(failures.filter((f) => !f.startsWith('503')), failures.slice(0, 5).join('\n')).toEqual([])
    // Right away afterwards: healthy, and every answered write is stored.
    const health = await fetch(`${server.base}/api/health`)
    expect(health.status).toBe(200)
    const card = JSON.parse((await get(server.base, s, `/api/households/${id}`)).body) as { version: number; notes: string }
    expect(lastSaved).not.toBeNull()
    expect({ version: card.version, notes: card.notes }).toEqual(lastSaved)
  }, 120_000)
})

describeNeeding(clusterAvailable(), 'initdb and pg_ctl of PostgreSQL 15 are not installed (apt-get install postgresql-15)', 'PostgreSQL stopped and started again (a throwaway cluster)', () => {
  it('answers 503 with a clear message and an unhealthy /api/health while it is down, and recovers by itself', async () => {
    const cluster: Cluster = await createCluster()
    cleanups.push(() => cluster.destroy())
    const setup = new pg.Client({ connectionString: cluster.url() })
    await setup.connect()
    await setup.query('create database cuntu')
    await setup.end()
    const server: ServerProcess = await startServer({ DATABASE_URL: cluster.url('cuntu') })
    cleanups.push(() => server.stop())
    const s = await httpSignIn(server.base)
    const list = `/api/villages/${DEMO_VILLAGE_CODE}/households`
    const before = await get(server.base, s, list)
    expect(before.status).toBe(200)
    const { id, version } = await firstHousehold(server.base, s)
    const saved = await patchNotes(server.base, s, id, version, '停库前保存')
    expect(saved.status).toBe(200)

    cluster.stop()
    const down = await get(server.base, s, list)
    expect(down.status, down.body).toBe(503)
    expect(JSON.parse(down.body).error).toMatchObject({ code: 'database_unavailable', message: expect.stringMatching(/数据库暂时无法连接/) })
    const write = await patchNotes(server.base, s, id, saved.json!.version!, '停库时的修改')
    expect(write.status).toBe(503)
    const health = await fetch(`${server.base}/api/health`, { headers: { 'accept-language': 'en' } })
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ ok: false, database: 'postgres', reachable: false, since: expect.any(String), error: { code: 'database_unavailable' } })
    expect(server.alive(), server.output()).toBe(true)

    cluster.start()
    const tookMs = await waitFor(async () => (await fetch(`${server.base}/api/health`)).status === 200, 15_000)
    expect(tookMs).toBeLessThan(15_000)
    // The same session (stored in the database) works again, the data is as it was, the refused write did not happen.
    const after = await get(server.base, s, list)
    expect(after.status).toBe(200)
    expect(JSON.parse(after.body).features.length).toBe(JSON.parse(before.body).features.length)
    const card = JSON.parse((await get(server.base, s, `/api/households/${id}`)).body) as { version: number; notes: string }
    expect({ version: card.version, notes: card.notes }).toEqual({ version: saved.json!.version, notes: '停库前保存' })
    expect((await patchNotes(server.base, s, id, card.version, '恢复后保存')).status).toBe(200)
    expect(server.alive()).toBe(true)
  }, 240_000)
})
