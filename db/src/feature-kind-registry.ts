import { sql } from 'drizzle-orm'
import { BUILTIN_FEATURE_KINDS } from '@cuntu/domain'
import type { Database } from './client.ts'

/**
 * Make the database's built-in feature kinds match the registry in code, as
 * syncBuiltinCategories does for categories; a station's own kinds are left alone.
 */
export async function syncBuiltinFeatureKinds(database: Database): Promise<void> {
  const rows = BUILTIN_FEATURE_KINDS.map(
    (k) => sql`(${k.code}, ${k.group}, ${k.labelZh}, ${k.labelEn}, ${k.colour}, ${k.icon}, ${sql.param([...k.geometries])}::text[], true, null)`,
  )
  await database.db.execute(sql`
    insert into feature_kinds (code, group_code, label_zh, label_en, colour, icon, geometries, builtin, station_code)
    values ${sql.join(rows, sql`, `)}
    on conflict (code) do update set group_code = excluded.group_code, label_zh = excluded.label_zh, label_en = excluded.label_en,
      colour = excluded.colour, icon = excluded.icon, geometries = excluded.geometries, builtin = true, station_code = null`)
}
