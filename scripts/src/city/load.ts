/**
 * Load the city-scale set into a benchmark database, chunk by chunk (one
 * `loadDataset` transaction per chunk), with a progress line, unless the
 * database already holds it. A database holding a prefix of the same city
 * (the quick set, or an interrupted load: every chunk commits on its own)
 * is completed rather than reloaded.
 */
import { sql } from 'drizzle-orm'
import { clearData, loadDataset, syncBuiltinCategories, type Database } from '@cuntu/db'
import { cityChunks, totalRows, type ChunkCounts, type CityPlan } from './generate.ts'

export interface CityLoadReport {
  /** present: already there, nothing loaded; loaded: from empty; resumed: completed a prefix. */
  state: 'present' | 'loaded' | 'resumed'
  households: number
  villages: number
  /** Villages already present before this run. */
  resumedFrom: number
  /** What this run inserted (all tables), and how long it took. */
  rows: ChunkCounts & { total: number }
  seconds: number
  rowsPerSecond: number
  householdsPerSecond: number
  /** Where the time went: generating in Node, the inserts, and loadDataset's closing village-outline update and commit. */
  generateSeconds: number
  insertSeconds: number
  outlineSeconds: number
  vacuumAnalyzeSeconds: number
}

interface DbState {
  households: number
  villages: number
  lo: string | null
  hi: string | null
  marker: boolean
}

async function inspect(database: Database, plan: CityPlan): Promise<DbState> {
  const [row] = await database.rows<{ n: number; villages: number; lo: string | null; hi: string | null; marker: boolean }>(sql`
    select count(*)::int as n, count(distinct village_code)::int as villages, min(village_code) as lo, max(village_code) as hi,
           exists (select 1 from households where id = ${plan.markerId}) as marker
    from households`)
  return { households: row!.n, villages: row!.villages, lo: row!.lo, hi: row!.hi, marker: row!.marker }
}

/** Villages 0 … k−1 of this plan, and nothing else, are in the database: return k, else null. */
function prefixOf(state: DbState, plan: CityPlan): number | null {
  const k = state.villages
  if (k === 0 || !state.marker || k > plan.villages) return null
  if (state.lo !== plan.villageCode(0) || state.hi !== plan.villageCode(k - 1)) return null
  return state.households === plan.householdsBefore(k) ? k : null
}

const fmt = (n: number) => Math.round(n).toLocaleString('en')
function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  const s = Math.round(seconds)
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}

export async function vacuumAnalyze(database: Database): Promise<number> {
  const started = performance.now()
  // VACUUM as well as ANALYZE: it sets the visibility map, as autovacuum would on a settled database.
  await database.db.execute(sql`vacuum (analyze) areas, village_groups, households, members, household_categories, member_categories, categories`)
  return (performance.now() - started) / 1000
}

