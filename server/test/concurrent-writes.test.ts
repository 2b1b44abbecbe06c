/**
 * Two transactions writing households of one village at the same time (two
 * workers saving, an import beside an edit) leave the tallies and rollups of
 * the village, its township and its county equal to the households: each
 * rebuild waits for the other's commit (migration 0022) instead of keeping
 * both sets of rows. PostgreSQL only: the embedded database has one
 * connection, so its writes never overlap.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { queryRows } from '@cuntu/db'
import { TEST_VILLAGE, withVillage } from './helpers.ts'

const TOWNSHIP = '440982101000'
const COUNTY = '440982000000'

describe('concurrent writes to one village', () => {
  it('keep the tallies and rollups of the village, township and county equal to the households', async () => {
    const { database, data } = await withVillage(40, 17)
    const [a, b] = data.households.map((h) => h.id)
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    let firstWrote!: () => void
    const wrote = new Promise<void>((r) => (firstWrote = r))
    const first = database.db.transaction(async (tx) => {
      await tx.execute(sql`update households set status = 'moved_out' where id = ${a}`)
      firstWrote()
      await held
    })
    await wrote
    const second = database.db.transaction(async (tx) => {
      await tx.execute(sql`update households set status = 'unlinked' where id = ${b}`)
    })
    // The second's rebuild waits for the first's commit; give it the time to overlap if it would.
    await new Promise((r) => setTimeout(r, 300))
    release()
    await Promise.all([first, second])

    const counts = await queryRows<{ level: string; code: string; households: number; tallies: number; rollups: number }>(database.db, sql`
      select x.level, x.code,
             (select count(*)::int from households h where h.village_code between x.lo and x.hi) as households,
             (select coalesce(sum(t.households), 0)::int from area_tallies t where t.level = x.level::area_level and t.area_code = x.code) as tallies,
             (select coalesce(sum(r.households), 0)::int from area_rollups r where r.level = x.level::area_level and r.area_code = x.code) as rollups
      from (values ('village', ${TEST_VILLAGE}, ${TEST_VILLAGE}, ${TEST_VILLAGE}),
                   ('township', ${TOWNSHIP}, '440982101001', '440982101999'),
                   ('county', ${COUNTY}, '440982000001', '440982999999')) x(level, code, lo, hi)`)
    for (const c of counts) {
      expect(c.tallies, `${c.level} tallies`).toBe(c.households)
      expect(c.rollups, `${c.level} rollups`).toBe(c.households)
    }
    const [status] = await queryRows<{ moved: number; unlinked: number }>(database.db, sql`
      select coalesce(sum(households) filter (where status = 'moved_out'), 0)::int as moved,
             coalesce(sum(households) filter (where status = 'unlinked'), 0)::int as unlinked
      from area_rollups where level = 'village' and area_code = ${TEST_VILLAGE}`)
    const [real] = await queryRows<{ moved: number; unlinked: number }>(database.db, sql`
      select count(*) filter (where status = 'moved_out')::int as moved, count(*) filter (where status = 'unlinked')::int as unlinked
      from households where village_code = ${TEST_VILLAGE}`)
    expect(status).toEqual(real)
  }, 60_000)
})
