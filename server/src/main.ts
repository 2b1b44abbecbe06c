import { analyzeNow, DataDirLockedError, prepareDatabase, scheduleAnalyze } from '@cuntu/db'
import { DEMO_VILLAGE_CODE } from '@cuntu/fixtures'
import { buildApp } from './app.ts'
import { authRepository } from './plugins/access/repository.ts'
import { loadConfig, productionProblems } from './config.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, ensureDemoAccounts } from './demo/demo-accounts.ts'
import { seedDemoIfEmpty } from './demo/seed-demo.ts'
import { startupClock } from './startup-progress.ts'

const config = loadConfig()
const say = (msg: string) => console.log(`[cuntu] ${msg}`)
const clock = startupClock(say)
say(`代码已载入 / code loaded (${(clock.sinceStart() / 1000).toFixed(1)} s)`)

say(config.databaseUrl ? '连接 PostgreSQL / connecting to PostgreSQL …' : `启动内置数据库 / starting the embedded database in ${config.dataDir} …`)
const { database, migrations } = await clock.step('打开并迁移数据库', 'opening and migrating the database', () =>
  prepareDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir, purpose: 'server', onProgress: say }),
).catch((err: unknown) => {
  // A second server (or the import CLI) on the same embedded folder: say so plainly, no stack trace.
  if (err instanceof DataDirLockedError) {
    console.error(`[cuntu] ${err.message}`)
    process.exit(1)
  }
  throw err
})
say(
  migrations.applied.length > 0
    ? `数据库迁移 / migrations applied: ${migrations.applied.join(', ')}`
    : `数据库已是最新 / database up to date (${migrations.total} migrations)`,
)
if (migrations.backup) say(`迁移前已备份数据目录 / backed up the data folder before migrating: ${migrations.backup}`)
// PGlite has no autovacuum: keep planner statistics fresh for everyday edits (imports and undo analyse at once).
const stopAnalyze = scheduleAnalyze(database)
const refusals = productionProblems(config, await authRepository(database).demoAccountsExist())
if (refusals.length > 0) {
  for (const r of refusals) console.error(`[cuntu] 拒绝启动 / refusing to start: ${r}`)
  await database.close()
  process.exit(1)
}
if (config.demo) {
  await clock.step('检查示例村', 'checking the demo village', () => seedDemoIfEmpty(database, say))
  // A freshly loaded village has no planner statistics on the embedded database (no autovacuum).
  await analyzeNow(database)
  const accounts = await clock.step('检查示例账号', 'checking the demo accounts', () => ensureDemoAccounts(database))
  if (accounts === 'created') say('已创建示例账号 / demo accounts created')
  if (accounts === 'no_demo_places') {
    say('数据库里已有其他村的数据、没有示例村，因此不创建示例账号；请用 `npm run admin -- create <用户名>` 创建管理员 / the database holds other places but not the demo village, so no demo accounts were made; create an administrator with `npm run admin -- create <username>`')
  }
}

const app = await clock.step('构建服务', 'building the server', () => buildApp({
  database,
  webDist: config.webDist,
  logger: {
    level: config.logLevel,
    // Log the path, never the query string: filters are harmless today, but a URL is the wrong place to trust with what a person typed.
    serializers: { req: (req) => ({ method: req.method, url: req.url.split('?')[0], id: req.id }) },
  },
  secret: config.secret,
  cookies: config.production ? 'host' : 'auto',
  demo: config.demo,
  trustProxy: config.trustProxy,
  sessionCacheMs: config.sessionCacheMs,
}))

const shutdown = async (signal: string) => {
  say(`${signal}: 正在关闭 / shutting down`)
  stopAnalyze()
  await app.close()
  await database.close()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

await app.listen({ port: config.port, host: config.host })
const shown = config.host === '0.0.0.0' ? '127.0.0.1' : config.host
say(`村图已启动（共 ${clock.total()}）/ Cuntu is running (${clock.total()} in all): http://${shown}:${config.port}/  (demo village: /?village=${DEMO_VILLAGE_CODE})`)
say(`API 文档 / API docs: http://${shown}:${config.port}/api/docs`)
if (config.demo) {
  say(`示例账号（密码均为 ${DEMO_PASSWORD}）/ demo sign-ins (password ${DEMO_PASSWORD} for all):`)
  for (const a of DEMO_ACCOUNTS) say(`  ${a.username.padEnd(11)} ${a.role.padEnd(20)} ${a.displayName}`)
}
