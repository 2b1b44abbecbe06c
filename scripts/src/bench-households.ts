/**
 * `npm run bench`: the households list at city scale, through the API and as
 * the same SQL run directly, so the ratio shows what the API adds.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench [-- --households 20000]
 *
 * 1. Creates (if missing) the database `cuntu_bench` on the DATABASE_URL
 *    server and loads the city-scale set into it unless it is already there
 *    (scripts/src/city/generate.ts; progress with rows/s and ETA), then
 *    VACUUM (ANALYZE).
 * 2. Starts the app on 127.0.0.1:0 and, after warm-up, runs each scenario
 *    N times through HTTP (body read in full) and N times as the very SQL the
 *    API runs (`featureCollectionSql`, turned into text + parameters by
 *    drizzle's dialect) on a plain `pg` connection. Both paths use the same
 *    seeded picks of village or township, in alternating order so neither
 *    path is always the one that finds the other's pages cached.
 * 3. Prints a table and writes bench-results/households-<date>.json.
 */
import http from 'node:http'
import os from 'node:os'
import { writeBenchResults } from './bench-results.ts'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { buildApp } from '@cuntu/server'
import { HouseholdListQuery } from '@cuntu/server/contract'
import { seededRandom } from '@cuntu/fixtures'
import { featureCollectionSql } from '@cuntu/server/tooling'
import { POSTGRES_CONNECTION_OPTIONS } from '@cuntu/db'
import { parseCityArgs, usage } from './city/cli.ts'
import { openBenchDatabase } from './city/bench-db.ts'
import { checkCodes, CITY, planCity, VILLAGES_PER_TOWNSHIP, type CityPlan } from './city/generate.ts'
import { ensureCityLoaded, type CityLoadReport } from './city/load.ts'
import { villageCodeRange } from '@cuntu/domain'
import { BENCH_USER, ensureBenchUser, signIn } from './city/bench-user.ts'

/** The plain baseline: households as GeoJSON straight off the table by village-code range (no RLS, no lookups per row). */
const PLAIN_GEOJSON = `select coalesce(json_agg(json_build_object('type', 'Feature', 'id', h.id, 'geometry', ST_AsGeoJSON(h.location, 7)::json,
  'properties', json_build_object('id', h.id, 'huhao', h.huhao, 'group', h.group_number, 'status', h.status, 'categories', h.categories))), '[]')::text
  from households h where h.village_code between $1 and $2`


interface Scenario {
  name: string
  description: string
  codes: string[]
  url: (code: string) => string
  /** The query string as the client sends it; parsed by the API's own schema for the direct SQL. */
  query: Record<string, string>
}

interface Summary {
  p50: number
  p95: number
  mean: number
  min: number
  max: number
}

interface PathResult extends Summary {
  samples: number[]
}

interface ScenarioResult {
  name: string
  description: string
  example: string
  runs: number
  features: { mean: number; min: number; max: number }
  bytes: { mean: number; min: number; max: number }
  api: PathResult
  /** The same SQL on a plain connection, as the API runs it: role cuntu_app with the bench user's scope (row-level security). */
  direct: PathResult
  /** The same SQL as the owner, row-level security not applied: what the policies cost. */
  directNoRls: PathResult
  /** API / direct: what the API adds around the statement. */
  ratio: { p50: number; p95: number; mean: number }
  /** direct / directNoRls: what row-level security adds inside the statement. */
  rlsRatio: { p50: number; p95: number; mean: number }
  /** The plain baseline: a flat GeoJSON query over the households table by village-code range, as the owner (no RLS, no per-row lookups). */
  plain: PathResult
  /** API / plain: the whole price of the API, scope and the per-household properties. */
  plainRatio: { p50: number; p95: number; mean: number }
  identicalBodies: boolean
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

function summarise(samples: number[]): PathResult {
  const sorted = [...samples].sort((a, b) => a - b)
  const round = (x: number) => Math.round(x * 1000) / 1000
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
    samples: samples.map(round),
  }
}

const range = (xs: number[]) => ({ mean: Math.round(xs.reduce((a, b) => a + b, 0) / xs.length), min: Math.min(...xs), max: Math.max(...xs) })

