import { migrate, openDatabase, type Database, type MigrationReport, type OpenOptions } from './client.ts'
import { syncBuiltinCategories } from './registry.ts'
import { syncBuiltinFeatureKinds } from './feature-kind-registry.ts'
import { analyzeNow } from './embedded/analyze.ts'
import { backupBeforeMigrations } from './embedded/backup.ts'

/** Open, migrate and sync the registry: what the server and every CLI do first. */
export async function prepareDatabase(options: OpenOptions): Promise<{ database: Database; migrations: MigrationReport & { backup: string | null } }> {
  const database = await openDatabase(options)
  try {
    // An embedded folder with data is backed up before it is migrated (embedded/backup.ts).
    const embeddedDir = database.kind === 'pglite' && options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : null
    const backup = embeddedDir ? await backupBeforeMigrations(database, embeddedDir) : null
    const migrations = await migrate(database)
    await syncBuiltinCategories(database)
    await syncBuiltinFeatureKinds(database)
    // Fresh statistics after a schema change (embedded/analyze.ts).
    if (migrations.applied.length > 0) await analyzeNow(database)
    return { database, migrations: { ...migrations, backup } }
  } catch (err) {
    await database.close()
    throw err
  }
}
