/**
 * The embedded folder end to end on real PGlite files: one opener at a time,
 * a backup before a migration, and a restore that keeps the folder it replaces.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../client.ts'
import { prepareDatabase } from '../prepare.ts'
import { backupsDirOf, restoreBackup, writeBackup } from './backup.ts'
import { DataDirLockedError } from './lock.ts'

const marker = async (db: Awaited<ReturnType<typeof openDatabase>>) =>
  (await db.rows<{ name: string }>(sql`select name from areas where code = '449999000000'`))[0]?.name ?? null

describe('the embedded data folder', () => {
  it('admits one opener, backs up before a migration, and restores a backup keeping the replaced folder', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'cuntu-backup-')), 'data')
    const first = await prepareDatabase({ dataDir, purpose: 'server' })
    expect(first.migrations.backup).toBeNull() // a new folder has nothing to keep
    const { database } = first
    await expect(openDatabase({ dataDir, purpose: 'import CLI' })).rejects.toThrow(DataDirLockedError)
    await expect(openDatabase({ dataDir })).rejects.toThrow(/数据目录正被另一个进程使用（pid \d+，server/)

    await database.db.execute(sql`insert into areas (code, name, level) values ('449999000000', '备份测试县', 'county')`)
    const manual = await writeBackup(database, dataDir, 'manual')
    await database.db.execute(sql`update areas set name = '备份之后改的' where code = '449999000000'`)
    // Pretend the newest migration is new to this folder: undo it by hand.
    await database.db.execute(sql`alter table users drop column totp_last_step`)
    await database.db.execute(sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`)
    await database.close()

    const upgraded = await prepareDatabase({ dataDir })
    expect(upgraded.migrations.applied).toEqual(['0015_totp_last_step'])
    expect(upgraded.migrations.backup).toMatch(/before-0015_totp_last_step\.tar\.gz$/)
    expect(await marker(upgraded.database)).toBe('备份之后改的')
    await upgraded.database.close()
    expect(readdirSync(backupsDirOf(dataDir)).length).toBe(2)

    const { movedAside } = await restoreBackup(manual, dataDir)
    expect(movedAside && existsSync(movedAside)).toBeTruthy()
    const restored = await openDatabase({ dataDir })
    expect(await marker(restored)).toBe('备份测试县')
    await restored.close()
  }, 300_000)
})
