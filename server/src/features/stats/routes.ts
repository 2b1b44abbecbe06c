import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AreaCode, ErrorBody, HouseholdFilterQuery, VillageStats } from '../../contract/index.ts'
import { badRequest, notFound } from '../../plugins/errors.ts'
import { requireArea } from '../../plugins/access/policy.ts'

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/villages/:code/stats',
    {
      schema: {
        tags: ['stats'],
        summary: 'Household counts per category and per group (each household once per category); takes the map filters',
        params: z.object({ code: AreaCode }),
        querystring: HouseholdFilterQuery,
        response: { 200: VillageStats, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { code } = request.params
      requireArea(request.requirePrincipal(), code)
      return request.scoped(async ({ repos }) => {
        if ((await repos.areas.level(code)) !== 'village') throw notFound('village_not_found', { code })
        const unknown = await repos.households.unknownCategories(request.query.categories)
        if (unknown.length > 0) throw badRequest('unknown_category', { codes: unknown.join(', ') })
        return repos.households.stats(code, request.query)
      })
    },
  )
}
export default routes
