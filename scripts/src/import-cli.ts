/**
 * npm run import -- <file> --village <code> [--village-name <name>] [--locations <file>] [--crs wgs84|gcj02]
 *                        [--dry-run] [--accept-flagged] [--control-points <json>]
 *
 * The same import as the web flow (`commitImport` in server/src/features/imports/commit.ts), for
 * an administrator at the server: same database configuration as the server
 * (DATABASE_URL, else the embedded database in CUNTU_DATA_DIR, default ./data),
 * scoped to every area ('*'), audited as user `cli`. Creates the village (and
 * placeholder ancestors from its 12-digit code) when it does not exist yet.
 *
 * Exit codes: 0 imported (or would import) cleanly; 1 done, but some rows had
 * errors and were skipped; 2 nothing imported (bad arguments, unreadable file,
 * failure: the transaction rolled back).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import { analyzeNow, DataDirLockedError, pgErrorOf, prepareDatabase, runScoped, type Database } from '@cuntu/db'
import { AREA_CODE_PATTERN, areaLevelOfCode, parentAreaCode } from '@cuntu/domain'
import { AppError, commitImport, createRepositories, domainFailureOf, ImportOptions, loadConfig, message, parseImport, planImport, type ImportPlan, type Progress } from '@cuntu/server/tooling'

const USAGE = `用法 / usage: npm run import -- <档案文件 archive.xlsx|.csv> --village <12位区划代码> [--village-name <村名>]
       [--locations <位置文件>] [--crs wgs84|gcj02] [--dry-run] [--accept-flagged] [--control-points <控制点.json>]`

const out = (s = '') => process.stdout.write(`${s}\n`)
const err = (s: string) => process.stderr.write(`${s}\n`)

function fail(zh: string, en: string, code = 2): never {
  err(`错误：${zh}\nError: ${en}`)
  process.exit(code)
}

const LEVEL_ZH = { province: '省', city: '市', county: '县', township: '镇', village: '村' } as const

/** Create the village and any missing ancestors (placeholder names) as the owner: an administrator's action. */
async function ensureVillage(database: Database, code: string, name: string | undefined): Promise<'existing' | 'created'> {
  const [found] = await database.rows<{ level: string }>(sql`select level::text as level from areas where code = ${code}`)
  if (found) {
    if (found.level !== 'village') fail(`${code} 不是村级区划（是 ${found.level}）`, `${code} is not a village (it is a ${found.level})`)
    return 'existing'
  }
  const chain: string[] = []
  for (let c: string | null = code; c; c = parentAreaCode(c)) chain.unshift(c)
  for (const c of chain) {
    const level = areaLevelOfCode(c)
    const parent = parentAreaCode(c)
    const label = c === code && name ? name : `未命名${LEVEL_ZH[level]}（${c}）`
    await database.db.execute(sql`insert into areas (code, name, level, parent_code) values (${c}, ${label}, ${level}::area_level, ${parent}) on conflict do nothing`)
  }
  return 'created'
}

function bar(p: Progress): void {
  if (!process.stderr.isTTY && p.phase !== 'done') return
  const width = 30
  const frac = p.total > 0 ? p.done / p.total : p.phase === 'done' ? 1 : 0
  const filled = Math.round(frac * width)
  process.stderr.write(`\r写入 / writing [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}%  ${p.done}/${p.total}${p.phase === 'done' ? '\n' : ''}`)
}

