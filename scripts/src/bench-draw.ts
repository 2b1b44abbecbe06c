/**
 * `npm run bench:draw`: drawing at city scale, through the API beside the same
 * SQL run directly, interleaved in one run.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:draw [-- --runs 40]
 *
 * 1. Uses the benchmark database `cuntu_bench` (loads the 1,000,000-household
 *    city set if missing, as `npm run bench` does) and a seeded village of it;
 *    signs in as `bench_editor`, a station lead over that village (drawing
 *    needs a role that edits), and creates a map of its own for the run.
 * 2. (a) Saving a 500-vertex polygon (a ring of 499 corners around the
 *    village's households, closed):
 *    - API POST /api/layers/:id/features (session, CSRF, body validation,
 *      geometry checks with ST_IsValid and the distance from the village, the
 *      insert, the change-log row, the audit row, in one transaction);
 *    - API PATCH /api/features/:id with a new geometry (the same, plus the
 *      version check);
 *    - direct SQL: the plain insert of the same geometry into `features`, on a
 *      connection with the API's role and scope (cuntu_app, row-level security).
 * 3. (b) "Households within 300 m of this feature" over the 1,000,000 households:
 *    - API GET /api/villages/:code/spatial?near=<id>&metres=300;
 *    - direct SQL: the same statements the repository runs (the households
 *      near the feature, then their counts by category), same role and scope.
 * 4. Each round runs every path in a rotating order; reports p50/p95, the
 *    API/SQL ratios of the medians, the load average, and writes
 *    bench-results/draw-<date>.json. The run's map and features are removed
 *    at the end.
 */
import http from 'node:http'
import os from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { buildApp } from '@cuntu/server'
import { categoryCountsSql, nearHouseholdsSql } from '@cuntu/server/tooling'
import { seededRandom } from '@cuntu/fixtures'
import { POSTGRES_CONNECTION_OPTIONS } from '@cuntu/db'
import { openBenchDatabase } from './city/bench-db.ts'
import { DEFAULT_DATABASE } from './city/cli.ts'
import { checkCodes, planCity } from './city/generate.ts'
import { ensureCityLoaded } from './city/load.ts'
import { BENCH_EDITOR, ensureBenchEditor, signInSession } from './city/bench-user.ts'
import { writeBenchResults } from './bench-results.ts'

const VERTICES = 500
const METRES = 300

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}
function summary(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b)
  const r = (x: number) => Math.round(x * 100) / 100
  return { p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), mean: r(xs.reduce((a, b) => a + b, 0) / xs.length), n: xs.length }
}

/**
 * A closed ring of `VERTICES` positions (499 corners and the first again) around
 * [lng, lat] degrees, `radiusM` metres, slightly wobbly so no three corners are
 * collinear. WGS84 [lng, lat], 7 decimals (what the API stores).
 */
function ring(lng: number, lat: number, radiusM: number): number[][] {
  const corners = VERTICES - 1
  const dLat = radiusM / 111_320
  const dLng = dLat / Math.cos((lat * Math.PI) / 180)
  const out: number[][] = []
  for (let i = 0; i < corners; i++) {
    const a = (2 * Math.PI * i) / corners
    const w = 1 + 0.03 * Math.sin(7 * a)
    out.push([Number((lng + dLng * w * Math.cos(a)).toFixed(7)), Number((lat + dLat * w * Math.sin(a)).toFixed(7))])
  }
  out.push(out[0]!)
  return out
}

interface Reply {
  ms: number
  status: number
  body: string
}

