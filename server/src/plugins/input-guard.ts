/**
 * Refuse text the database cannot store before any handler sees it. PostgreSQL
 * text cannot hold U+0000 (a NUL pasted from a damaged file or sent on purpose):
 * without this guard the insert fails deep in a transaction as a 500, and the
 * failed query, names included, used to end up in the server log.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { badRequest } from './errors.ts'

/** Whether any string in a parsed JSON value (keys included) holds a NUL. */
export function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (depth > 32 || value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some((v) => holdsNul(v, depth + 1))
  // Buffers and multipart parts are not JSON text.
  if (value instanceof Uint8Array) return false
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || holdsNul(v, depth + 1))
}

export default fp(async function inputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.body) || holdsNul(request.query) || holdsNul(request.params)) throw badRequest('text_nul')
  })
})
