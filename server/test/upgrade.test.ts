/**
 * Upgrading a database with data: migrate an empty database to an older
 * schema, load the committed data of that time (fixtures/db/upgrade-<tag>.sql),
 * migrate to the latest and check that every row is still there with the
 * values it had. A later migration that changes data adds its own case here.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { sql, type SQL } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { migrate, migrationsUpTo, openDatabase, type Database } from '@cuntu/db'
import { withDatabase } from './global-setup.ts'
import { adminUrl, testTarget } from './target.ts'

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/db')

/** What must survive, per table: the columns every schema since the fixture has (newer ones may add more). */
const KEPT: Record<string, SQL> = {
  areas: sql`select code, name, level::text, parent_code from areas order by code`,
  village_groups: sql`select village_code, number, name from village_groups order by village_code, number`,
  households: sql`select id, huhao, village_code, group_number, status::text, door_number, notes, ST_AsText(location) as location, map_row, map_col, version from households order by id`,
  members: sql`select id, household_id, position, name, relation, birth_date::text, health, disability_text from members order by id`,
  household_categories: sql`select household_id, category_code, year, source from household_categories order by household_id, category_code, year nulls first, source`,
  member_categories: sql`select member_id, category_code, year, disability_type::text, disability_grade, source from member_categories order by member_id, category_code, year nulls first`,
  categories: sql`select code, label_zh, builtin from categories order by code`,
  organisations: sql`select id, kind::text, name, parent_id from organisations order by id`,
  organisation_areas: sql`select organisation_id, area_code from organisation_areas order by 1, 2`,
  users: sql`select id, username, role::text, organisation_id, password_hash, demo from users order by id`,
  supervisor_assignments: sql`select * from supervisor_assignments order by 1, 2`,
  import_batches: sql`select id, village_code, file_name, file_sha256, counts from import_batches order by id`,
  import_changes: sql`select batch_id, household_id, change, before from import_changes order by batch_id, household_id`,
  audit_log: sql`select id, action, target_ids, area_code, details from audit_log order by id`,
}

async function emptyDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const target = testTarget()
  if (target.kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' })
    return { database, drop: () => database.close() }
  }
  const name = `cuntu_test_upgrade_${process.pid}`
  const admin = new pg.Client({ connectionString: adminUrl(target.url) })
  await admin.connect()
  await admin.query(`drop database if exists ${name} with (force)`)
  await admin.query(`create database ${name}`)
  await admin.end()
  const database = await openDatabase({ url: withDatabase(target.url, name), poolSize: 2 })
  return {
    database,
    drop: async () => {
      await database.close()
      const c = new pg.Client({ connectionString: adminUrl(target.url) })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}

async function snapshot(database: Database): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const [table, query] of Object.entries(KEPT)) out[table] = await database.rows(query)
  return out
}

describe('upgrading a database with data', () => {
  it('migrates the data of 0009_households_map_cell to the latest schema, keeping every row', { timeout: 240_000 }, async () => {
    const tag = '0009_households_map_cell'
    const { database, drop } = await emptyDatabase()
    try {
      const old = await migrate(database, { folder: migrationsUpTo(tag) })
      expect(old.applied.at(-1)).toBe(tag)
      const inserts = readFileSync(path.join(fixtures, `upgrade-${tag}.sql`), 'utf8').split(/\n(?=INSERT INTO )/).filter((s) => s.startsWith('INSERT INTO '))
      expect(inserts.length).toBeGreaterThan(500)
      await database.db.transaction(async (tx) => {
        for (const statement of inserts) await tx.execute(sql.raw(statement))
      })
      const before = await snapshot(database)
      expect(before.households!.length).toBe(102)
      expect(before.members!.length).toBe(312)

      const upgrade = await migrate(database)
      const after = await snapshot(database)
      for (const table of Object.keys(KEPT)) expect({ table, rows: after[table] }).toEqual({ table, rows: before[table] })
      // The roll-up the map reads still gives every household its categories, own and members'.
      const [rolled] = await database.rows<{ n: number }>(sql`select count(distinct household_id)::int as n from household_category_rollup`)
      const [direct] = await database.rows<{ n: number }>(sql`
        select count(distinct h)::int as n from (select household_id as h from household_categories
          union select m.household_id from member_categories mc join members m on m.id = mc.member_id) x`)
      expect(rolled!.n).toBe(direct!.n)
      // The summary migrations (0016–0018) backfilled what they keep on the row and per area from the rows already there.
      const wrongRows = await database.rows(sql`
        select h.id from households h
        where (select coalesce(array_agg(c order by c), '{}') from unnest(h.categories) c)
                is distinct from (select coalesce(array_agg(distinct r.category_code order by r.category_code), '{}')
                                  from household_category_rollup r where r.household_id = h.id)
           or h.member_count <> (select count(*) from members m where m.household_id = h.id)`)
      expect(wrongRows).toEqual([])
      const tallied = await database.rows<{ area_code: string; households: number; people: number }>(sql`
        select area_code, sum(households)::int as households, sum(people)::int as people
        from area_tallies where level = 'village' group by area_code order by area_code`)
      const counted = await database.rows<{ area_code: string; households: number; people: number }>(sql`
        select h.village_code as area_code, count(*)::int as households,
               coalesce(sum((select count(*) from members m where m.household_id = h.id)), 0)::int as people
        from households h group by h.village_code order by h.village_code`)
      expect(tallied).toEqual(counted)
      expect(upgrade.total).toBeGreaterThanOrEqual(old.total)
    } finally {
      await drop()
    }
  })
})
