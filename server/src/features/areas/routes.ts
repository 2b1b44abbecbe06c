import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AreaCode, AreaDetail, AreaNode } from '../../contract/index.ts'
import { notFound } from '../../plugins/errors.ts'

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/areas',
    { schema: { tags: ['areas'], summary: 'The administrative area tree', response: { 200: z.array(AreaNode) } } },
    () => app.repos.areas.tree(),
  )

  app.get(
    '/api/areas/:code',
    {
      schema: {
        tags: ['areas'],
        summary: 'One area with its ancestors, children, village groups and household extent',
        params: z.object({ code: AreaCode }),
        response: { 200: AreaDetail },
      },
    },
    async (request) => {
      const area = await app.repos.areas.detail(request.params.code)
      if (!area) throw notFound('area_not_found', { code: request.params.code })
      return area
    },
  )
}
export default routes