function report(plan: ImportPlan, dryRun: boolean): void {
  const c = plan.counts
  out(dryRun ? '试运行（未写入）/ dry run (nothing written)' : '导入完成 / import committed')
  out(`  新建 create ${c.create}  更新 update ${c.update}  未变 unchanged ${c.unchanged}  跳过 skip ${c.skip}`)
  out(`  成员 members ${c.members}  家庭类别 household categories ${c.householdCategories}  成员类别 member categories ${c.memberCategories}`)
  out(`  位置 positions: 文件 file ${c.positions.fromFile}  地图推算 from map ${c.positions.fromCellMap}  可疑未存 flagged ${c.positions.flagged}  已接受 accepted ${c.positions.accepted}`)
  if (c.groupsCreated.length > 0) out(`  新建村组 groups created: ${c.groupsCreated.join(', ')}`)
  if (plan.fit) {
    const f = plan.fit
    const model = { north_up: '正北方格 north-up', rotated: '旋转方格 rotated', affine: '仿射 affine' }[f.model]
    out(`  社区地图配准 cell-map fit: ${model}（${f.choice.code}）  留一误差 leave-one-out RMS ${f.looRmsMetres ?? '—'} 米 m  残差 residual RMS ${f.rmsMetres} 米 m`)
    out(`    每列 per column ${f.metresPerCol} 米 m  每行 per row ${f.metresPerRow} 米 m  旋转 turn ${f.rotationDeg}°  剪切 shear ${f.shearDeg}°`)
    for (const c of f.candidates) out(`    候选 candidate ${c.model}: 残差 residual ${c.rmsMetres} 米 m, 留一 leave-one-out ${c.looRmsMetres ?? '—'} 米 m`)
    for (const r of f.points) out(`    ${r.huhao ?? r.address} ${r.address}: 残差 residual ${r.residualMetres} 米 m, 留一 leave-one-out ${r.looMetres ?? '—'} 米 m`)
    if (f.spread.length > 0) out(`    控制点分布不好 badly spread points: ${f.spread.join(', ')}`)
    if (f.suggest) out(`    再加一个控制点最有用的位置 a further point helps most at: ${f.suggest.address}${f.suggest.huhao ? ` (户号 ${f.suggest.huhao})` : ''}`)
    for (const u of f.unplaced) out(`    未推算 not placed: ${u.address} ${u.huhao ?? u.name ?? ''}（${u.reason}）`)
  }
  const skipped = plan.entries.filter((e) => e.action === 'skip')
  if (skipped.length > 0) out(`  跳过的户 skipped: ${skipped.map((e) => `${e.huhao ?? `第${e.row}行/row ${e.row}`}（${e.reasons.join(',')}）`).join('；')}`)
  const errors = plan.issues.filter((i) => i.severity === 'error')
  const warnings = plan.issues.filter((i) => i.severity === 'warning')
  out(`问题 / issues: 错误 errors ${errors.length}, 警告 warnings ${warnings.length}`)
  for (const i of plan.issues) {
    const at = `${i.sheet}${i.row !== null ? ` 第${i.row}行` : ''}${i.column ? ` ${i.column}列` : ''}`
    out(`  [${i.severity === 'error' ? '错误' : '警告'}] ${at}：${i.messageZh}`)
    out(`      ${i.severity} at ${i.sheet}${i.row !== null ? ` row ${i.row}` : ''}${i.column ? ` column ${i.column}` : ''}: ${i.messageEn}`)
  }
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean' }>; allowPositionals: true }>>
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        village: { type: 'string' },
        'village-name': { type: 'string' },
        locations: { type: 'string' },
        crs: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'accept-flagged': { type: 'boolean' },
        'control-points': { type: 'string' },
        help: { type: 'boolean' },
      },
    })
  } catch (e) {
    fail(`参数有误：${(e as Error).message}\n${USAGE}`, `bad arguments: ${(e as Error).message}`)
  }
  const v = args.values as Record<string, string | boolean | undefined>
  if (v.help) {
    out(USAGE)
    return 0
  }
  const file = args.positionals[0]
  const village = v.village as string | undefined
  const locationsPath = v.locations as string | undefined
  const crs = v.crs as string | undefined
  if (!file && !locationsPath) fail(`请给出要导入的文件\n${USAGE}`, 'give the file to import')
  if (!village || !AREA_CODE_PATTERN.test(village)) fail('--village 需要 12 位区划代码', '--village needs a 12-digit area code')
  if (areaLevelOfCode(village) !== 'village') fail(`${village} 不是村级代码（末三位不能为 000）`, `${village} is not a village code`)
  if (locationsPath && crs !== 'wgs84' && crs !== 'gcj02') {
    fail('使用 --locations 时必须用 --crs 说明坐标系：wgs84（GPS、天地图）或 gcj02（微信、高德、腾讯地图）', '--locations needs --crs wgs84|gcj02')
  }
  const read = (p: string) => {
    try {
      return new Uint8Array(readFileSync(p))
    } catch (e) {
      fail(`无法读取文件 ${p}：${(e as Error).message}`, `cannot read ${p}: ${(e as Error).message}`)
    }
  }
  let options: ImportOptions = {}
  if (v['accept-flagged']) options.acceptFlaggedLocations = true
  if (v['control-points']) {
    // The file's shape (as ../shared/samples/sample-map-controlpoints.json) names lon and lat; the request takes [lng, lat].
    const raw = JSON.parse(new TextDecoder().decode(read(v['control-points'] as string))) as { huhao?: string; cell?: { row: number; col: number }; lon: number; lat: number }[]
    options.controlPoints = raw.map((p) => ({ ...(p.huhao ? { huhao: p.huhao } : {}), ...(p.cell && !p.huhao ? { cell: p.cell } : {}), lngLat: [p.lon, p.lat] }))
  }
  options = ImportOptions.parse(options)

  const config = loadConfig()
  err(config.databaseUrl ? '连接 PostgreSQL / connecting to PostgreSQL …' : `打开内置数据库 / opening the embedded database in ${config.dataDir} …`)
  let database: Awaited<ReturnType<typeof prepareDatabase>>['database']
  try {
    ;({ database } = await prepareDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir, purpose: 'import CLI' }))
  } catch (e) {
    // The server holds the embedded folder: import through it (网页“导入”) or stop it first, never both at once.
    if (e instanceof DataDirLockedError) {
      fail(`${e.message.split('\n')[0]}\n服务器运行时请在网页的“导入”中导入同一文件，或先停止服务器再运行本命令。`,
        `${e.message.split('\n')[1]}\nWhile the server runs, import the same file in the web app (Import), or stop the server first.`)
    }
    throw e
  }
  try {
    const files = {
      archive: file ? { bytes: read(file), fileName: path.basename(file) } : null,
      locations: locationsPath ? { bytes: read(locationsPath), fileName: path.basename(locationsPath), crs: crs as 'wgs84' | 'gcj02' } : null,
    }
    err('读取文件 / reading the file …')
    const parsed = await parseImport(files)
    const dryRun = v['dry-run'] === true
    const villageState = dryRun ? 'existing' : await ensureVillage(database, village, v['village-name'] as string | undefined)
    if (villageState === 'created') err(`已新建村 / created village ${village}`)
    const scope = { userId: 'cli', areaPrefixes: '*' } as const
    let plan: ImportPlan
    if (dryRun) {
      plan = await runScoped(database, scope, async (scoped) => {
        const repos = createRepositories(scoped)
        const exists = (await repos.imports.villageLevel(village)) === 'village'
        const [stored, groups] = exists ? await Promise.all([repos.imports.villageHouseholds(village), repos.imports.groups(village)]) : [[], []]
        return planImport(parsed, stored, groups.map((g) => g.number), options)
      })
    } else {
      // The same commit as the web flow: plan, write and audit in one scoped transaction.
      const done = await commitImport({
        database, scope, actor: { userId: null, username: 'cli', role: null }, villageCode: village, parsed, options, via: 'cli', onProgress: bar,
      })
      plan = done.plan
      out(`导入批次 / batch ${done.batchId}`)
      // PGlite has no autovacuum: statistics for the new rows before the server reads them.
      await analyzeNow(database)
    }
    report(plan, dryRun)
    return plan.issues.some((i) => i.severity === 'error') ? 1 : 0
  } catch (e) {
    if (e instanceof AppError) fail(message(e.code, 'zh-CN', e.params), message(e.code, 'en', e.params))
    // The database's own message quotes the rows (names, notes): say what it means instead.
    const failure = domainFailureOf(e)
    if (failure) fail(`导入失败，已全部回滚：${message(failure.code, 'zh-CN')}`, `import failed and was rolled back: ${message(failure.code, 'en')}`)
    const { code } = pgErrorOf(e)
    fail(`导入失败，已全部回滚：${code ? `数据库错误 ${code}` : (e as Error).message}`, `import failed and was rolled back: ${code ? `database error ${code}` : (e as Error).message}`)
  } finally {
    await database.close()
  }
}

process.exitCode = await main()