export async function ensureCityLoaded(
  database: Database,
  plan: CityPlan,
  options: { reload?: boolean; chunkVillages?: number; log?: (line: string) => void } = {},
): Promise<CityLoadReport> {
  const log = options.log ?? ((line: string) => console.log(line))
  const state = await inspect(database, plan)
  let from = options.reload ? null : prefixOf(state, plan)
  const zero: ChunkCounts = { areas: 0, groups: 0, households: 0, members: 0, householdCategories: 0, memberCategories: 0 }
  const report: CityLoadReport = {
    state: 'present',
    households: plan.households,
    villages: plan.villages,
    resumedFrom: 0,
    rows: { ...zero, total: 0 },
    seconds: 0,
    rowsPerSecond: 0,
    householdsPerSecond: 0,
    generateSeconds: 0,
    insertSeconds: 0,
    outlineSeconds: 0,
    vacuumAnalyzeSeconds: 0,
  }

  if (from === plan.villages) {
    log(`city already loaded: ${fmt(state.households)} households in ${fmt(state.villages)} villages (seed ${plan.seed}); analysing`)
    await database.db.execute(sql`analyze`)
    return report
  }
  if (state.households > 0 && from === null) {
    const larger = state.marker && state.households > plan.households
    if (larger && !options.reload) {
      throw new Error(
        `the benchmark database holds a larger set (${fmt(state.households)} households) than asked for (${fmt(plan.households)}).\n` +
          'Reloading it throws the larger set away: pass --reload to do so, or --database cuntu_bench_quick to use another database.',
      )
    }
    log(`emptying the benchmark database (it holds ${fmt(state.households)} households of another set)`)
    await clearData(database)
  }
  // clearData truncates `areas` with cascade, which takes the category registry with it; put it back.
  await syncBuiltinCategories(database)
  from ??= 0
  report.state = from > 0 ? 'resumed' : 'loaded'
  report.resumedFrom = from
  if (from > 0) log(`resuming: villages 0…${from - 1} (${fmt(plan.householdsBefore(from))} households) are already in`)

  const tty = Boolean(process.stdout.isTTY)
  const target = plan.households - plan.householdsBefore(from)
  const started = performance.now()
  let lastPaint = 0
  const paint = (householdsDone: number, rowsDone: number, final = false) => {
    const now = performance.now()
    if (!final && tty && now - lastPaint < 250) return
    lastPaint = now
    const elapsed = (now - started) / 1000
    const hps = householdsDone / elapsed
    const line =
      `loading ${fmt(plan.householdsBefore(from!) + householdsDone)}/${fmt(plan.households)} households ` +
      `(${((100 * (plan.householdsBefore(from!) + householdsDone)) / plan.households).toFixed(1)}%) · ` +
      `${fmt(rowsDone / elapsed)} rows/s · ${fmt(hps)} households/s · ` +
      `elapsed ${duration(elapsed)} · ETA ${final ? '0s' : duration((target - householdsDone) / hps)}`
    if (tty) process.stdout.write(`\r${line}\x1b[K${final ? '\n' : ''}`)
    else log(line)
  }

  let householdsDone = 0
  let rowsDone = 0
  const chunks = cityChunks(plan, { chunkVillages: options.chunkVillages, from })
  for (;;) {
    const g0 = performance.now()
    const next = chunks.next()
    report.generateSeconds += (performance.now() - g0) / 1000
    if (next.done) break
    const chunk = next.value
    const done: Record<string, number> = {}
    const i0 = performance.now()
    let lastProgressAt = i0
    await loadDataset(database, chunk.dataset, {
      source: 'bench',
      batchSize: 5000,
      onProgress: (p) => {
        done[p.table] = p.done
        lastProgressAt = performance.now()
        const inChunk = Object.values(done).reduce((a, b) => a + b, 0)
        if (tty) paint(householdsDone + (done.households ?? 0), rowsDone + inChunk)
      },
    })
    const i1 = performance.now()
    report.insertSeconds += (lastProgressAt - i0) / 1000
    report.outlineSeconds += (i1 - lastProgressAt) / 1000
    householdsDone += chunk.counts.households
    rowsDone += totalRows(chunk.counts)
    for (const k of Object.keys(zero) as (keyof ChunkCounts)[]) report.rows[k] += chunk.counts[k]
    paint(householdsDone, rowsDone)
  }
  report.seconds = (performance.now() - started) / 1000
  if (tty) paint(householdsDone, rowsDone, true)
  report.rows.total = rowsDone
  report.rowsPerSecond = rowsDone / report.seconds
  report.householdsPerSecond = householdsDone / report.seconds

  const after = await inspect(database, plan)
  if (prefixOf(after, plan) !== plan.villages) {
    throw new Error(`after loading, the database holds ${fmt(after.households)} households in ${after.villages} villages, not the plan's`)
  }
  log('vacuum (analyze) …')
  report.vacuumAnalyzeSeconds = await vacuumAnalyze(database)
  log(
    `loaded ${fmt(rowsDone)} rows (${fmt(householdsDone)} households, ${fmt(report.rows.members)} members) in ${duration(report.seconds)}: ` +
      `${fmt(report.rowsPerSecond)} rows/s; generate ${report.generateSeconds.toFixed(1)} s, inserts ${report.insertSeconds.toFixed(1)} s, ` +
      `outlines+commit ${report.outlineSeconds.toFixed(1)} s; vacuum analyze ${report.vacuumAnalyzeSeconds.toFixed(1)} s`,
  )
  return report
}