function httpGet(agent: http.Agent, port: number, url: string, cookie: string, keepBody: boolean): Promise<{ ms: number; bytes: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = http.get({ host: '127.0.0.1', port, path: url, agent, headers: { accept: 'application/json', cookie } }, (res) => {
      const chunks: Buffer[] = []
      let bytes = 0
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (keepBody) chunks.push(chunk)
      })
      res.on('end', () => {
        const ms = performance.now() - started
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${url} → ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`))
          return
        }
        resolve({ ms, bytes, ...(keepBody ? { body: Buffer.concat(chunks).toString('utf8') } : {}) })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`)
const fmtBytes = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} kB`)
const fmtInt = (n: number) => Math.round(n).toLocaleString('en')

function hashName(name: string): number {
  let h = 2166136261
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619)
  return h >>> 0
}

async function main() {
  const args = parseCityArgs(process.argv.slice(2))
  if (args.help) {
    console.log(usage('bench'))
    return
  }
  const plan: CityPlan = planCity({ households: args.households, seed: args.seed })
  checkCodes(plan)
  const { database, url, name } = await openBenchDatabase(args.database)
  // The same session settings as the server's pool, so the comparison is like for like.
  const direct = new pg.Client({ connectionString: url, options: POSTGRES_CONNECTION_OPTIONS })
  const owner = new pg.Client({ connectionString: url, options: POSTGRES_CONNECTION_OPTIONS })
  let app: Awaited<ReturnType<typeof buildApp>> | undefined
  try {
    console.log(`benchmark database ${name}: ${fmtInt(plan.households)} households, ${plan.villages} villages, ${plan.townships} townships (seed ${plan.seed})`)
    let load: CityLoadReport = await ensureCityLoaded(database, plan, { reload: args.reload, chunkVillages: args.chunkVillages })
    if (load.state === 'present') {
      // The figures of the run that loaded it, kept as the database's comment.
      const [row] = await database.rows<{ c: string | null }>(sql`select shobj_description(oid, 'pg_database') as c from pg_database where datname = current_database()`)
      try {
        const previous = row?.c ? (JSON.parse(row.c) as { load?: CityLoadReport }) : {}
        if (previous.load && previous.load.households === plan.households) load = { ...previous.load, state: 'present' }
      } catch {
        /* not ours */
      }
    } else {
      const comment = JSON.stringify({ load, seed: plan.seed, at: new Date().toISOString() }).replaceAll("'", "''")
      await database.db.execute(sql.raw(`comment on database "${name}" is '${comment}'`))
    }

    const [env] = await database.rows<{ postgres: string; postgis: string; shared_buffers: string; work_mem: string; effective_cache_size: string; jit: string; max_parallel_workers_per_gather: string; database_size: string }>(sql`
      select version() as postgres, postgis_lib_version() as postgis,
             current_setting('shared_buffers') as shared_buffers, current_setting('work_mem') as work_mem,
             current_setting('effective_cache_size') as effective_cache_size, current_setting('jit') as jit,
             current_setting('max_parallel_workers_per_gather') as max_parallel_workers_per_gather,
             pg_size_pretty(pg_database_size(current_database())) as database_size`)
    const [counts] = await database.rows<{ households: number; members: number; household_categories: number; member_categories: number }>(sql`
      select (select count(*)::int from households) as households, (select count(*)::int from members) as members,
             (select count(*)::int from household_categories) as household_categories,
             (select count(*)::int from member_categories) as member_categories`)

    await ensureBenchUser(database, CITY.code)
    // Production cookie settings (what is measured is what is deployed), the response cache off: every request computes its list.
    app = await buildApp({ database, cookies: 'host', responseCache: false })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const cookie = await signIn(port)
    // The direct path runs the statement under the same role and scope as the API's request transaction
    // (runScoped: set_config cuntu.scope / cuntu.user_id, set role cuntu_app), here for the whole session.
    const benchUser = (await app.auth.userByName(BENCH_USER))!
    const { prefixes } = await app.auth.scopeOf(benchUser)
    const scope = prefixes === '*' ? '*' : prefixes.join(',')
    await direct.connect()
    await direct.query(`select set_config('cuntu.scope', $1, false), set_config('cuntu.user_id', $2, false)`, [scope, benchUser.id])
    await direct.query('set role cuntu_app')
    await owner.connect()
    const loadAverage = { start: os.loadavg().map((x) => Math.round(x * 100) / 100), end: [] as number[] }
    const dialect = new PgDialect()

    const villages = Array.from({ length: plan.villages }, (_, v) => plan.villageCode(v))
    // Only whole townships (a short last one would skew the township figures).
    const fullTownships = Math.max(1, Math.floor(plan.villages / VILLAGES_PER_TOWNSHIP))
    const townships = Array.from({ length: fullTownships }, (_, t) => plan.townshipCode(t))
    const scenarios: Scenario[] = [
      { name: 'village', description: "one village's households", codes: villages, url: (c) => `/api/villages/${c}/households`, query: {} },
      { name: 'township', description: "one township's households", codes: townships, url: (c) => `/api/areas/${c}/households`, query: {} },
      {
        name: 'township dibao',
        description: "one township's households holding dibao (categories=dibao)",
        codes: townships,
        url: (c) => `/api/areas/${c}/households?categories=dibao`,
        query: { categories: 'dibao' },
      },
    ]

    const results: ScenarioResult[] = []
    const explains: Record<string, string> = {}
    for (const s of scenarios) {
      const filter = HouseholdListQuery.parse(s.query)
      const queryFor = (code: string) => dialect.sqlToQuery(featureCollectionSql(code, filter, { names: filter.names }))
      const runSql = async (client: pg.Client, code: string) => {
        const q = queryFor(code)
        const started = performance.now()
        const r = await client.query<{ features: string }>(q.sql, q.params as unknown[])
        const ms = performance.now() - started
        return { ms, features: r.rows[0]?.features ?? '[]' }
      }
      const runDirect = (code: string) => runSql(direct, code)
      const runOwner = (code: string) => runSql(owner, code)
      // The plain baseline (issue 12): the same rows as GeoJSON straight off the table, as the owner.
      const runPlain = async (code: string) => {
        const { lo, hi } = villageCodeRange(code)
        const started = performance.now()
        await owner.query(PLAIN_GEOJSON, [lo, hi])
        return { ms: performance.now() - started }
      }
      const runApi = (code: string, keepBody = false) => httpGet(agent, port, s.url(code), cookie, keepBody)

      // Warm-up, on picks of their own; the first one also checks that both paths return the same document.
      const warm = seededRandom(hashName(`warm ${s.name}`) ^ plan.seed)
      let identicalBodies = true
      for (let i = 0; i < Math.max(1, args.warmup); i++) {
        const code = warm.pick(s.codes)
        const api = await runApi(code, i === 0)
        const d = await runDirect(code)
        const o = await runOwner(code)
        if (i === 0 && (api.body !== `{"type":"FeatureCollection","features":${d.features}}` || o.features !== d.features)) {
          identicalBodies = false
          console.warn(`warning: ${s.name}: the API body differs from the direct SQL's document for ${code}`)
        }
      }

      const rnd = seededRandom(hashName(s.name) ^ plan.seed)
      const picks = Array.from({ length: args.runs }, () => rnd.pick(s.codes))
      const apiMs: number[] = []
      const directMs: number[] = []
      const ownerMs: number[] = []
      const plainMs: number[] = []
      const bytes: number[] = []
      const features: number[] = []
      // The three paths in rotating order, so that none is always the one that finds the pages the others read cached.
      const orders = [['api', 'direct', 'owner', 'plain'], ['direct', 'owner', 'plain', 'api'], ['owner', 'plain', 'api', 'direct'], ['plain', 'api', 'direct', 'owner']] as const
      for (const [i, code] of picks.entries()) {
        let doc = '[]'
        for (const path of orders[i % orders.length]!) {
          if (path === 'api') {
            const a = await runApi(code)
            apiMs.push(a.ms)
            bytes.push(a.bytes)
          } else if (path === 'direct') {
            const d = await runDirect(code)
            directMs.push(d.ms)
            doc = d.features
          } else if (path === 'plain') {
            plainMs.push((await runPlain(code)).ms)
          } else {
            ownerMs.push((await runOwner(code)).ms)
          }
        }
        features.push((JSON.parse(doc) as unknown[]).length)
        if (process.stdout.isTTY) process.stdout.write(`\r${s.name}: ${i + 1}/${picks.length}\x1b[K`)
      }
      if (process.stdout.isTTY) process.stdout.write('\r\x1b[K')
      else console.log(`${s.name}: ${picks.length} runs done`)

      const example = picks[0]!
      const q = queryFor(example)
      for (const [label, client] of [['as the API (row-level security)', direct], ['as owner (no row-level security)', owner]] as const) {
        const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, q.params as unknown[])
        explains[`${s.name} ${example} ${label}`] = plan.rows.map((r) => r['QUERY PLAN']).join('\n')
      }

      const api = summarise(apiMs)
      const dir = summarise(directMs)
      const own = summarise(ownerMs)
      const plainPath = summarise(plainMs)
      const ratio = (a: Summary, b: Summary) => ({
        p50: Math.round((a.p50 / b.p50) * 100) / 100,
        p95: Math.round((a.p95 / b.p95) * 100) / 100,
        mean: Math.round((a.mean / b.mean) * 100) / 100,
      })
      results.push({
        name: s.name,
        description: s.description,
        example: s.url(example),
        runs: picks.length,
        features: range(features),
        bytes: range(bytes),
        api,
        direct: dir,
        directNoRls: own,
        ratio: ratio(api, dir),
        rlsRatio: ratio(dir, own),
        plain: plainPath,
        plainRatio: ratio(api, plainPath),
        identicalBodies,
      })
    }

    loadAverage.end = os.loadavg().map((x) => Math.round(x * 100) / 100)
    // ── report ──
    const lines: string[] = []
    lines.push('')
    lines.push(`households list at city scale: ${fmtInt(counts!.households)} households, ${fmtInt(counts!.members)} members (seed ${plan.seed}), database ${name} (${env!.database_size})`)
    lines.push(`${args.runs} sequential runs per path after ${args.warmup} warm-up. API: signed in as ${BENCH_USER} (civil-affairs bureau over the city, scope ${scope}), HTTP on 127.0.0.1, body read in full.`)
    lines.push(`direct SQL: the API's featureCollectionSql on a plain pg connection with the same role and scope (row-level security); no RLS: the same as the owner.`)
    lines.push('')
    const header = ['scenario', 'features', 'size', 'path', 'p50', 'p95', 'mean', 'min', 'max']
    const rows: string[][] = []
    for (const r of results) {
      rows.push([r.name, fmtInt(r.features.mean), fmtBytes(r.bytes.mean), 'API', fmtMs(r.api.p50), fmtMs(r.api.p95), fmtMs(r.api.mean), fmtMs(r.api.min), fmtMs(r.api.max)])
      rows.push(['', '', '', 'direct SQL', fmtMs(r.direct.p50), fmtMs(r.direct.p95), fmtMs(r.direct.mean), fmtMs(r.direct.min), fmtMs(r.direct.max)])
      rows.push(['', '', '', 'API/direct', `${r.ratio.p50.toFixed(2)}×`, `${r.ratio.p95.toFixed(2)}×`, `${r.ratio.mean.toFixed(2)}×`, '', ''])
      rows.push(['', '', '', 'direct, no RLS', fmtMs(r.directNoRls.p50), fmtMs(r.directNoRls.p95), fmtMs(r.directNoRls.mean), fmtMs(r.directNoRls.min), fmtMs(r.directNoRls.max)])
      rows.push(['', '', '', 'RLS cost', `${r.rlsRatio.p50.toFixed(2)}×`, `${r.rlsRatio.p95.toFixed(2)}×`, `${r.rlsRatio.mean.toFixed(2)}×`, '', ''])
      rows.push(['', '', '', 'plain baseline', fmtMs(r.plain.p50), fmtMs(r.plain.p95), fmtMs(r.plain.mean), fmtMs(r.plain.min), fmtMs(r.plain.max)])
      rows.push(['', '', '', 'API/plain', `${r.plainRatio.p50.toFixed(2)}×`, `${r.plainRatio.p95.toFixed(2)}×`, `${r.plainRatio.mean.toFixed(2)}×`, '', ''])
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
    const right = new Set([1, 2, 4, 5, 6, 7, 8])
    const fmtRow = (r: string[]) => r.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()
    lines.push(fmtRow(header))
    lines.push(widths.map((w) => '─'.repeat(w)).join('  '))
    for (const [i, r] of rows.entries()) {
      lines.push(fmtRow(r))
      if (i % 7 === 6 && i < rows.length - 1) lines.push('')
    }
    lines.push('')
    if (load.seconds > 0) {
      lines.push(
        `load${load.state === 'present' ? ' (an earlier run)' : load.state === 'resumed' ? ` (resumed at village ${load.resumedFrom})` : ''}: ` +
          `${fmtInt(load.rows.total)} rows (${fmtInt(load.rows.households)} households) in ${load.seconds.toFixed(1)} s, ` +
          `${fmtInt(load.rowsPerSecond)} rows/s, ${fmtInt(load.householdsPerSecond)} households/s ` +
          `(generate ${load.generateSeconds.toFixed(1)} s, inserts ${load.insertSeconds.toFixed(1)} s, outlines+commit ${load.outlineSeconds.toFixed(1)} s; ` +
          `vacuum analyze ${load.vacuumAnalyzeSeconds.toFixed(1)} s)`,
      )
    } else {
      lines.push('load: already present (no figures recorded)')
    }
    lines.push(`PostgreSQL ${env!.postgres.split(' ')[1]}, PostGIS ${env!.postgis}, shared_buffers ${env!.shared_buffers}, work_mem ${env!.work_mem}, jit ${env!.jit}; Node ${process.version}, ${os.cpus().length} CPUs`)
    lines.push(`load average ${loadAverage.start.join(' ')} at the start, ${loadAverage.end.join(' ')} at the end`)
    if (Math.max(...loadAverage.start, ...loadAverage.end) > os.cpus().length) {
      lines.push(`NOTE: the machine was busy with other work (load average above ${os.cpus().length} CPUs): latencies are noisier and higher than on an idle machine`)
    }
    if (results.some((r) => !r.identicalBodies)) lines.push('WARNING: an API body differed from the direct SQL document (see above)')
    console.log(lines.join('\n'))
    if (args.explain) {
      for (const [k, v] of Object.entries(explains)) console.log(`\nEXPLAIN (ANALYZE, BUFFERS) ${k}\n${v}`)
    }

    const file = writeBenchResults('households', {
      benchmark: 'households list: API vs direct SQL',
      date: new Date().toISOString(),
      options: { households: plan.households, seed: plan.seed, runs: args.runs, warmup: args.warmup, database: name },
      data: { ...counts, villages: plan.villages, townships: plan.townships, counties: plan.counties },
      environment: { ...env, node: process.version, cpus: os.cpus().length, memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`, loadAverage },
      account: { username: BENCH_USER, role: 'civil_affairs_admin', scope },
      load,
      results,
      explain: explains,
      notes: [
        'Latencies in milliseconds. p50/p95 are nearest-rank percentiles over the measured runs.',
        'API: GET over HTTP/1.1 keep-alive on 127.0.0.1, timed from request to the last byte of the body.',
        'API requests carry a session cookie; each resolves the session, reads the area data version, then runs the area check, the category check and the list in one transaction as role cuntu_app. The response cache is off: a repeated list would be a cache hit or a 304.',
        'direct: the same featureCollectionSql text and parameters on a plain pg client, with the same role (cuntu_app) and scope settings as the API, timed to the returned row.',
        'directNoRls: the same statement as the owner (row-level security not applied).',
      ],
    })
    console.log(`\nresults: ${file}`)
    agent.destroy()
  } finally {
    await direct.end().catch(() => {})
    await owner.end().catch(() => {})
    await app?.close()
    await database.close()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  process.exit(1)
})
