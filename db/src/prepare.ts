import { migrate, openDatabase, type Database, type MigrationReport, type OpenOptions } from './client.ts'
import { syncBuiltinCategories } from './registry.ts'

export interface PrepareOptions extends OpenOptions {
  /** Told each step that took a second or more (the server prints it at start-up). */
  onProgress?: (message: string) => void
}

/** Open, migrate and sync the registry: what the server and every CLI do first. */
export async function prepareDatabase(options: PrepareOptions): Promise<{ database: Database; migrations: MigrationReport }> {
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
    const migrations = await timed('数据库迁移', 'migrations', () => migrate(database))
    await timed('同步类别', 'category registry', () => syncBuiltinCategories(database))
    return { database, migrations }
  } catch (err) {
    await database.close()
    throw err
  }
}
