/**
 * The embedded folder end to end on real PGlite files: one opener at a time,
 * a backup before a migration, and a restore that keeps the folder it replaces.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS_FOLDER, migrate, openDatabase } from '../client.ts'
import { migrationsUpTo } from '../migrate-to.ts'
import { prepareDatabase } from '../prepare.ts'
import { backupBeforeMigrations, backupsDirOf, restoreBackup, writeBackup } from './backup.ts'
import { DataDirLockedError } from './lock.ts'

// The newest migration in journal order, whatever it is: the folder starts one short of it.
const tags = (JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] }).entries.map((e) => e.tag)
const newest = tags.at(-1)!
const previous = tags.at(-2)!

const marker = async (db: Awaited<ReturnType<typeof openDatabase>>) =>
  (await db.rows<{ name: string }>(sql`select name from areas where code = '449999000000'`))[0]?.name ?? null

describe('the embedded data folder', () => {
  it('admits one opener, backs up before a migration, and restores a backup keeping the replaced folder', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'cuntu-backup-')), 'data')
    const database = await openDatabase({ dataDir, purpose: 'server' })
    expect(await backupBeforeMigrations(database, dataDir)).toBeNull() // a new folder has nothing to keep
    await migrate(database, { folder: migrationsUpTo(previous) })
    await expect(openDatabase({ dataDir, purpose: 'import CLI' })).rejects.toThrow(DataDirLockedError)
    await expect(openDatabase({ dataDir })).rejects.toThrow(/数据目录正被另一个进程使用（pid \d+，server/)

    await database.db.execute(sql`insert into areas (code, name, level) values ('449999000000', '备份测试县', 'county')`)
    const manual = await writeBackup(database, dataDir, 'manual')
    await database.db.execute(sql`update areas set name = '备份之后改的' where code = '449999000000'`)
    await database.close()

    const upgraded = await prepareDatabase({ dataDir })
    expect(upgraded.migrations.applied).toEqual([newest])
    expect(upgraded.migrations.backup).toMatch(new RegExp(`before-${newest}\\.tar\\.gz$`))
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
