/**
 * npm run backup [-- --out <file.tar.gz>]
 *
 * A consistent copy of the embedded data folder (CUNTU_DATA_DIR, default ./data)
 * as one gzipped file, by default in <data>-backups/. The folder admits one
 * process: stop the server first (this command says so if it is running).
 * With DATABASE_URL set there is no folder: use pg_dump.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { DataDirLockedError, openDatabase, writeBackup } from '@cuntu/db'

const say = (zh: string, en: string) => console.log(`${zh}\n${en}`)
const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } })
if (values.help) {
  say('用法：npm run backup [-- --out 文件.tar.gz]', 'usage: npm run backup [-- --out file.tar.gz]')
  process.exit(0)
}
if (process.env.DATABASE_URL) {
  say('已设置 DATABASE_URL：PostgreSQL 请用 pg_dump 备份，例如 pg_dump -Fc "$DATABASE_URL" > cuntu.dump',
    'DATABASE_URL is set: back PostgreSQL up with pg_dump, e.g. pg_dump -Fc "$DATABASE_URL" > cuntu.dump')
  process.exit(2)
}
const dataDir = path.resolve(process.env.CUNTU_DATA_DIR ?? './data')
try {
  const database = await openDatabase({ dataDir, purpose: 'backup' })
  try {
    const file = await writeBackup(database, dataDir, 'manual', values.out)
    say(`已备份 ${dataDir} → ${file}`, `backed up ${dataDir} → ${file}`)
  } finally {
    await database.close()
  }
} catch (e) {
  if (e instanceof DataDirLockedError) {
    console.error(e.message)
    process.exit(2)
  }
  throw e
}
