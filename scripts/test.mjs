// `npm test`: types, lint, then every vitest tier in one run. Suites whose real
// dependency is missing here are skipped with a plain message saying how to
// enable them; under CI (CI=true) nothing may be skipped, so a missing
// dependency fails the run instead.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkNode } from './node-version.mjs'

checkNode()
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false'
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const skipped = []
const missing = []

const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1

console.log('▶ typecheck')
for (const project of ['tsconfig.json', 'web/tsconfig.json']) {
  if (!existsSync(path.join(root, project))) continue
  if (run('npx', ['tsc', '-p', project, '--noEmit']) !== 0) {
    console.error(`✗ typecheck failed: ${project}`)
    process.exit(1)
  }
}

console.log('▶ lint (zero warnings; the import-boundary rules hold the layers)')
if (run('npx', ['eslint', '--max-warnings', '0', '.']) !== 0) {
  console.error('✗ lint failed')
  process.exit(1)
}

const projects = ['unit', 'api-pglite']
if (process.env.DATABASE_URL) projects.push('api-postgres')
else missing.push('PostgreSQL + PostGIS suites (api-postgres, and browser-postgres when chromium is there): set DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (a server with the postgis extension available) to run them')

const hasBrowserTests = existsSync(path.join(root, 'web/e2e'))
if (hasBrowserTests) {
  if (existsSync(chromium)) projects.push('browser-pglite', ...(process.env.DATABASE_URL ? ['browser-postgres'] : []))
  else missing.push(`browser suite: no chromium at ${chromium}; install it with \`apt-get install chromium\` (Debian) or set CHROMIUM_PATH`)
}

if (missing.length > 0 && inCI) {
  for (const m of missing) console.error(`✗ CI must run every suite, but cannot run: ${m}`)
  process.exit(1)
}
skipped.push(...missing)

mkdirSync(path.join(root, '.tmp'), { recursive: true })
const report = path.join(root, '.tmp', 'vitest-report.json')
rmSync(report, { force: true })
console.log(`▶ vitest: ${projects.join(', ')}`)
const status = run('npx', [
  'vitest', 'run', ...projects.flatMap((p) => ['--project', p]),
  '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
])

let summary = ''
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  const skippedTests = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed${skippedTests ? `, ${skippedTests} skipped` : ''}`
}
for (const s of skipped) console.log(`⚠ SKIPPED ${s}`)
if (summary) console.log(`tests: ${summary}`)
process.exit(status)
