import type { Principal } from './policy.ts'

/**
 * Who sent a request, remembered for a short while so that a request need not
 * ask the database (a session, its user and the user's areas: three queries)
 * before it does its own work. On the embedded database there is one
 * connection: while an import's commit holds it, a progress poll waited behind
 * the commit only to learn who was polling.
 *
 * Correctness rests on three rules, kept by the auth plugin:
 * - every state-changing request empties the cache when it has answered (its
 *   transaction has committed by then), so a sign-out, a disabled account, a
 *   grant or a changed organisation is seen by the next request;
 * - a lookup that began before such a clear is not stored (`begin`/`set`
 *   compare generations), so a read of the old rows cannot outlive the change;
 * - an entry lives at most `ttlMs`, the bound for writers this process does
 *   not see (another app process on the same PostgreSQL, the admin CLI).
 */
export interface CachedSession {
  principal: Principal
  csrfToken: string
  /** Absolute end of the session, epoch ms. */
  expiresAt: number
  /** Last request seen on this session, epoch ms (the idle timeout counts from here). */
  lastSeen: number
  /** When last-seen was last written to the database, epoch ms. */
  touchedAt: number
  /** The entry is not used from this time on, epoch ms (the TTL, or an earlier end of a grant). */
  validUntil: number
}

export class SessionCache {
  private readonly entries = new Map<string, CachedSession>()
  private generation = 0

  /** `ttlMs` 0 turns the cache off. `max` bounds memory: the oldest entry goes first. */
  constructor(readonly ttlMs: number, private readonly max = 10_000) {}

  /** Call before reading a session from the database; hand the result to `set`. */
  begin(): number {
    return this.generation
  }

  /** The entry for a token's hash, if it is still to be trusted at `now`. */
  get(hash: string, now: number): CachedSession | null {
    const entry = this.entries.get(hash)
    if (!entry) return null
    if (now >= entry.validUntil) {
      this.entries.delete(hash)
      return null
    }
    return entry
  }

  /** Remember a session read since `begun` (from `begin`); ignored when the cache was cleared meanwhile. */
  set(hash: string, entry: Omit<CachedSession, 'validUntil'> & { validUntil?: number }, begun: number, now: number): void {
    if (this.ttlMs <= 0 || begun !== this.generation) return
    this.entries.delete(hash)
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
    this.entries.set(hash, { ...entry, validUntil: Math.min(now + this.ttlMs, entry.validUntil ?? Infinity, entry.expiresAt) })
  }

  drop(hash: string): void {
    this.entries.delete(hash)
  }

  /** Forget everything, and make lookups already under way forget what they read. */
  clear(): void {
    this.generation++
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}
