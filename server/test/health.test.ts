/**
 * /api/health answers from the process while a long transaction holds the
 * database (an import's commit): on the embedded database that transaction is
 * the only one running, and the check said "unreachable" after waiting on it.
 */
import { describe, expect, it } from 'vitest'
import { holdDatabase, withVillage } from './helpers.ts'

describe('GET /api/health', () => {
  it('answers within 1.5 s, healthy, while a long transaction holds the database, and plainly once it ends', async () => {
    const { raw, database } = await withVillage(2)
    expect((await raw.inject('/api/health')).statusCode).toBe(200)
    const hold = await holdDatabase(database)
    try {
      const t0 = Date.now()
      const res = await raw.inject('/api/health')
      expect(Date.now() - t0).toBeLessThan(1_500)
      expect(res.statusCode).toBe(200)
      const body = res.json() as { ok: boolean; busy?: boolean; postgis: string }
      expect(body.ok).toBe(true)
      // Only the embedded database is held by one transaction; PostgreSQL answers from another connection.
      expect(body.busy === true).toBe(database.kind === 'pglite')
      expect(body.postgis).toMatch(/^\d/)
    } finally {
      await hold.release()
    }
    const after = (await raw.inject('/api/health')).json() as { ok: boolean; busy?: boolean }
    expect(after).toMatchObject({ ok: true })
    expect(after.busy).toBeUndefined()
  })
})
