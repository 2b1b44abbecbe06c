import { sql } from 'drizzle-orm'
import { BUILTIN_CATEGORIES } from '@cuntu/domain'
import type { Database } from './client.ts'
import { categories } from './schema.ts'

/**
 * Make the database's built-in categories match the registry in code.
 * Station-defined rows are left alone. Runs at every start, so a label or
 * colour changed in code reaches every database without a data migration.
 */
export async function syncBuiltinCategories(database: Database): Promise<void> {
  await database.db
    .insert(categories)
    .values(BUILTIN_CATEGORIES.map((c) => ({ ...c, builtin: true, stationCode: null })))
    .onConflictDoUpdate({
      target: categories.code,
      set: {
        labelZh: sql`excluded.label_zh`,
        labelEn: sql`excluded.label_en`,
        colour: sql`excluded.colour`,
        scope: sql`excluded.scope`,
        priority: sql`excluded.priority`,
        perYear: sql`excluded.per_year`,
        builtin: sql`true`,
      },
    })
}
