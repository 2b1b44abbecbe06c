/**
 * Database faults the server must live through: PostgreSQL dropping its
 * connections (a restart, a failover, a pooler's idle timeout,
 * `pg_terminate_backend`), PostgreSQL down for a while, and the embedded
 * database unable to write (a full disk, a read-only data folder).
 *
 * Classifying an error is pure; `retryOnce` is the one place that decides
 * whether work may run again.
 */

/** What kind of fault an error is: the connection was lost / the database refuses connections, or it cannot write its files. */
export type FaultKind = 'unavailable' | 'storage'

/**
 * SQLSTATEs that mean "the connection is gone or the server will not take one":
 * class 08 (connection exception), 57P01 admin_shutdown (pg_terminate_backend,
 * fast shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up,
 * recovering), 53300 too_many_connections.
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/
/** 53100 disk_full, 58030 io_error, 53000 insufficient_resources (out of files or memory to write with). */
const STORAGE_STATES = /^(53100|58030|53000)$/
/** Socket errors of a connection that never opened or was cut. */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])
/** File-system errors under the embedded database's data folder. */
const STORAGE_ERRNOS = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EDQUOT', 'EIO'])
/** node-postgres and pg-pool say these in words only, without a code. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  'Cannot use a pool after calling end',
]

/** The fault an error stands for, looking through drizzle's and our wrappers (`cause`); null for any other error. */
export function faultOf(err: unknown): FaultKind | null {
  let e: unknown = err
  for (let depth = 0; e && depth < 5; depth++) {
    const c = e as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown }
    const code = typeof c.code === 'string' ? c.code : undefined
    if (code && UNAVAILABLE_STATES.test(code)) return 'unavailable'
    if (code && STORAGE_STATES.test(code)) return 'storage'
    if (code && UNAVAILABLE_ERRNOS.has(code)) return 'unavailable'
    if (code && STORAGE_ERRNOS.has(code)) return 'storage'
    if (typeof c.message === 'string') {
      if (UNAVAILABLE_MESSAGES.some((m) => (c.message as string).includes(m))) return 'unavailable'
      // PGlite's file layer reports the errno in the text ("could not write …: No space left on device").
      if (/No space left on device|Read-only file system|could not (write|extend|create|open) file/i.test(c.message)) return 'storage'
    }
    // AggregateError (node's happy-eyeballs connect) carries the socket errors in `errors`.
    const many = (e as { errors?: unknown }).errors
    if (Array.isArray(many) && many.some((x) => faultOf(x) === 'unavailable')) return 'unavailable'
    e = c.cause
  }
  return null
}

export const isConnectionLoss = (err: unknown): boolean => faultOf(err) === 'unavailable'

/** How long to wait before the one retry: long enough for the pool to drop its dead connection and open a new one. */
export const RETRY_DELAY_MS = 150

/**
 * Run `work` and, when it failed because the connection was lost and `mayRetry`
 * says the attempt never reached the point where its outcome is unknown (a
 * transaction's COMMIT), run it once more. A lost connection rolls back an open
 * transaction, so a retried transaction never writes twice.
 */
export async function retryOnce<T>(work: () => Promise<T>, mayRetry: (err: unknown) => boolean = () => true): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (!isConnectionLoss(err) || !mayRetry(err)) throw err
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS))
    return work()
  }
}

/** The connection was lost while COMMIT was under way: the work may or may not be saved, and is not run again. */
export class CommitOutcomeUnknown extends Error {
  constructor(cause: unknown) {
    super('connection lost during commit; outcome unknown', { cause })
  }
}

/** The database's reachability as the server saw it last, for /api/health. */
export interface DatabaseStatus {
  reachable: boolean
  /** When the current outage was first seen (ISO time); null while reachable. */
  since: string | null
  /** The last fault: a SQLSTATE or socket code, or the kind. */
  lastError: string | null
}

/** Tracks reachability from the outcome of work and from the pool's own error events. */
export class StatusTracker {
  private down: { since: string; lastError: string } | null = null
  fault(err: unknown): void {
    const kind = faultOf(err)
    if (!kind) return
    const code = codeOf(err) ?? kind
    this.down = { since: this.down?.since ?? new Date().toISOString(), lastError: code }
  }
  ok(): void {
    this.down = null
  }
  get status(): DatabaseStatus {
    return { reachable: this.down === null, since: this.down?.since ?? null, lastError: this.down?.lastError ?? null }
  }
}

function codeOf(err: unknown): string | undefined {
  let e: unknown = err
  for (let depth = 0; e && depth < 5; depth++) {
    const c = e as { code?: unknown; cause?: unknown }
    if (typeof c.code === 'string') return c.code
    e = c.cause
  }
  return undefined
}
