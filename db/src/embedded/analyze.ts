/**
 * Planner statistics. PGlite has no autovacuum daemon, so an embedded database
 * never had any: a village list query took 1,776 ms before `VACUUM ANALYZE` and
 * 244 ms after. PostgreSQL's autovacuum does this eventually; running it after
 * a bulk change there too costs little and helps at once.
 *
 * When: after migrations (prepare.ts), after an import or an undo (debounced, so
 * a batch of imports analyses once), and on a schedule for everyday edits.
 */
import { sql } from 'drizzle-orm'
import type { Database } from '../client.ts'

/** ANALYZE every table; returns the milliseconds it took. */
export async function analyzeNow(database: Database): Promise<number> {
  const started = performance.now()
  await database.db.execute(sql`analyze`)
  return performance.now() - started
}

const pending = new WeakMap<Database, NodeJS.Timeout>()

/**
 * ANALYZE shortly after the last call (default 2 s): bulk writes come in bursts.
 * Never throws: statistics are an optimisation, and the database may have been
 * closed meanwhile.
 */
export function analyzeSoon(database: Database, delayMs = 2000, onError: (err: unknown) => void = () => {}): void {
  clearTimeout(pending.get(database))
  const timer = setTimeout(() => {
    pending.delete(database)
    analyzeNow(database).catch(onError)
  }, delayMs)
  timer.unref()
  pending.set(database, timer)
}

/** ANALYZE every `everyMs` (default 6 hours) until the returned stop() is called. */
export function scheduleAnalyze(database: Database, everyMs = 6 * 3600_000, onError: (err: unknown) => void = () => {}): () => void {
  const timer = setInterval(() => analyzeNow(database).catch(onError), everyMs)
  timer.unref()
  return () => {
    clearInterval(timer)
    clearTimeout(pending.get(database))
  }
}