function request(agent: http.Agent, port: number, method: string, path: string, session: { cookie: string; csrfToken: string }, payload?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = payload === undefined ? undefined : JSON.stringify(payload)
    const headers: Record<string, string | number> = { cookie: session.cookie, 'x-csrf-token': session.csrfToken }
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
    const started = performance.now()
    const req = http.request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      let text = ''
      res.on('data', (c: Buffer) => (text += c.toString('utf8')))
      res.on('end', () => {
        const ms = performance.now() - started
        if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path} → ${res.statusCode} ${text.slice(0, 300)}`))
        else resolve({ ms, status: res.statusCode!, body: text })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function main() {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '40' }, database: { type: 'string', default: DEFAULT_DATABASE }, seed: { type: 'string', default: '2026' } },
  })
  const runs = Math.max(3, Number(values.runs))
  const plan = planCity({ seed: Number(values.seed) })
  checkCodes(plan)
  const { database, url } = await openBenchDatabase(values.database!)
  const direct = new pg.Client({ connectionString: url, options: POSTGRES_CONNECTION_OPTIONS })
  let app: Awaited<ReturnType<typeof buildApp>> | undefined
  let mapId: string | null = null
  try {
    await ensureCityLoaded(database, plan, { reload: false, chunkVillages: 50 })
    const [{ households } = { households: 0 }] = await database.rows<{ households: number }>(sql`select count(*)::int as households from households`)

    // A seeded village with placed households; the drawing goes over their middle.
    const rnd = seededRandom(20261204)
    let village: { code: string; lng: number; lat: number; n: number } | null = null
    for (let tries = 0; !village && tries < 50; tries++) {
      const code = plan.villageCode(Math.floor(rnd.next() * plan.villages))
      const [c] = await database.rows<{ lng: number | null; lat: number | null; n: number }>(sql`
        select percentile_cont(0.5) within group (order by ST_X(location)) as lng, percentile_cont(0.5) within group (order by ST_Y(location)) as lat,
               count(*)::int as n
        from households where village_code = ${code} and location is not null`)
      if (c && c.lng !== null && c.lat !== null && c.n >= 20) village = { code, lng: c.lng, lat: c.lat, n: c.n }
    }
    if (!village) throw new Error('no village with placed households found in the benchmark database')
    await ensureBenchEditor(database, village.code)

    app = await buildApp({ database, cookies: 'host' }) // production cookie settings, as deployed
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    const session = await signInSession(port, BENCH_EDITOR)

    // The direct path runs as the API's request transaction does (runScoped: the scope and user settings, role cuntu_app), for the whole session.
    const editor = (await app.auth.userByName(BENCH_EDITOR))!
    const { prefixes } = await app.auth.scopeOf(editor)
    await direct.connect()
    await direct.query(`select set_config('cuntu.scope', $1, false), set_config('cuntu.user_id', $2, false)`, [prefixes === '*' ? '*' : prefixes.join(','), editor.id])
    await direct.query('set role cuntu_app')

    const m = JSON.parse((await request(agent, port, 'POST', `/api/villages/${village.code}/maps`, session, { name: `bench:draw ${new Date().toISOString()}`, purpose: 'other' })).body) as { id: string; layers: { id: string }[] }
    mapId = m.id
    const layerId = m.layers[0]!.id
    const shapes = [ring(village.lng, village.lat, 150), ring(village.lng, village.lat, 160)]
    const polygon = (i: number) => ({ type: 'Polygon', coordinates: [shapes[i % 2]!] })

    // The feature the spatial question is asked of, and the one whose geometry is PATCHed.
    const asked = JSON.parse((await request(agent, port, 'POST', `/api/layers/${layerId}/features`, session, { kind: 'waterlogging', name: '积水点（基准）', geometry: polygon(0) })).body) as { id: string }
    const patched = JSON.parse((await request(agent, port, 'POST', `/api/layers/${layerId}/features`, session, { kind: 'waterlogging', name: '改形状（基准）', geometry: polygon(1) })).body) as { id: string; version: number }
    let version = patched.version

    const dialect = new PgDialect()
    const INSERT = `insert into features (layer_id, village_code, kind, name, geom) values ($1, '', 'waterlogging', '直接插入（基准）', ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) returning id`
    const [lat] = (await database.rows<{ lat: number }>(sql`select ST_Y(ST_Centroid(geom)) as lat from features where id = ${asked.id}`)).map((r) => r.lat)
    const near = dialect.sqlToQuery(nearHouseholdsSql(village.code, asked.id, METRES, lat!))

    type Path = 'post' | 'patch' | 'insert' | 'nearApi' | 'nearSql'
    const ms: Record<Path, number[]> = { post: [], patch: [], insert: [], nearApi: [], nearSql: [] }
    let answered = { api: -1, sql: -1 }
    const run: Record<Path, (i: number) => Promise<number>> = {
      post: async (i) => (await request(agent, port, 'POST', `/api/layers/${layerId}/features`, session, { kind: 'waterlogging', name: 'API（基准）', geometry: polygon(i) })).ms,
      patch: async (i) => {
        const r = await request(agent, port, 'PATCH', `/api/features/${patched.id}`, session, { version, geometry: polygon(i) })
        version = (JSON.parse(r.body) as { version: number }).version
        return r.ms
      },
      insert: async (i) => {
        const started = performance.now()
        await direct.query(INSERT, [layerId, JSON.stringify(polygon(i))])
        return performance.now() - started
      },
      nearApi: async () => {
        const r = await request(agent, port, 'GET', `/api/villages/${village.code}/spatial?near=${asked.id}&metres=${METRES}`, session)
        answered.api = (JSON.parse(r.body) as { households: number }).households
        return r.ms
      },
      nearSql: async () => {
        const started = performance.now()
        const ids = (await direct.query<{ id: string }>(near.sql, near.params as unknown[])).rows.map((r) => r.id)
        const counts = dialect.sqlToQuery(categoryCountsSql(ids))
        if (ids.length) await direct.query(counts.sql, counts.params as unknown[])
        answered.sql = ids.length
        return performance.now() - started
      },
    }
    const paths = Object.keys(run) as Path[]
    // Warm-up: two of each (plans, buffers, the session cache), not counted.
    for (let i = 0; i < 2; i++) for (const p of paths) await run[p](i)
    if (answered.api !== answered.sql) throw new Error(`the API found ${answered.api} households within ${METRES} m, the direct SQL ${answered.sql}`)
    answered = { api: -1, sql: -1 }

    const loadStart = os.loadavg().map((x) => Math.round(x * 100) / 100)
    for (let r = 0; r < runs; r++) {
      // Rotate the order each round, so no path always runs first (or right after a write).
      const order = paths.map((_, k) => paths[(k + r) % paths.length]!)
      for (const p of order) ms[p].push(await run[p](r))
      if ((r + 1) % 10 === 0) console.log(`round ${r + 1}/${runs} done`)
    }
    const loadEnd = os.loadavg().map((x) => Math.round(x * 100) / 100)

    const s = Object.fromEntries(paths.map((p) => [p, summary(ms[p])])) as Record<Path, ReturnType<typeof summary>>
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100
    const rows = [
      { question: `save a ${VERTICES}-vertex polygon: POST`, api: s.post, sql: s.insert },
      { question: `save a ${VERTICES}-vertex polygon: PATCH geometry`, api: s.patch, sql: s.insert },
      { question: `households within ${METRES} m of a feature`, api: s.nearApi, sql: s.nearSql },
    ].map((r) => ({ ...r, ratio: { p50: ratio(r.api.p50, r.sql.p50), p95: ratio(r.api.p95, r.sql.p95) } }))

    const fmt = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`)
    console.log(`\nbench:draw at city scale (${households.toLocaleString('en')} households; village ${village.code}, ${village.n} placed), ${runs} interleaved rounds; signed in as ${BENCH_EDITOR}`)
    console.log(`within ${METRES} m: ${answered.api} households (API and direct SQL agree)`)
    console.log('question                                   API p50   API p95 | SQL p50   SQL p95 | API/SQL p50  p95')
    for (const r of rows) {
      console.log(
        [r.question.padEnd(42), fmt(r.api.p50).padStart(8), fmt(r.api.p95).padStart(9), '|', fmt(r.sql.p50).padStart(8), fmt(r.sql.p95).padStart(9), '|', `${r.ratio.p50.toFixed(2)}×`.padStart(10), `${r.ratio.p95.toFixed(2)}×`.padStart(6)].join(' '),
      )
    }
    console.log(`load average ${loadStart.join(' ')} at the start, ${loadEnd.join(' ')} at the end (${os.cpus().length} CPUs)`)
    if (Math.max(...loadStart, ...loadEnd) > os.cpus().length) console.log('NOTE: the machine was busy with other work: latencies are higher and noisier than on an idle machine')
    const file = writeBenchResults('draw', {
      benchmark: 'draw: saving a 500-vertex polygon and a within-300 m question, API vs the same SQL run directly',
      date: new Date().toISOString(),
      options: { runs, database: values.database, vertices: VERTICES, metres: METRES },
      village: { code: village.code, placedHouseholds: village.n },
      households,
      householdsWithin: answered.api,
      results: rows,
      samples: ms,
      environment: { node: process.version, cpus: os.cpus().length, loadAverage: { start: loadStart, end: loadEnd } },
      notes: [
        'API: HTTP keep-alive on 127.0.0.1, timed to the last byte; the session is resolved per request.',
        'POST and PATCH include body validation, the geometry checks (ST_IsValid, ST_NPoints, distance from the village), the change-log row and the audit row; the direct insert is the insert alone.',
        'direct SQL: one connection with the API transaction\'s role and scope (cuntu_app, row-level security), outside a transaction; the spatial question runs the repository\'s own two statements.',
      ],
    })
    console.log(`results: ${file}`)
    agent.destroy()
  } finally {
    await direct.end().catch(() => {})
    if (mapId) {
      // The run's drawing goes away with it (as the owner: change-log and audit rows stay, as they would for any deleted map).
      await database.db.execute(sql`delete from features where layer_id in (select id from map_layers where map_id = ${mapId})`)
      await database.db.execute(sql`delete from map_layers where map_id = ${mapId}`)
      await database.db.execute(sql`delete from maps where id = ${mapId}`)
    }
    await app?.close()
    await database.close()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err)
  process.exit(1)
})
