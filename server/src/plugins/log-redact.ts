/**
 * What the server log may say about a failure. A database error carries the
 * failed SQL with its bound parameters (drizzle's `Failed query: … params: …`),
 * and PostgreSQL's own message and detail quote row values ("Key (huhao)=(…)",
 * `invalid input syntax: "张三"`): names, notes, door numbers, password hashes.
 * Those are sensitive personal data (PIPL), so a logged error keeps only codes,
 * the constraint, table and column names, and the stack frames (not the first
 * stack line, which repeats the message).
 */
import { pgErrorOf } from '@cuntu/db'

export interface ErrorSummary {
  type: string
  /** SQLSTATE of a database error, or a Node/Fastify error code. */
  code?: string
  constraint?: string
  table?: string
  column?: string
  /** A database error's message quotes values, so it is replaced by its code; other errors keep theirs (our own name no values). */
  message: string
  stack: string
  [key: string]: unknown
}

/** The database error's fields that name places in the schema, never values. */
type DbField = 'table' | 'column' | 'schema' | 'routine'

/** Whether any error in the cause chain came from the database (a SQLSTATE, or drizzle's query wrapper). */
function fromDatabase(err: unknown): boolean {
  let e: unknown = err
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const c = e as { code?: unknown; query?: unknown; params?: unknown; cause?: unknown; name?: unknown }
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) return true
    if ('query' in c || 'params' in c || c.name === 'DrizzleQueryError' || c.name === 'DatabaseError') return true
    e = c.cause
  }
  return false
}

function dbField(err: unknown, field: DbField): string | undefined {
  let e: unknown = err
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const v = (e as Record<string, unknown>)[field]
    if (typeof v === 'string' && v) return v
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** Stack frames only: the first line of `stack` is `Name: message`. */
function framesOf(err: unknown): string {
  const stack = err instanceof Error ? err.stack : undefined
  if (!stack) return ''
  return stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 12).join('\n')
}

export function summariseError(err: unknown): ErrorSummary {
  const type = err instanceof Error ? err.constructor.name || err.name : typeof err
  if (fromDatabase(err)) {
    const { code, constraint } = pgErrorOf(err)
    return {
      type,
      ...(code ? { code } : {}),
      ...(constraint ? { constraint } : {}),
      ...(dbField(err, 'table') ? { table: dbField(err, 'table') } : {}),
      ...(dbField(err, 'column') ? { column: dbField(err, 'column') } : {}),
      message: `database error ${code ?? ''}${constraint ? ` (${constraint})` : ''}: message withheld (it quotes values)`,
      stack: framesOf(err),
    }
  }
  const code = (err as { code?: unknown })?.code
  return {
    type,
    ...(typeof code === 'string' ? { code } : {}),
    message: err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300),
    stack: framesOf(err),
  }
}

/** Pino serializers for the app's logger: whatever logs `{ err }` goes through the summary. */
export const logSerializers = { err: summariseError, error: summariseError }
