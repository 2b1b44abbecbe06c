/**
 * The command-line importer, spawned as an administrator would run it, against
 * a fresh database: an embedded one in a temporary CUNTU_DATA_DIR under
 * api-pglite (one run: PGlite takes ~10 s to start), a new database on the
 * DATABASE_URL server under api-postgres, dropped afterwards.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import pg from 'pg'
import { messyArchiveXlsx } from '@cuntu/fixtures/workbooks/messy.ts'
import { withDatabase } from './global-setup.ts'
import { adminUrl, testTarget } from './target.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Environment for the CLI: the same database configuration the server reads, pointing at a fresh database. */
async function freshTarget(dir: string): Promise<{ env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.DATABASE_URL
  const target = testTarget()
  if (target.kind === 'pglite') return { env: { ...env, CUNTU_DATA_DIR: path.join(dir, 'data') }, cleanup: async () => {} }
  const name = `cuntu_cli_${process.pid}`
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl(target.url) })
    await c.connect()
    await c.query(statement).finally(() => c.end())
  }
  await admin(`drop database if exists ${name} with (force)`)
  await admin(`create database ${name}`)
  return { env: { ...env, DATABASE_URL: withDatabase(target.url, name) }, cleanup: () => admin(`drop database if exists ${name} with (force)`) }
}

describe('npm run import', () => {
  it('creates the village, imports, prints the report Chinese first and exits 1 when rows had errors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cuntu-cli-'))
    try {
      const f = await messyArchiveXlsx()
      const file = path.join(dir, '某某村档案.xlsx')
      writeFileSync(file, f.buffer)
      const { env, cleanup } = await freshTarget(dir)
      onTestFinished(cleanup)
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/src/import-cli.ts', file, '--village', '440982199201', '--village-name', '命令行测试村'], {
        cwd: root, env, encoding: 'utf8', timeout: 120_000,
      })
      expect(run.stderr).toContain('已新建村 / created village 440982199201')
      expect(run.stderr).toContain('100%')
      expect(run.stdout).toMatch(/导入完成 \/ import committed\n\s+新建 create 22\s+更新 update 0/)
      const dup = run.stdout.split('\n').findIndex((l) => l.includes('[错误]') && l.includes('重复'))
      expect(dup).toBeGreaterThan(0)
      expect(run.stdout.split('\n')[dup + 1]).toMatch(/error at 村民家庭档案 row \d+ column B: Household number .* is also used/)
      expect(run.status).toBe(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
