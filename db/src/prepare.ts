import { migrate, openDatabase, type Database, type MigrationReport, type OpenOptions } from './client.ts'
import { syncBuiltinCategories } from './registry.ts'
import { syncBuiltinFeatureKinds } from './feature-kind-registry.ts'

/** Open, migrate and sync the registry: what the server and every CLI do first. */
export async function prepareDatabase(options: OpenOptions): Promise<{ database: Database; migrations: MigrationReport }> {
  const database = await openDatabase(options)
  try {
    const migrations = await migrate(database)
    await syncBuiltinCategories(database)
    await syncBuiltinFeatureKinds(database)
    return { database, migrations }
  } catch (err) {
    await database.close()
    throw err
  }
}
