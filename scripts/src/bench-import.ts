/**
 * Benchmark: import a generated archive workbook of 100,000 members through the
 * import service into PostgreSQL + PostGIS, beside ogr2ogr (GDAL, Debian's
 * gdal-bin) loading the same rows from CSV in the same run.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/src/bench-import.ts [--members N] [--runs 3] [--keep]
 *
 * Only the server is taken from DATABASE_URL: everything happens in a database
 * of its own, cuntu_bench_import, created at the start and dropped at the end
 * (--keep leaves it). rows/s = members ÷ seconds, median of the runs.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { prepareDatabase, type Database } from '@cuntu/db'
import { generateVillage } from '@cuntu/fixtures'
import { archiveXlsx, commitImport, parseImport, type ExportHousehold } from '@cuntu/server/tooling'

const DB_NAME = 'cuntu_bench_import'
const TOWNSHIP = '440982101000'

const { values } = parseArgs({ options: { members: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean' } } })
const MEMBERS = Number(values.members)
const RUNS = Number(values.runs)
const say = (s: string) => console.log(s)

const url = process.env.DATABASE_URL
if (!url) {
  console.error('需要 DATABASE_URL（PostgreSQL + PostGIS 服务器）/ DATABASE_URL is required (a PostgreSQL + PostGIS server)')
  process.exit(2)
}
const withDb = (name: string) => {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/** The demo village generator at scale, cut at exactly `members` members, as export rows. */
function generate(members: number): ExportHousehold[] {
  const data = generateVillage({ households: Math.ceil(members / 3) + 100, groups: 40, seed: 20261123, unplacedRate: 0.02 })
  const out: ExportHousehold[] = []
  let n = 0
  for (const h of data.households) {
    if (n >= members) break
    const ms = h.members.slice(0, members - n)
    if (ms.length === 0) continue
    n += ms.length
    out.push({
      huhao: h.huhao, group: h.group, doorNumber: h.doorNumber ?? null, housing: h.housing ?? null, living: h.living ?? null, notes: h.notes ?? null,
      status: h.status, location: h.lngLat,
      members: ms.map((m) => ({
        name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birthDate, ethnicity: m.ethnicity ?? null, marriedOut: m.marriedOut ?? false,
        health: m.health ?? null, schooling: m.schooling ?? null, work: m.work ?? null, disabilityText: m.disabilityText ?? null,
        categories: m.categories.map((c) => ({ code: c.code, year: c.year ?? null, disabilityType: c.disabilityType ?? null, disabilityGrade: c.disabilityGrade ?? null })),
      })),
      categories: h.categories.map((c) => ({ code: c.code, year: c.year ?? null })),
    })
  }
  return out
}

