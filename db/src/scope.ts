import { sql } from 'drizzle-orm'
import { queryRows, type Database, type Db } from './client.ts'
import { CommitOutcomeUnknown, isConnectionLoss, retryOnce } from './faults.ts'

/**
 * What one request may see: area-code prefixes ('44098210' = a township …) or
 * every area. Row-level security reads it from the transaction's settings.
 */
export interface DataScope {
  userId: string
  /** Area-code prefixes in scope; `'*'` for every area. An empty list sees nothing. */
  areaPrefixes: readonly string[] | '*'
}

/** The prefix of an area code that covers it and everything below (trailing zero groups dropped). */
export function scopePrefix(areaCode: string): string {
  if (areaCode.endsWith('0000000000')) return areaCode.slice(0, 2)
  if (areaCode.endsWith('00000000')) return areaCode.slice(0, 4)
  if (areaCode.endsWith('000000')) return areaCode.slice(0, 6)
  if (areaCode.endsWith('000')) return areaCode.slice(0, 9)
  return areaCode
}

/**
 * Run `fn` in a transaction as the non-owning role `cuntu_app` with the scope
 * set locally, so PostgreSQL's row-level security applies to every statement
 * in it, whatever the code above does. The settings end with the transaction.
 */
export interface ScopedOptions {
  /**
   * The work may run twice without harm (a read; at most a second audit row of a view): it is retried after a
   * connection lost even during COMMIT, where a write's outcome would be unknown.
   */
  idempotent?: boolean
}

export async function runScoped<T>(database: Database, scope: DataScope, fn: (scoped: Database) => Promise<T>, options: ScopedOptions = {}): Promise<T> {
  const prefixes = scope.areaPrefixes === '*' ? '*' : scope.areaPrefixes.filter((p) => /^\d{2,12}$/.test(p)).join(',')
  // Once `fn` has returned, drizzle sends COMMIT: a connection lost from then on may or may not have committed, so only
  // an attempt that failed before that point is run again (a lost connection rolls its transaction back).
  let committing = false
  const attempt = () => {
    committing = false
    return database.db.transaction(async (tx) => {
      // One round trip: `set_config('role', …, true)` is SET LOCAL ROLE (as PostgREST does it), beside the scope.
      await tx.execute(sql`select set_config('cuntu.scope', ${prefixes}, true), set_config('cuntu.user_id', ${scope.userId}, true), set_config('role', 'cuntu_app', true)`)
      const scoped: Database = { ...database, db: tx as unknown as Db, rows: (q) => queryRows(tx, q) }
      const result = await fn(scoped)
      committing = true
      return result
    })
  }
  try {
    const result = await retryOnce(attempt, () => options.idempotent === true || !committing)
    database.faults?.ok()
    return result
  } catch (err) {
    database.faults?.fault(err)
    if (committing && !options.idempotent && isConnectionLoss(err)) throw new CommitOutcomeUnknown(err)
    throw err
  }
}
