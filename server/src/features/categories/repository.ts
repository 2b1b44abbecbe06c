import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { Category } from '../../contract/index.ts'

export function categoryRepository(database: Database) {
  return {
    list(): Promise<Category[]> {
      return database.rows<Category>(sql`
        select code, label_zh as "labelZh", label_en as "labelEn", colour, scope, priority, per_year as "perYear",
               builtin, station_code as "stationCode"
        from categories order by priority, code`)
    },
  }
}
