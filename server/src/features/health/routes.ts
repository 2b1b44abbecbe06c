import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { faultOf, postgisVersion, retryOnce } from '@cuntu/db'
import { negotiateLocale } from '../../i18n/locale.ts'
import { message } from '../../i18n/messages.ts'

/** A health check must answer even when the database does not: give up on it after this long. */
const PROBE_TIMEOUT_MS = 2_000
/**
 * The embedded database is in this process and runs one transaction at a time: a probe waiting behind an
 * import's commit says nothing about its health, so the process answers for it after this long.
 */
const EMBEDDED_BUSY_MS = 500

const Healthy = z.object({
  ok: z.literal(true),
  database: z.enum(['pglite', 'postgres']),
  postgis: z.string(),
  /** Embedded only: a long transaction (an import's commit) holds the database; it answers again when that ends. */
  busy: z.boolean().optional(),
})
const Unhealthy = z.object({
  ok: z.literal(false),
  database: z.enum(['pglite', 'postgres']),
  reachable: z.literal(false),
  /** When the server first saw this outage (ISO time). */
  since: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string(), reason: z.string().nullable() }),
})

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(Object.assign(new Error('health probe timed out'), { code: 'ETIMEDOUT' })), ms)
    p.then((v) => (clearTimeout(t), resolve(v)), (e) => (clearTimeout(t), reject(e)))
  })
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const routes: FastifyPluginAsyncZod = async (app) => {
  let lastPostgis: string | null = null
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness and the database in use; 503 while the database is unreachable',
        response: { 200: Healthy, 503: Unhealthy },
      },
    },
    async (request, reply) => {
      const database = app.database
      try {
        const probe = retryOnce(() => withTimeout(postgisVersion(database), PROBE_TIMEOUT_MS))
        if (database.kind === 'pglite') {
          const answered = await Promise.race([probe, delay(EMBEDDED_BUSY_MS).then(() => null)])
          if (answered === null) {
            // The probe still runs behind the long transaction; its outcome is the next check's business.
            probe.catch(() => {})
            return { ok: true as const, database: database.kind, postgis: lastPostgis ?? 'unknown', busy: true }
          }
        }
        const postgis = await probe
        lastPostgis = postgis
        database.faults.ok()
        return { ok: true as const, database: database.kind, postgis }
      } catch (err) {
        if (!faultOf(err)) throw err
        database.faults.fault(err)
        const status = database.faults.status
        const locale = negotiateLocale(request.headers['accept-language'])
        const code = faultOf(err) === 'storage' ? 'database_storage' : 'database_unavailable'
        return reply.status(503).send({
          ok: false as const,
          database: database.kind,
          reachable: false as const,
          since: status.since,
          error: { code, message: message(code, locale), reason: status.lastError },
        })
      }
    },
  )
}
export default routes
