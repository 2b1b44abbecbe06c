import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { aggregateLevelForZoom, AREA_LEVELS, areaLevelOfCode, type AreaLevel } from '@cuntu/domain'
import { encodeAggregateTile, validTile } from '@cuntu/db'
import { AreaCode, AreaTileQuery, ErrorBody } from '../../contract/index.ts'
import { badRequest } from '../../plugins/errors.ts'
import { requireArea } from '../../plugins/access/policy.ts'
import { cachedAreaResponse } from '../aggregates/respond.ts'
import { aggregatePoints } from '../aggregates/tile-points.ts'

const MVT = 'application/vnd.mapbox-vector-tile'

/** The finer of two levels: a township seen at a county's zoom is still drawn as the township. */
const finer = (a: AreaLevel, b: AreaLevel): AreaLevel => (AREA_LEVELS.indexOf(a) >= AREA_LEVELS.indexOf(b) ? a : b)

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/areas/:code/tiles/:z/:x/:y.mvt',
    {
      schema: {
        tags: ['tiles'],
        summary:
          'An area as a Mapbox Vector Tile under the map filters: from z13 its households (layer `households`; no names), ' +
          'below that its villages, townships or counties as points with their counts (layer `areas`); `datum=gcj02` cuts it for a GCJ-02 basemap (高德); `detail=preview` carries only positions and categories on a coarse grid (what a large village shows while its list loads). ETag/304; cached per scope, filter and data version.',
        params: z.object({ code: AreaCode, z: z.coerce.number().int(), x: z.coerce.number().int(), y: z.coerce.number().int() }),
        querystring: AreaTileQuery,
        response: { 200: z.any().describe(MVT), 204: z.null(), 304: z.null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const { code, z: zoom, x, y } = request.params
      requireArea(request.requirePrincipal(), code)
      if (!validTile(zoom, x, y)) throw badRequest('validation_failed', { details: `tile ${zoom}/${x}/${y}` })
      const { datum, detail, ...filter } = request.query
      const byZoom = aggregateLevelForZoom(zoom)
      return cachedAreaResponse(request, reply, {
        area: code,
        resource: `tile/${code}/${zoom}/${x}/${y}/${datum}/${detail}`,
        filter,
        compute: async ({ repos }) => {
          if (byZoom === null) return { body: Buffer.from(await repos.aggregates.householdTile(code, filter, zoom, x, y, datum, detail === 'preview')), type: MVT }
          const level = finer(byZoom, areaLevelOfCode(code))
          const rows = await repos.aggregates.byLevel(code, level, filter, { z: zoom, x, y, margin: 0.25 })
          return { body: Buffer.from(encodeAggregateTile(aggregatePoints(rows, level, zoom, x, y, datum))), type: MVT }
        },
      })
    },
  )
}
export default routes
