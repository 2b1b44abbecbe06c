import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AreaCode, AreaDetail, AreaNode, ErrorBody } from '../../contract/index.ts'
import { forbidden, notFound } from '../../plugins/errors.ts'
import { visibleArea } from '../../plugins/access/policy.ts'

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/areas',
    { schema: { tags: ['areas'], summary: 'The administrative area tree', response: { 200: z.array(AreaNode) } } },
    (request) => {
      const p = request.requirePrincipal()
      return request.scoped(async ({ repos }) => repos.areas.tree((code) => visibleArea(p, code)))
    },
  )

  app.get(
    '/api/areas/:code',
    {
      schema: {
        tags: ['areas'],
        summary: 'One area with its ancestors, children, village groups and household extent',
        params: z.object({ code: AreaCode }),
        response: { 200: AreaDetail, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const p = request.requirePrincipal()
      const { code } = request.params
      if (!visibleArea(p, code)) throw forbidden('forbidden_area', { code })
      const area = await request.scoped(({ repos }) => repos.areas.detail(code))
      if (!area) throw notFound('area_not_found', { code })
      // Above the caller's scope only the path and the children leading into it are shown.
      return { ...area, children: area.children.filter((c) => visibleArea(p, c.code)) }
    },
  )
}
export default routes
