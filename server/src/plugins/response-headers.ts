/**
 * Headers that depend on the response rather than the route.
 *
 * - `Cache-Control: no-store` on every API answer that does not choose its own:
 *   household lists, cards and `/api/auth/session` (which carries the CSRF token)
 *   hold personal data or secrets, and a shared station computer, a browser's
 *   back-forward cache or a caching proxy must not keep them.
 * - `Strict-Transport-Security` only on requests that arrived over HTTPS (as the
 *   configured proxy reports it): sent over plain HTTP it is ignored by browsers
 *   at best, and on a LAN address it would pin a name that may never get a certificate.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** One year, the preload lists' minimum; no includeSubDomains: a station may host other services below its name. */
export const HSTS = 'max-age=31536000'

export default fp(async function responseHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS)
    return payload
  })
})