/** The same rows, one per member with its household's fields and position, for ogr2ogr. */
function flatCsv(households: readonly ExportHousehold[]): string {
  const q = (v: unknown) => {
    if (v === null || v === undefined) return ''
    const s = String(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = ['huhao,grp,door_number,housing,living,notes,status,name,relation,sex,birth_date,ethnicity,health,schooling,work,disability_text,categories,lon,lat']
  for (const h of households) {
    const cats = h.categories.map((c) => `${c.code}${c.year ? `:${c.year}` : ''}`).join(';')
    for (const m of h.members) {
      lines.push([h.huhao, h.group, h.doorNumber, h.housing, h.living, h.notes, h.status, m.name, m.relation, m.sex, m.birthDate, m.ethnicity, m.health, m.schooling, m.work, m.disabilityText, cats, h.location?.[0], h.location?.[1]].map(q).join(','))
    }
  }
  return `${lines.join('\n')}\n`
}

async function addVillage(database: Database, code: string) {
  await database.db.execute(sql`insert into areas (code, name, level, parent_code) values
    ('440000000000', '广东省', 'province', null), ('440900000000', '茂名市', 'city', '440000000000'),
    ('440982000000', '化州市', 'county', '440900000000'), (${TOWNSHIP}, '河东镇', 'township', '440982000000'),
    (${code}, ${`基准村 ${code.slice(-3)}`}, 'village', ${TOWNSHIP}) on conflict do nothing`)
}

async function main() {
  const ogr = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' })
  const haveOgr = ogr.status === 0
  if (!haveOgr) say('注意：找不到 ogr2ogr（Debian: apt-get install gdal-bin），只测本导入 / NOTE: ogr2ogr is missing (Debian: apt-get install gdal-bin); measuring the importer only')

  say(`生成 / generating ${fmt(MEMBERS)} members …`)
  const households = generate(MEMBERS)
  const members = households.reduce((n, h) => n + h.members.length, 0)
  const t0 = performance.now()
  const workbook = await archiveXlsx(households, { villageCode: '440982101201', villageName: '基准村', names: true })
  say(`  ${fmt(households.length)} households, ${fmt(members)} members; workbook ${(workbook.length / 1048576).toFixed(1)} MiB written in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const dir = mkdtempSync(path.join(tmpdir(), 'cuntu-bench-import-'))
  const csvPath = path.join(dir, 'members.csv')
  writeFileSync(csvPath, flatCsv(households))

  const admin = new pg.Client({ connectionString: withDb('postgres') })
  await admin.connect()
  await admin.query(`drop database if exists ${DB_NAME} with (force)`)
  await admin.query(`create database ${DB_NAME}`)
  await admin.end()
  const { database } = await prepareDatabase({ url: withDb(DB_NAME), poolSize: 2 })

  const ours: { total: number; parse: number; write: number }[] = []
  const theirs: number[] = []
  try {
    for (let run = 1; run <= RUNS; run++) {
      // Each run into an empty village of its own: every household is a create.
      const code = `${TOWNSHIP.slice(0, 9)}${String(200 + run)}`
      await addVillage(database, code)
      const start = performance.now()
      const parsed = await parseImport({ archive: { bytes: workbook, fileName: `bench-${run}.xlsx` }, locations: null })
      const parsedAt = performance.now()
      const { plan } = await commitImport({
        database, scope: { userId: 'bench', areaPrefixes: '*' }, actor: { userId: null, username: 'bench', role: null },
        villageCode: code, parsed, options: {}, via: 'bench',
      })
      const counts = plan.counts
      const end = performance.now()
      if (counts.members !== members) throw new Error(`imported ${counts.members} members, expected ${members}`)
      ours.push({ total: (end - start) / 1000, parse: (parsedAt - start) / 1000, write: (end - parsedAt) / 1000 })
      say(`  run ${run}: cuntu import ${(ours.at(-1)!.total).toFixed(1)} s (parse ${ours.at(-1)!.parse.toFixed(1)} s, plan + write ${ours.at(-1)!.write.toFixed(1)} s)`)

      if (haveOgr) {
        const u = new URL(withDb(DB_NAME))
        const pgConn = `PG:host=${u.hostname} port=${u.port || 5432} dbname=${DB_NAME} user=${decodeURIComponent(u.username || 'postgres')}${u.password ? ` password=${decodeURIComponent(u.password)}` : ''}`
        const o0 = performance.now()
        const r = spawnSync('ogr2ogr', ['-f', 'PostgreSQL', pgConn, csvPath, '-nln', `ogr_members_${run}`, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat',
          '-oo', 'AUTODETECT_TYPE=YES', '-a_srs', 'EPSG:4326', '-lco', 'GEOMETRY_NAME=location', '-overwrite', '--config', 'PG_USE_COPY', 'YES'], { encoding: 'utf8' })
        const o1 = performance.now()
        if (r.status !== 0) throw new Error(`ogr2ogr failed: ${r.stderr}`)
        const [row] = await database.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ogr_members_${run}`))
        if (row?.n !== members) throw new Error(`ogr2ogr loaded ${row?.n} rows, expected ${members}`)
        theirs.push((o1 - o0) / 1000)
        say(`  run ${run}: ogr2ogr ${theirs.at(-1)!.toFixed(1)} s`)
      }
    }
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
    if (!values.keep) {
      const again = new pg.Client({ connectionString: withDb('postgres') })
      await again.connect()
      await again.query(`drop database if exists ${DB_NAME} with (force)`)
      await again.end()
    }
  }

  const oursRate = members / median(ours.map((r) => r.total))
  const writeRate = members / median(ours.map((r) => r.write))
  say('')
  say(`结果 / result (${fmt(members)} members, ${fmt(households.length)} households, median of ${RUNS} runs):`)
  say(`  村图导入 cuntu import (xlsx → parse → plan → 4 tables, row-level security): ${fmt(oursRate)} rows/s   (plan + write alone: ${fmt(writeRate)} rows/s)`)
  if (haveOgr) {
    const ogrRate = members / median(theirs)
    say(`  ogr2ogr (CSV → one flat table, COPY):                                      ${fmt(ogrRate)} rows/s`)
    say(`  比值 ratio cuntu / ogr2ogr: ${(oursRate / ogrRate).toFixed(2)}`)
  } else {
    say('  ogr2ogr: 未安装，未测 / not installed, not measured')
  }
}

await main()
