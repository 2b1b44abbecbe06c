import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { householdTile, validTile } from '@cuntu/db'
import { villageCodeRange } from '@cuntu/domain'
import { AreaCode, ErrorBody } from '../../contract/index.ts'
import { badRequest } from '../../plugins/errors.ts'
import { requireArea } from '../../plugins/access/policy.ts'

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/areas/:code/tiles/:z/:x/:y.mvt',
    {
      schema: {
        tags: ['tiles'],
        summary: 'Households of an area as a Mapbox Vector Tile (layer `households`; no names) for township and county views',
        params: z.object({ code: AreaCode, z: z.coerce.number().int(), x: z.coerce.number().int(), y: z.coerce.number().int() }),
        response: { 200: z.any().describe('application/vnd.mapbox-vector-tile'), 204: z.null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const { code, z: zoom, x, y } = request.params
      requireArea(request.requirePrincipal(), code)
      if (!validTile(zoom, x, y)) throw badRequest('validation_failed', { details: `tile ${zoom}/${x}/${y}` })
      const tile = await request.scoped(({ db }) => householdTile(db, { z: zoom, x, y, villageRange: villageCodeRange(code) }))
      if (tile.length === 0) return reply.status(204).send(null)
      return reply.type('application/vnd.mapbox-vector-tile').header('cache-control', 'private, no-store').send(Buffer.from(tile))
    },
  )
}
export default routes
