/** Row-level security tested directly in SQL, as the application role, without the HTTP layer. */
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { pgErrorOf, runScoped } from '@cuntu/db'
import { OTHER_VILLAGE, TEST_VILLAGE, withVillage } from './helpers.ts'

const SOMEONE = '00000000-0000-4000-8000-0000000000aa'

describe('row-level security', () => {
  it('runs as cuntu_app and sees only households, members and categories in scope', async () => {
    const { database, data } = await withVillage(10)
    const seen = await runScoped(database, { userId: SOMEONE, areaPrefixes: [TEST_VILLAGE] }, (db) =>
      db.rows<{ who: string; h: number; m: number; other: number; rollup: number }>(sql`
        select current_user as who, (select count(*)::int from households) as h, (select count(*)::int from members) as m,
               (select count(*)::int from households where village_code = ${OTHER_VILLAGE}) as other,
               (select count(*)::int from household_category_rollup r where not exists (select 1 from households h where h.id = r.household_id)) as rollup`),
    )
    expect(seen[0]).toEqual({
      who: 'cuntu_app',
      h: data.households.length,
      m: data.households.reduce((s, h) => s + h.members.length, 0),
      other: 0,
      rollup: 0,
    })
  })

  it('sees nothing with an empty scope and everything with *', async () => {
    const { database } = await withVillage(4)
    const none = await runScoped(database, { userId: SOMEONE, areaPrefixes: [] }, (db) => db.rows<{ n: number }>(sql`select count(*)::int as n from households`))
    const all = await runScoped(database, { userId: SOMEONE, areaPrefixes: '*' }, (db) => db.rows<{ n: number }>(sql`select count(*)::int as n from households`))
    expect(none[0]!.n).toBe(0)
    expect(all[0]!.n).toBe(4 + 6)
  })

  it('refuses to write a household outside the scope', async () => {
    const { database } = await withVillage(2)
    const err = await runScoped(database, { userId: SOMEONE, areaPrefixes: [TEST_VILLAGE] }, (db) =>
      db.db.execute(sql`insert into households (village_code, huhao) values (${OTHER_VILLAGE}, '9999999')`),
    ).catch((e) => e)
    expect(pgErrorOf(err).code).toBe('42501')
    const moved = await runScoped(database, { userId: SOMEONE, areaPrefixes: [TEST_VILLAGE] }, (db) =>
      db.rows(sql`update households set notes = 'x' where village_code = ${OTHER_VILLAGE} returning id`),
    )
    expect(moved).toHaveLength(0)
    const escape = await runScoped(database, { userId: SOMEONE, areaPrefixes: [TEST_VILLAGE] }, (db) =>
      db.db.execute(sql`update households set village_code = ${OTHER_VILLAGE} where village_code = ${TEST_VILLAGE}`),
    ).catch((e) => e)
    expect(pgErrorOf(escape).code).toBe('42501')
  })

  it('cannot defer the summary triggers from a scoped transaction: the row and the tallies follow the write', async () => {
    const { database, data } = await withVillage(3)
    const h = data.households[0]!
    const tally = () => database.rows<{ n: number }>(sql`
      select coalesce(sum(households), 0)::int as n from area_tallies where level = 'village' and area_code = ${TEST_VILLAGE} and 'orphan' = any(categories)`)
    const before = (await tally())[0]!.n
    await runScoped(database, { userId: SOMEONE, areaPrefixes: [TEST_VILLAGE] }, async (db) => {
      await db.db.execute(sql`set local cuntu.defer_summaries = 'on'`)
      await db.db.execute(sql`delete from household_categories where household_id = ${h.id} and category_code = 'orphan'`)
      await db.db.execute(sql`insert into household_categories (household_id, category_code, source) values (${h.id}, 'orphan', 'test')`)
    })
    const [row] = await database.rows<{ categories: string[] }>(sql`select categories from households where id = ${h.id}`)
    expect(row!.categories).toContain('orphan')
    const had = h.categories.some((c) => c.code === 'orphan') || h.members.some((m) => m.categories.some((c) => c.code === 'orphan'))
    expect((await tally())[0]!.n).toBe(had ? before : before + 1)
  })

  it('keeps the audit log insert-only for the application', async () => {
    const { database } = await withVillage(1)
    await runScoped(database, { userId: SOMEONE, areaPrefixes: [TEST_VILLAGE] }, (db) =>
      db.db.execute(sql`insert into audit_log (action, area_code) values ('test', ${TEST_VILLAGE})`),
    )
    for (const statement of [sql`delete from audit_log`, sql`update audit_log set action = 'changed'`, sql`truncate audit_log`]) {
      const err = await runScoped(database, { userId: SOMEONE, areaPrefixes: '*' }, (db) => db.db.execute(statement)).catch((e) => e)
      expect(pgErrorOf(err).code).toBe('42501')
    }
  })
})

describe('village codes on members and assignments', () => {
  it('are filled from the parent, follow a household that moves, and cannot be forged into another village', async () => {
    const { database, data } = await withVillage(3)
    const h = data.households[0]!
    const [m] = await database.rows<{ village_code: string }>(sql`select village_code from members where household_id = ${h.id} limit 1`)
    expect(m!.village_code).toBe(TEST_VILLAGE)
    const forged = await runScoped(database, { userId: SOMEONE, areaPrefixes: [TEST_VILLAGE] }, (db) =>
      db.rows<{ village_code: string }>(sql`insert into members (household_id, name, village_code) values (${h.id}, '甲', ${OTHER_VILLAGE}) returning village_code`),
    )
    expect(forged[0]!.village_code).toBe(TEST_VILLAGE)
    await database.db.execute(sql`update households set village_code = ${OTHER_VILLAGE}, group_number = null where id = ${h.id}`)
    const moved = await database.rows<{ n: number }>(sql`
      select count(*)::int as n from member_categories mc join members m on m.id = mc.member_id
      where m.household_id = ${h.id} and (m.village_code <> ${OTHER_VILLAGE} or mc.village_code <> ${OTHER_VILLAGE})`)
    expect(moved[0]!.n).toBe(0)
    const seen = await runScoped(database, { userId: SOMEONE, areaPrefixes: [TEST_VILLAGE] }, (db) =>
      db.rows<{ n: number }>(sql`select count(*)::int as n from members where household_id = ${h.id}`),
    )
    expect(seen[0]!.n).toBe(0)
  })
})
