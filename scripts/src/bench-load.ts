/**
 * `npm run bench:load`: the main read routes and one write route under
 * concurrent load on loopback, beside a plain Fastify route that serves the
 * same bytes from memory in the same run, so the ratio shows what the app adds.
 *
 *   npm run bench:load                     # embedded database (PGlite)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:load
 *   npm run bench:load -- --seconds 10     # per case (default 10)
 *
 * The real server runs as its own process (`server/src/main.ts`, demo village
 * of about 460 households, logs at warn), so its memory is its own: RSS from
 * /proc before and after each case. On PostgreSQL it gets a throwaway database
 * `cuntu_bench_load_<pid>` (dropped at the end); embedded, a temp data folder.
 * autocannon (bounded by time, 10 s request timeout) drives both servers;
 * nothing leaves 127.0.0.1. Prints a table and writes bench-results/load-<date>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon, { type RequestSpec, type Result } from 'autocannon'
import Fastify from 'fastify'
import pg from 'pg'
import { DEMO_VILLAGE_CODE } from '@cuntu/fixtures'
import { DEMO_PASSWORD } from '@cuntu/server/tooling'
import { writeBenchResults } from './bench-results.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const args = process.argv.slice(2)
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : fallback
}
const SECONDS = arg('seconds', 10)
const DATABASE_URL = process.env.DATABASE_URL
const kind = DATABASE_URL ? 'postgres' : 'pglite'

/** Targets from the issue: req/s at least, p99 at most (ms), on this database. */
const TARGETS: Record<string, Partial<Record<'postgres' | 'pglite', { rps?: number; p99?: number }>>> = {
  'village households': { postgres: { rps: 200, p99: 100 }, pglite: { rps: 50 } },
  'household card': { postgres: { rps: 500 } },
}

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const { port } = s.address() as net.AddressInfo
  await new Promise((r) => s.close(r))
  return port
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : NaN
}

async function startServer(env: Record<string, string>): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CUNTU_DEMO: '1', CUNTU_WEB_DIST: '/nonexistent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const deadline = Date.now() + 300_000
  while (!out.includes('Cuntu is running')) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`)
    if (Date.now() > deadline) throw new Error(`server not ready:\n${out}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode !== null) return
      const gone = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await gone
    },
  }
}

interface CaseResult {
  name: string
  connections: number
  api: Summary
  plain: Summary | null
  rssBeforeMiB: number
  rssAfterMiB: number
  target: { rps?: number; p99?: number } | null
  met: boolean | null
}

interface Summary {
  rps: number
  p50: number
  p99: number
  requests: number
  errors: number
  timeouts: number
  non2xx: number
}

const summary = (r: Result): Summary => ({
  rps: Math.round(r.requests.average * 10) / 10,
  p50: r.latency.p50,
  p99: r.latency.p99,
  requests: r.requests.total,
  errors: r.errors,
  timeouts: r.timeouts,
  non2xx: r.non2xx,
})

