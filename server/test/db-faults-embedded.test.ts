/**
 * The embedded database on a disk that fills up: writes are refused with a
 * clear 503 in the caller's language, reads go on, nothing half-written stays,
 * and once there is room again it writes again; reopened, the data is whole.
 *
 * The data folder sits on a small tmpfs this file mounts (root only; the test
 * says so and is skipped where mounting is not allowed, except under CI). A read-only remount
 * is refused by the kernel while the database holds its files open for writing,
 * so a full disk is the fault provoked here.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, inject, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { loadDataset, openDatabase, type Database } from '@cuntu/db'
import { messyArchiveXlsx } from '@cuntu/fixtures/workbooks/messy.ts'
import { buildApp } from '../src/app.ts'
import { ensureDemoAccounts } from '../src/demo/demo-accounts.ts'
import { TEST_VILLAGE, signIn, smallVillage } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, upload } from './imports-helpers.ts'
import { testTarget } from './target.ts'
import { describeNeeding } from './needs.ts'

function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=200m', 'tmpfs', dir], { stdio: 'pipe' })
    return true
  } catch {
    return false
  }
}

const onPglite = testTarget().kind === 'pglite'
const mountPoint = mkdtempSync(path.join(os.tmpdir(), 'cuntu-fulldisk-'))
const mounted = onPglite && process.getuid?.() === 0 && tryMount(mountPoint)

let database: Database | undefined
afterAll(async () => {
  await database?.close().catch(() => {})
  if (mounted) execFileSync('umount', [mountPoint])
  rmSync(mountPoint, { recursive: true, force: true })
}, 60_000)

const filler = path.join(mountPoint, 'filler')
function fillDisk() {
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1M'], { stdio: 'pipe' })
  } catch {
    // dd stops with "No space left on device": that is the point.
  }
}

describeNeeding(mounted, 'mounting a small tmpfs needs root with mount rights', 'the embedded database on a full disk', () => {
  it('refuses writes with database_storage (zh-CN and en), keeps reading, writes again once there is room, and reopens whole', async () => {
    const dataDir = path.join(mountPoint, 'data')
    database = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) })
    await loadDataset(database, smallVillage(20), { source: 'test' })
    await addVillage(database)
    await ensureDemoAccounts(database, TEST_VILLAGE)
    const app = await buildApp({ database })
    const lead = await signIn(app, 'lead')
    const [h] = await database.rows<{ id: string; version: number }>(sql`select id, version from households where village_code = ${TEST_VILLAGE} order by huhao limit 1`)
    const saved = await lead.inject({ method: 'PATCH', url: `/api/households/${h!.id}`, payload: { version: h!.version, notes: '磁盘满之前' } })
    expect(saved.statusCode, saved.body).toBe(200)
    const [{ n: householdsBefore }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from households where village_code = ${TEST_VILLAGE}`) as [{ n: number }]

    fillDisk()
    // A large write (an upload stored as bytea) is refused, clearly; small ones may still fit in pages and WAL
    // already allocated: each either succeeds whole or is refused the same way.
    const f = await messyArchiveXlsx()
    const up = await upload(lead, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
    expect(up.statusCode, up.body).toBe(503)
    expect(up.json().error).toMatchObject({ code: 'database_storage', message: expect.stringMatching(/磁盘已满或数据目录只读/) })
    const upEn = await upload(lead, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName }, lang: 'en' })
    expect(upEn.statusCode, upEn.body).toBe(503)
    expect(upEn.json().error.message).toMatch(/disk is full or the data folder is read-only/)
    const big = '满'.repeat(1900)
    let refused = 0
    for (let i = 0; i < 5; i++) {
      const r = await lead.inject({
        method: 'POST', url: `/api/villages/${TEST_VILLAGE}/households`, headers: { 'accept-language': 'en' },
        payload: { huhao: `880000${i}`, notes: big, members: [{ name: '测试', relation: '户主', notes: big }] },
      })
      if (r.statusCode === 503) {
        refused++
        expect(r.json().error).toMatchObject({ code: 'database_storage', message: expect.stringMatching(/disk is full or the data folder is read-only/) })
      } else expect(r.statusCode, r.body).toBe(201)
    }
    // Reads go on.
    const during = await lead.inject(`/api/villages/${TEST_VILLAGE}/households`)
    expect(during.statusCode).toBe(200)

    rmSync(filler)
    const card = (await lead.inject(`/api/households/${h!.id}`)).json()
    const again = await lead.inject({ method: 'PATCH', url: `/api/households/${h!.id}`, payload: { version: card.version, notes: '腾出空间之后' } })
    expect(again.statusCode, again.body).toBe(200)
    const created = (await database.rows<{ n: number }>(sql`select count(*)::int as n from households where huhao like '880000%'`))[0]!.n
    await app.close()
    await database.close()

    // Reopened from the folder: what was answered 200/201 is there, nothing else, and the uploads table is empty.
    database = await openDatabase({ dataDir })
    const [row] = await database.rows<{ notes: string }>(sql`select notes from households where id = ${h!.id}`)
    expect(row!.notes).toBe('腾出空间之后')
    const [n] = await database.rows<{ households: number; uploads: number; extra: number }>(sql`
      select (select count(*)::int from households where village_code = ${TEST_VILLAGE} and huhao not like '880000%') as households,
             (select count(*)::int from import_uploads) as uploads,
             (select count(*)::int from households where huhao like '880000%') as extra`)
    expect(n).toEqual({ households: householdsBefore, uploads: 0, extra: created })
    expect(created).toBe(5 - refused)
  }, 240_000)
})
