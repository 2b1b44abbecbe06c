import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import { negotiateLocale } from '../i18n/locale.ts'
import { message } from '../i18n/messages.ts'

/**
 * Serve the built client from one origin with the API. Unknown non-API paths
 * get index.html so that client routes and bookmarked views load.
 */
export default fp<{ webDist: string }>(async function web(app: FastifyInstance, { webDist }) {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    app.log.warn({ webDist }, 'web client not built; only the API is served (run `npm run build`)')
    return
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] })
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html')
    const locale = negotiateLocale(request.headers['accept-language'])
    return reply.status(404).send({ error: { code: 'not_found', message: message('not_found', locale) } })
  })
})
