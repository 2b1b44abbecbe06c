import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { postgisVersion } from '@cuntu/db'

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness and the database in use',
        response: { 200: z.object({ ok: z.boolean(), database: z.enum(['pglite', 'postgres']), postgis: z.string() }) },
      },
    },
    async () => ({ ok: true, database: app.database.kind, postgis: await postgisVersion(app.database) }),
  )
}
export default routes
