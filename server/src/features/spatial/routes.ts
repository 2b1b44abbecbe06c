/** Spatial questions over HTTP: a facet of the household filter (its answer narrows the map, legend and tally), and a feature's measures. */
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AreaCode, ErrorBody, FeatureMeasure, SpatialAnswer, SpatialQuery, Uuid } from '../../contract/index.ts'
import { notFound } from '../../plugins/errors.ts'
import { requireArea } from '../../plugins/access/policy.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/villages/:code/spatial',
    {
      schema: {
        tags: ['maps'],
        summary: 'Households within `metres` of a feature (`near=<feature id>`), or further than `metres` from every feature of a kind (`far=<kind>`); metres on the ground',
        params: z.object({ code: AreaCode }),
        querystring: SpatialQuery,
        response: { 200: SpatialAnswer, ...errors },
      },
    },
    (request) => {
      requireArea(request.requirePrincipal(), request.params.code)
      const q = request.query
      return request.scoped(({ repos }) =>
        'near' in q ? repos.spatial.near(request.params.code, q.near, q.metres) : repos.spatial.far(request.params.code, q.far, q.metres),
      )
    },
  )

  app.get(
    '/api/features/:id/measure',
    { schema: { tags: ['maps'], summary: "A feature's length, perimeter and area on the ground (metres, m²)", params: z.object({ id: Uuid }), response: { 200: FeatureMeasure, ...errors } } },
    (request) =>
      request.scoped(async ({ repos }) => {
        const m = await repos.spatial.measure(request.params.id)
        if (!m) throw notFound('feature_not_found')
        return m
      }),
  )
}
export default routes
