import { migrate, openDatabase, type Database, type MigrationReport, type OpenOptions } from './client.ts'
import { syncBuiltinCategories } from './registry.ts'
import { syncBuiltinFeatureKinds } from './feature-kind-registry.ts'
import { analyzeNow } from './embedded/analyze.ts'
import { backupBeforeMigrations } from './embedded/backup.ts'

export interface PrepareOptions extends OpenOptions {
  /** Told each step that took a second or more (the server prints it at start-up). */
  onProgress?: (message: string) => void
}

/** Open, migrate and sync the registry: what the server and every CLI do first. */
export async function prepareDatabase(options: PrepareOptions): Promise<{ database: Database; migrations: MigrationReport & { backup: string | null } }> {
  const timed = async <T>(zh: string, en: string, run: () => Promise<T>): Promise<T> => {
    const t = Date.now()
    const result = await run()
    const s = ((Date.now() - t) / 1000).toFixed(1)
    if (Date.now() - t >= 1000) options.onProgress?.(`${zh}用时 ${s} s / ${en}: ${s} s`)
    return result
  }
  const embedded = !options.url
  const database = await timed(embedded ? '启动内置数据库（PGlite + PostGIS）' : '连接数据库', embedded ? 'starting the embedded database (PGlite + PostGIS)' : 'connecting', () => openDatabase(options))
  try {
    // An embedded folder with data is backed up before it is migrated (embedded/backup.ts).
    const embeddedDir = database.kind === 'pglite' && options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : null
    const backup = embeddedDir ? await timed('迁移前备份', 'backup before migrating', () => backupBeforeMigrations(database, embeddedDir)) : null
    const migrations = await timed('数据库迁移', 'migrations', () => migrate(database))
    await timed('同步类别', 'category registry', () => syncBuiltinCategories(database))
    await syncBuiltinFeatureKinds(database)
    // Fresh statistics after a schema change (embedded/analyze.ts).
    if (migrations.applied.length > 0) await timed('更新统计信息', 'analyze', () => analyzeNow(database))
    return { database, migrations: { ...migrations, backup } }
  } catch (err) {
    await database.close()
    throw err
  }
}
