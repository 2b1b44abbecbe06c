import { sql, type SQL } from 'drizzle-orm'
import type { Database, Executor } from '../client.ts'
import type { Dataset } from './dataset.ts'
import { syncBuiltinCategories } from '../registry.ts'
import { syncBuiltinFeatureKinds } from '../feature-kind-registry.ts'

export interface LoadProgress {
  table: string
  done: number
  total: number
}

export interface LoadOptions {
  /** Recorded as the assignments' `source`. */
  source?: string
  /** Rows per statement. Arrays travel as one parameter each, so this is not bound by the parameter limit. */
  batchSize?: number
  onProgress?: (p: LoadProgress) => void
}

/**
 * Insert a dataset in batches with `unnest` over typed arrays: one parameter
 * per column per batch, the same statement on PostgreSQL and PGlite, and fast
 * enough to load a city (millions of rows) for the benchmark.
 */
export async function loadDataset(database: Database, data: Dataset, options: LoadOptions = {}): Promise<void> {
  const source = options.source ?? 'seed'
  const batchSize = options.batchSize ?? 5000
  const run = async <T>(ex: Executor, table: string, rows: T[], build: (batch: T[]) => SQL) => {
    for (let i = 0; i < rows.length; i += batchSize) {
      await ex.execute(build(rows.slice(i, i + batchSize)))
      options.onProgress?.({ table, done: Math.min(i + batchSize, rows.length), total: rows.length })
    }
  }
  // One array parameter per column: `sql.param` keeps drizzle from spreading the array into a list.
  // Enum, date and uuid arrays travel as text[] and are cast in SQL: PGlite serialises only built-in array types.
  const col = <T, V>(rows: T[], f: (r: T) => V) => sql.param(rows.map(f))

  await database.db.transaction(async (tx) => {
    // The summary triggers (migration 0017) wait; everything is refreshed once below, in this transaction.
    await tx.execute(sql`set local cuntu.defer_summaries = 'on'`)
    await run(tx, 'areas', data.areas, (b) => sql`
      insert into areas (code, name, level, parent_code)
      select * from unnest(${col(b, (a) => a.code)}::text[], ${col(b, (a) => a.name)}::text[],
                           ${col(b, (a) => a.level)}::text[]::area_level[], ${col(b, (a) => a.parentCode)}::text[])
      on conflict (code) do update set name = excluded.name`)
    await run(tx, 'village_groups', data.groups, (b) => sql`
      insert into village_groups (village_code, number, name)
      select * from unnest(${col(b, (g) => g.villageCode)}::text[], ${col(b, (g) => g.number)}::smallint[], ${col(b, (g) => g.name)}::text[])
      on conflict do nothing`)
    const hs = data.households
    await run(tx, 'households', hs, (b) => sql`
      insert into households (id, village_code, group_number, huhao, door_number, location, housing, living, notes, status)
      select id, village_code, group_number, huhao, door_number,
             case when lon is null then null else ST_SetSRID(ST_MakePoint(lon, lat), 4326) end,
             housing, living, notes, status
      from unnest(${col(b, (h) => h.id)}::text[]::uuid[], ${col(b, (h) => h.villageCode)}::text[], ${col(b, (h) => h.group)}::smallint[],
                  ${col(b, (h) => h.huhao)}::text[], ${col(b, (h) => h.doorNumber ?? null)}::text[],
                  ${col(b, (h) => h.lngLat?.[0] ?? null)}::float8[], ${col(b, (h) => h.lngLat?.[1] ?? null)}::float8[],
                  ${col(b, (h) => h.housing ?? null)}::text[], ${col(b, (h) => h.living ?? null)}::text[],
                  ${col(b, (h) => h.notes ?? null)}::text[], ${col(b, (h) => h.status)}::text[]::household_status[])
        as t(id, village_code, group_number, huhao, door_number, lon, lat, housing, living, notes, status)`)

    const members = hs.flatMap((h) => h.members.map((m, position) => ({ ...m, householdId: h.id, position })))
    await run(tx, 'members', members, (b) => sql`
      insert into members (id, household_id, position, name, relation, sex, birth_date, ethnicity, married_out, health, schooling, work, disability_text)
      select * from unnest(${col(b, (m) => m.id)}::text[]::uuid[], ${col(b, (m) => m.householdId)}::text[]::uuid[], ${col(b, (m) => m.position)}::smallint[],
                           ${col(b, (m) => m.name)}::text[], ${col(b, (m) => m.relation)}::text[], ${col(b, (m) => m.sex)}::text[]::sex[],
                           ${col(b, (m) => m.birthDate)}::text[]::date[], ${col(b, (m) => m.ethnicity ?? null)}::text[],
                           ${col(b, (m) => m.marriedOut ?? false)}::boolean[], ${col(b, (m) => m.health ?? null)}::text[],
                           ${col(b, (m) => m.schooling ?? null)}::text[], ${col(b, (m) => m.work ?? null)}::text[],
                           ${col(b, (m) => m.disabilityText ?? null)}::text[])`)

    const hcs = hs.flatMap((h) => h.categories.map((c) => ({ ...c, householdId: h.id })))
    await run(tx, 'household_categories', hcs, (b) => sql`
      insert into household_categories (household_id, category_code, year, source)
      select h, c, y, ${source} from unnest(${col(b, (c) => c.householdId)}::text[]::uuid[], ${col(b, (c) => c.code)}::text[],
                                           ${col(b, (c) => c.year ?? null)}::smallint[]) as t(h, c, y)`)

    const mcs = members.flatMap((m) => m.categories.map((c) => ({ ...c, memberId: m.id })))
    await run(tx, 'member_categories', mcs, (b) => sql`
      insert into member_categories (member_id, category_code, year, disability_type, disability_grade, source)
      select m, c, y, dt, dg, ${source}
      from unnest(${col(b, (c) => c.memberId)}::text[]::uuid[], ${col(b, (c) => c.code)}::text[], ${col(b, (c) => c.year ?? null)}::smallint[],
                  ${col(b, (c) => c.disabilityType ?? null)}::text[]::disability_type[], ${col(b, (c) => c.disabilityGrade ?? null)}::smallint[])
        as t(m, c, y, dt, dg)`)

    const villages = [...new Set(data.households.map((h) => h.villageCode))]
    // A village's outline, when it has none, is drawn around its households so the offline map has a shape.
    await tx.execute(sql`
      update areas a set boundary = b.geom
      from (select village_code, ST_Multi(ST_Buffer(ST_ConvexHull(ST_Collect(location))::geography, 60)::geometry) as geom
            from households where location is not null and village_code = any(${sql.param(villages)}::text[])
            group by village_code) b
      where a.code = b.village_code and a.boundary is null`)
    // Still deferred: the households' own update trigger would refresh the villages once more.
    await tx.execute(sql`select cuntu_refresh_households(${sql.param(hs.map((h) => h.id))}::text[]::uuid[])`)
    await tx.execute(sql`select cuntu_refresh_villages(${sql.param(villages)}::text[])`)
  })
}

/** True when no household exists yet (first start). */
export async function isEmpty(database: Database): Promise<boolean> {
  const rows = await database.rows(sql`select 1 from households limit 1`)
  return rows.length === 0
}

/**
 * Remove every area, household and member. Station-defined categories hang off
 * their township and go with it; the built-in registry is written back.
 */
export async function clearData(database: Database): Promise<void> {
  await database.db.execute(
    sql`truncate member_categories, household_categories, members, households, village_groups, categories, areas, change_log cascade`,
  )
  await syncBuiltinCategories(database)
  await syncBuiltinFeatureKinds(database)
}
