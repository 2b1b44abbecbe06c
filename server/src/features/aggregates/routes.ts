import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AREA_LEVELS, areaLevelOfCode } from '@cuntu/domain'
import { AreaCode, AreaStats, ErrorBody, HouseholdFilterQuery, type AreaCounts } from '../../contract/index.ts'
import { notFound } from '../../plugins/errors.ts'
import { requireArea } from '../../plugins/access/policy.ts'
import { cachedAreaResponse } from './respond.ts'

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/areas/:code/stats',
    {
      schema: {
        tags: ['stats'],
        summary:
          'Households and people per category for any area and for each of its child areas (a township by village, a county by township), ' +
          'under the map filters. Counts only: no household is named. ETag/304; cached per scope, filter and data version.',
        params: z.object({ code: AreaCode }),
        querystring: HouseholdFilterQuery,
        response: { 200: AreaStats, 304: z.null(), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { code } = request.params
      requireArea(request.requirePrincipal(), code)
      const filter = request.query
      return cachedAreaResponse(request, reply, {
        area: code,
        resource: `stats/${code}`,
        filter,
        compute: async ({ repos, version }) => {
          const area = await repos.areas.detail(code)
          if (!area) throw notFound('area_not_found', { code })
          const own = areaLevelOfCode(code)
          const childLevel = own === 'village' ? null : AREA_LEVELS[AREA_LEVELS.indexOf(own) + 1]!
          const [self] = await repos.aggregates.byLevel(code, own === 'city' || own === 'province' ? 'county' : own, filter)
          const rows = childLevel ? await repos.aggregates.byLevel(code, childLevel, filter) : []
          const byCode = new Map(rows.map((r) => [r.code, r]))
          // Every child area the tree knows, with zeros where there are no households (yet).
          const children: AreaCounts[] = area.children.map((c) => {
            const r = byCode.get(c.code)
            return { code: c.code, name: c.name, level: c.level, households: r?.households ?? 0, members: r?.people ?? 0, byCategory: r?.byCategory ?? {}, centre: r?.centre ?? null }
          })
          const total =
            own === 'city' || own === 'province'
              ? sum(children)
              : { households: self?.households ?? 0, members: self?.people ?? 0, byCategory: self?.byCategory ?? {}, centre: self?.centre ?? null }
          const body: AreaStats = { code, name: area.name, level: area.level, version, ...total, children }
          return { body: Buffer.from(JSON.stringify(body)), type: 'application/json; charset=utf-8' }
        },
      })
    },
  )
}

function sum(children: AreaCounts[]): Pick<AreaCounts, 'households' | 'members' | 'byCategory' | 'centre'> {
  const byCategory: Record<string, number> = {}
  for (const c of children) for (const [k, n] of Object.entries(c.byCategory)) byCategory[k] = (byCategory[k] ?? 0) + n
  return { households: children.reduce((s, c) => s + c.households, 0), members: children.reduce((s, c) => s + c.members, 0), byCategory, centre: null }
}

export default routes