async function main() {
  let dropDatabase: (() => Promise<void>) | null = null
  let dataDir: string | null = null
  const env: Record<string, string> = {}
  if (DATABASE_URL) {
    const name = `cuntu_bench_load_${process.pid}`
    const admin = new pg.Client({ connectionString: DATABASE_URL })
    await admin.connect()
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.query(`create database ${name}`)
    await admin.end()
    const u = new URL(DATABASE_URL)
    u.pathname = `/${name}`
    env.DATABASE_URL = u.toString()
    dropDatabase = async () => {
      const a = new pg.Client({ connectionString: DATABASE_URL })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    }
  } else {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'cuntu-bench-load-'))
    env.CUNTU_DATA_DIR = dataDir
  }
  console.log(`[bench:load] ${kind}: starting the server (migrations and the demo village on first start) …`)
  const server = await startServer(env)
  const plain = Fastify({ logger: false })
  try {
    const login = await fetch(`${server.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lead', password: DEMO_PASSWORD }),
    })
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`)
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('cuntu_sid='))!.split(';')[0]!
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken
    const headers = { cookie }

    // The bytes the plain route serves: exactly what the API answered.
    const capture = async (p: string) => {
      const r = await fetch(`${server.base}${p}`, { headers })
      if (r.status !== 200) throw new Error(`${p}: ${r.status}`)
      return { body: Buffer.from(await r.arrayBuffer()), type: r.headers.get('content-type') ?? 'application/json' }
    }
    const listPath = `/api/villages/${DEMO_VILLAGE_CODE}/households`
    const list = await capture(listPath)
    const features = (JSON.parse(list.body.toString()) as { features: { id: string }[] }).features
    const ids = features.map((f) => f.id)
    const cardPath = `/api/households/${ids[0]}`
    const statsPath = `/api/villages/${DEMO_VILLAGE_CODE}/stats`
    const areaPath = `/api/areas/${DEMO_VILLAGE_CODE}`
    const served = { list, card: await capture(cardPath), stats: await capture(statsPath), area: await capture(areaPath) }
    for (const [key, v] of Object.entries(served)) plain.get(`/plain/${key}`, (_req, reply) => reply.type(v.type).send(v.body))
    await plain.listen({ port: 0, host: '127.0.0.1' })
    const plainBase = `http://127.0.0.1:${(plain.server.address() as net.AddressInfo).port}`

    // The write: a PATCH of a household's notes. autocannon starts each request with a fresh context, so the
    // households wait in a queue with the version they are at: a request takes one no other request holds, and its
    // answer puts it back with the version it now has. No 409 is expected; one would count as non-2xx.
    const free: { id: string; version: number }[] = ids.slice(1).map((id) => ({ id, version: 1 }))
    const writeRequests: RequestSpec[] = [
      {
        method: 'PATCH',
        setupRequest: (req, ctx) => {
          const h = free.shift()!
          ctx.household = h
          return { ...req, path: `/api/households/${h.id}`, headers: { ...headers, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ version: h.version, notes: `压测 ${Date.now()}` }) }
        },
        onResponse: (status, body, ctx) => {
          const h = ctx.household as { id: string; version: number }
          if (status === 200) h.version = (JSON.parse(body) as { version: number }).version
          else if (status === 409) h.version = (JSON.parse(body) as { current?: { version?: number } }).current?.version ?? h.version
          free.push(h)
        },
      },
    ]

    const cases: { name: string; connections: number; path?: string; plainPath: string | null; requests?: RequestSpec[] }[] = [
      { name: 'village households', connections: 10, path: listPath, plainPath: '/plain/list' },
      { name: 'household card', connections: 50, path: cardPath, plainPath: '/plain/card' },
      { name: 'village stats', connections: 10, path: statsPath, plainPath: '/plain/stats' },
      { name: 'area', connections: 10, path: areaPath, plainPath: '/plain/area' },
      { name: 'PATCH household (write)', connections: 10, plainPath: null, requests: writeRequests },
    ]
    const results: CaseResult[] = []
    for (const c of cases) {
      // Warm up (caches, JIT), then measure.
      await autocannon({ url: server.base, connections: c.connections, amount: c.connections * 4, headers, ...(c.path ? { requests: [{ method: 'GET', path: c.path }] } : { requests: c.requests }), timeout: 10 })
      const rssBefore = rssMiB(server.child.pid!)
      const api = await autocannon({
        url: server.base, connections: c.connections, duration: SECONDS, timeout: 10, headers,
        ...(c.path ? { requests: [{ method: 'GET', path: c.path }] } : { requests: c.requests }),
      })
      const rssAfter = rssMiB(server.child.pid!)
      const plainResult = c.plainPath
        ? await autocannon({ url: plainBase, connections: c.connections, duration: SECONDS, timeout: 10, requests: [{ method: 'GET', path: c.plainPath }] })
        : null
      const target = TARGETS[c.name]?.[kind] ?? null
      const s = summary(api)
      const met = target ? (target.rps === undefined || s.rps >= target.rps) && (target.p99 === undefined || s.p99 <= target.p99) && s.errors + s.timeouts + s.non2xx === 0 : null
      results.push({ name: c.name, connections: c.connections, api: s, plain: plainResult ? summary(plainResult) : null, rssBeforeMiB: rssBefore, rssAfterMiB: rssAfter, target, met })
      console.log(`[bench:load] ${c.name}: ${s.rps} req/s, p99 ${s.p99} ms`)
    }

    const bytes = Object.fromEntries(Object.entries(served).map(([k, v]) => [k, v.body.length]))
    console.log(`\nbench:load on ${kind}, ${SECONDS} s per case, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; village ${DEMO_VILLAGE_CODE} (${ids.length} households, list ${bytes.list} B, card ${bytes.card} B)\n`)
    const rows = [
      ['case', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'timeouts', 'non-2xx', 'plain req/s', 'plain p99', 'api/plain', 'RSS MiB before→after', 'target'],
      ...results.map((r) => [
        r.name, String(r.connections), String(r.api.rps), String(r.api.p50), String(r.api.p99), String(r.api.errors), String(r.api.timeouts), String(r.api.non2xx),
        r.plain ? String(r.plain.rps) : '—', r.plain ? String(r.plain.p99) : '—', r.plain ? `${((r.api.rps / r.plain.rps) * 100).toFixed(1)}%` : '—',
        `${r.rssBeforeMiB}→${r.rssAfterMiB}`,
        r.target ? `${r.target.rps ? `≥${r.target.rps}/s` : ''}${r.target.p99 ? ` p99≤${r.target.p99}` : ''} ${r.met ? 'met' : 'NOT met'}` : '',
      ]),
    ]
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)))
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
    console.log(line(rows[0]!))
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`)
    for (const r of rows.slice(1)) console.log(line(r))
    const file = writeBenchResults(`load-${kind}`, { kind, seconds: SECONDS, cpus: os.cpus().length, loadavg: os.loadavg(), households: ids.length, bytes, results })
    console.log(`\n[bench:load] results: ${file}`)
  } finally {
    await plain.close()
    await server.stop()
    if (dropDatabase) await dropDatabase()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
