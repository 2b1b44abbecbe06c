/**
 * The helpers' promise that tests share no state holds even when a test outlives its turn (a timeout on a
 * loaded machine): its writes still in flight finish before the next test empties the tables, and it cannot
 * start new ones. Before the lease, such a write landed in the next test's tables (23505 there).
 */
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { freshApp, STALE_TEST } from './helpers.ts'

describe('test isolation', () => {
  it('waits for an ended test’s transaction, then refuses its further queries', async () => {
    const first = await freshApp()
    // The "timed-out" test: a transaction still running when the next test starts.
    const late = first.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_sleep(0.4)`)
      await tx.execute(sql`insert into areas (code, name, level) values ('449999000000', '迟到的写入', 'county')`)
    })
    const second = await freshApp()
    await late
    const rows = await second.database.rows<{ n: number }>(sql`select count(*)::int as n from areas where code = '449999000000'`)
    // Emptied after the late write committed, not before it.
    expect(rows[0]!.n).toBe(0)
    await expect(first.database.rows(sql`select 1`)).rejects.toThrow(STALE_TEST)
    expect(() => first.database.db.execute(sql`select 1`)).toThrow(STALE_TEST)
    await first.app.close()
    await second.app.close()
  })
})
