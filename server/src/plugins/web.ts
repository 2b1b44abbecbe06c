import { existsSync } from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import fastifyStatic from '@fastify/static'
import { notFound } from './errors.ts'

/**
 * Serve the built client from one origin with the API. Unknown non-API paths
 * get index.html so that client routes and bookmarked views load. A catch-all
 * GET route rather than a second not-found handler: the errors plugin owns that
 * one, and Fastify allows only one per prefix.
 */
export default fp<{ webDist: string }>(async function web(app: FastifyInstance, { webDist }) {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    app.log.warn({ webDist }, 'web client not built; only the API is served (run `npm run build`)')
    return
  }
  await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] })
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    // The router's decoded path, not `request.url`: `/%61pi/…` is `/api/…` too.
    const rest = (request.params as { '*'?: string })['*'] ?? ''
    if (rest === 'api' || rest.startsWith('api/')) throw notFound('not_found')
    return reply.sendFile('index.html')
  })
})
