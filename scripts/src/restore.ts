/**
 * npm run restore -- <backup.tar.gz>
 *
 * Put a backup made by `npm run backup` (or before a migration, in
 * <data>-backups/) back into the embedded data folder. The current folder is
 * not deleted: it is renamed to <data>.before-restore-<time>. Stop the server first.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { DataDirLockedError, acquireDataDirLock, restoreBackup } from '@cuntu/db'

const say = (zh: string, en: string) => console.log(`${zh}\n${en}`)
const file = process.argv[2]
if (!file || file === '--help') {
  say('用法：npm run restore -- <备份文件.tar.gz>', 'usage: npm run restore -- <backup.tar.gz>')
  process.exit(file ? 0 : 2)
}
if (!existsSync(file)) {
  say(`找不到备份文件 ${file}`, `no such backup file: ${file}`)
  process.exit(2)
}
const dataDir = path.resolve(process.env.CUNTU_DATA_DIR ?? './data')
try {
  // Check before renaming anything: a running server holds the folder.
  acquireDataDirLock(dataDir, 'restore').release()
  const { movedAside } = await restoreBackup(path.resolve(file), dataDir)
  if (movedAside) say(`原数据目录已改名保留：${movedAside}`, `the previous folder is kept as ${movedAside}`)
  say(`已从 ${file} 恢复到 ${dataDir}。下次启动时会自动执行需要的数据库迁移。`, `restored ${file} into ${dataDir}; the next start applies any newer migrations.`)
} catch (e) {
  if (e instanceof DataDirLockedError) {
    console.error(e.message)
    process.exit(2)
  }
  throw e
}
