/**
 * Sessions are remembered by the process (plugins/access/session-cache.ts), so a
 * request that needs no data does not wait on the database to learn who sent it:
 * on the embedded database an import's commit holds the only connection, and
 * polling its progress waited behind it. What this process changes is seen by
 * the next request; what another process changes, within the cache's lifetime.
 */
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { buildApp } from '../src/app.ts'
import { holdDatabase, signIn, withVillage } from './helpers.ts'

describe('remembered sessions', () => {
  it('import progress answers within 1.5 s while a long transaction holds the database', async () => {
    const { app, database } = await withVillage(2)
    const id = '00000000-0000-4000-8000-000000000001'
    expect((await app.inject(`/api/imports/${id}/progress`)).statusCode).toBe(200)
    const hold = await holdDatabase(database)
    try {
      // Raced against a timer, so a poll stuck behind the transaction fails here instead of holding the test's database.
      const res = await Promise.race([app.inject(`/api/imports/${id}/progress`), new Promise<null>((r) => setTimeout(() => r(null), 1_500))])
      expect(res, 'no answer within 1.5 s').not.toBeNull()
      expect(res!.statusCode).toBe(200)
      expect(res!.json()).toMatchObject({ phase: 'idle' })
    } finally {
      await hold.release()
    }
  })

  it('a session ended through this server is refused at once, on the very next request', async () => {
    const { as } = await withVillage(2)
    const first = await as('worker')
    const second = await as('worker')
    expect((await first.inject('/api/auth/session')).statusCode).toBe(200)
    expect((await second.inject('/api/auth/session')).statusCode).toBe(200)
    const list = (await second.inject('/api/auth/sessions')).json() as { sessions: { id: string; current: boolean }[] }
    const other = list.sessions.find((s) => !s.current)!
    expect((await second.inject({ method: 'DELETE', url: `/api/auth/sessions/${other.id}` })).statusCode).toBe(204)
    expect((await first.inject('/api/auth/session')).statusCode).toBe(401)
    expect((await second.inject('/api/auth/session')).statusCode).toBe(200)
    // Signing out the remaining one: its cookie is refused next.
    expect((await second.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBeLessThan(300)
    expect((await second.inject('/api/auth/session')).statusCode).toBe(401)

  })

  it('a change made by another process is seen once the cache’s lifetime has passed, not later', async () => {
    const { raw, database } = await withVillage(2)
    await raw.close()
    const app = await buildApp({ database, sessionCacheMs: 400 })
    try {
      const worker = await signIn(app, 'worker')
      expect((await worker.inject('/api/auth/session')).statusCode).toBe(200)
      // Another process (the admin CLI, a second server) disables the account in the database.
      await database.db.execute(sql`update users set disabled = true where username = 'worker'`)
      await new Promise((r) => setTimeout(r, 450))
      expect((await worker.inject('/api/auth/session')).statusCode).toBe(401)
    } finally {
      await app.close()
    }
  })

  it('with the cache off every request reads the session again', async () => {
    const { raw, database } = await withVillage(2)
    await raw.close()
    const app = await buildApp({ database, sessionCacheMs: 0 })
    try {
      const worker = await signIn(app, 'worker')
      expect((await worker.inject('/api/auth/session')).statusCode).toBe(200)
      await database.db.execute(sql`update sessions set revoked_at = now()`)
      expect((await worker.inject('/api/auth/session')).statusCode).toBe(401)
    } finally {
      await app.close()
    }
  })
})
