import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AreaCode, ErrorBody, SearchHits, SearchQuery } from '../../contract/index.ts'
import { notFound } from '../../plugins/errors.ts'
import { requireNames } from '../../plugins/access/policy.ts'

const routes: FastifyPluginAsyncZod = async (app) => {
  // POST, not GET: the text may be a person's name, and URLs end up in logs, proxies and browser history.
  app.post(
    '/api/villages/:code/search',
    {
      schema: {
        tags: ['search'],
        summary: "Find a village's households by 户号 prefix or part of a member's name (at most 20)",
        params: z.object({ code: AreaCode }),
        body: SearchQuery,
        response: { 200: SearchHits, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const { code } = request.params
      // Hits carry names: a search is a look at named records.
      requireNames(request.requirePrincipal(), code)
      return request.scoped(async ({ repos, audit }) => {
        if ((await repos.areas.level(code)) !== 'village') throw notFound('village_not_found', { code })
        const hits = await repos.search.search(code, request.body.q)
        // The query itself may be a name: record its kind and size, not its text.
        await audit({
          action: 'search', targetType: 'household', targetIds: hits.map((h) => h.id), areaCode: code,
          details: { kind: /^\d+$/.test(request.body.q) ? 'huhao' : 'name', length: request.body.q.length, hits: hits.length },
        })
        return hits
      })
    },
  )
}
export default routes
