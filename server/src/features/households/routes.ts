import { z } from 'zod'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  AreaCode,
  ErrorBody,
  Household,
  HouseholdCollection,
  HouseholdCreate,
  HouseholdListQuery,
  HouseholdPatch,
  Uuid,
  VersionQuery,
} from '../../contract/index.ts'
import { badRequest, forbidden, notFound } from '../../plugins/errors.ts'
import { requireAbility, requireArea, requireNames } from '../../plugins/access/policy.ts'
import type { ScopedContext } from '../../plugins/auth.ts'
import { cachedAreaResponse } from '../aggregates/respond.ts'

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody.extend({ current: Household.optional() }) }

const errors403 = { ...errors, 401: ErrorBody, 403: ErrorBody }

const routes: FastifyPluginAsyncZod = async (app) => {
  /**
   * A village's or an area's households as GeoJSON text. Without names it is
   * cached and tagged per scope, filter and data version like tiles and stats
   * (a village reopened while nothing changed is a 304); with names it is
   * computed every time, since every such look is audited.
   */
  async function listFor(request: FastifyRequest, reply: FastifyReply, code: string, query: z.infer<typeof HouseholdListQuery>, level: 'village' | 'any') {
    const p = request.requirePrincipal()
    requireArea(p, code)
    if (query.names) {
      if (level === 'village') requireNames(p, code)
      else if (!p.abilities.namedRecords) throw forbidden('forbidden')
    }
    const compute = async ({ repos }: ScopedContext) => {
      const found = await repos.areas.level(code)
      if (!found || (level === 'village' && found !== 'village')) {
        throw notFound(level === 'village' ? 'village_not_found' : 'area_not_found', { code })
      }
      return repos.households.featureCollection(code, query, { names: query.names })
    }
    if (!query.names) {
      return cachedAreaResponse(request, reply, {
        area: code,
        resource: `households/${level}/${code}`,
        filter: query,
        compute: async (ctx) => ({ body: Buffer.from(await compute(ctx)), type: 'application/json; charset=utf-8' }),
      })
    }
    const body = await request.scoped(async (ctx) => {
      const unknown = await ctx.repos.households.unknownCategories(query.categories)
      if (unknown.length > 0) throw badRequest('unknown_category', { codes: unknown.join(', ') })
      const text = await compute(ctx)
      // Names on a map are a look at named records: account for it.
      await ctx.audit({ action: 'households.list_named', targetType: 'area', targetIds: [code], areaCode: code })
      return text
    })
    // The collection is assembled as JSON text by PostGIS; it is sent as it is
    // rather than parsed and re-serialised (the dominant cost for a township).
    return reply.type('application/json; charset=utf-8').serializer((s) => s as string).send(body as never)
  }

  const listSchema = (summary: string) => ({
    tags: ['households'],
    summary,
    params: z.object({ code: AreaCode }),
    querystring: HouseholdListQuery,
    response: { 200: HouseholdCollection, 304: z.null(), ...errors403 },
  })

  app.get('/api/villages/:code/households', { schema: listSchema("A village's households as GeoJSON") }, async (request, reply) => {
    return listFor(request, reply, request.params.code, request.query, 'village')
  })

  app.get(
    '/api/areas/:code/households',
    { schema: listSchema('The households of every village in an area (township, county …) as GeoJSON') },
    async (request, reply) => {
      return listFor(request, reply, request.params.code, request.query, 'any')
    },
  )

  app.get(
    '/api/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'One household with its members and category assignments',
        params: z.object({ id: Uuid }),
        response: { 200: Household, ...errors403 },
      },
    },
    async (request) => {
      const p = request.requirePrincipal()
      return request.scoped(async ({ repos, audit }) => {
        // Out of scope is invisible under row-level security: it answers as not found.
        const household = await repos.households.get(request.params.id)
        if (!household) throw notFound('household_not_found')
        requireNames(p, household.villageCode)
        const glass = !p.abilities.namedRecords
        await audit({
          action: 'household.view', targetType: 'household', targetIds: [household.id], areaCode: household.villageCode,
          purpose: glass ? 'break_glass' : null,
        })
        return household
      })
    },
  )

  app.post(
    '/api/villages/:code/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Add a household (with members and categories) to a village',
        params: z.object({ code: AreaCode }),
        body: HouseholdCreate,
        response: { 201: Household, ...errors403 },
      },
    },
    async (request, reply) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      requireArea(p, request.params.code)
      const created = await request.scoped(async ({ repos, audit }) => {
        const h = await repos.households.create(request.params.code, request.body)
        await audit({ action: 'household.create', targetType: 'household', targetIds: [h.id], areaCode: h.villageCode })
        return h
      })
      return reply.status(201).send(created)
    },
  )

  app.patch(
    '/api/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'Edit a household; `version` must be the one you read (409 with the current record otherwise)',
        params: z.object({ id: Uuid }),
        body: HouseholdPatch,
        response: { 200: Household, ...errors403 },
      },
    },
    (request) => {
      requireAbility(request.requirePrincipal(), 'editHouseholds')
      return request.scoped(async ({ repos, audit }) => {
        const h = await repos.households.update(request.params.id, request.body)
        const fields = Object.keys(request.body).filter((k) => k !== 'version')
        await audit({ action: 'household.update', targetType: 'household', targetIds: [h.id], areaCode: h.villageCode, details: { fields } })
        return h
      })
    },
  )

  app.delete(
    '/api/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'Delete a household and its members; pass `version` to refuse if it changed',
        params: z.object({ id: Uuid }),
        querystring: VersionQuery,
        response: { 204: z.null(), ...errors403 },
      },
    },
    async (request, reply) => {
      requireAbility(request.requirePrincipal(), 'editHouseholds')
      await request.scoped(async ({ repos, audit }) => {
        const villageCode = await repos.households.remove(request.params.id, request.query.version)
        await audit({ action: 'household.delete', targetType: 'household', targetIds: [request.params.id], areaCode: villageCode })
      })
      return reply.status(204).send(null)
    },
  )
}
export default routes
