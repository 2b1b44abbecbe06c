import { z } from 'zod'
import type { FastifyReply } from 'fastify'
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
import { badRequest, notFound } from '../../plugins/errors.ts'

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody.extend({ current: Household.optional() }) }

const routes: FastifyPluginAsyncZod = async (app) => {
  const repo = app.repos.households

  async function listFor(code: string, query: z.infer<typeof HouseholdListQuery>, level: 'village' | 'any') {
    const area = await app.repos.areas.detail(code)
    if (!area || (level === 'village' && area.level !== 'village')) {
      throw notFound(level === 'village' ? 'village_not_found' : 'area_not_found', { code })
    }
    const unknown = await repo.unknownCategories(query.categories)
    if (unknown.length > 0) throw badRequest('unknown_category', { codes: unknown.join(', ') })
    return repo.featureCollection(code, query, { names: query.names })
  }

  const listSchema = (summary: string) => ({
    tags: ['households'],
    summary,
    params: z.object({ code: AreaCode }),
    querystring: HouseholdListQuery,
    response: { 200: HouseholdCollection, ...errors },
  })

  // The collection is assembled as JSON text by PostGIS; it is sent as it is
  // rather than parsed and re-serialised (the dominant cost for a township).
  // The per-reply serializer passes the text through; the schema still documents its shape.
  const sendJsonText = (reply: FastifyReply, text: string) =>
    reply.type('application/json; charset=utf-8').serializer((s) => s as string).send(text as never)

  app.get('/api/villages/:code/households', { schema: listSchema("A village's households as GeoJSON") }, async (request, reply) => {
    const body = await listFor(request.params.code, request.query, 'village')
    return sendJsonText(reply, body)
  })

  app.get(
    '/api/areas/:code/households',
    { schema: listSchema('The households of every village in an area (township, county …) as GeoJSON') },
    async (request, reply) => {
      const body = await listFor(request.params.code, request.query, 'any')
      return sendJsonText(reply, body)
    },
  )

  app.get(
    '/api/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'One household with its members and category assignments',
        params: z.object({ id: Uuid }),
        response: { 200: Household, ...errors },
      },
    },
    async (request) => {
      const household = await repo.get(request.params.id)
      if (!household) throw notFound('household_not_found')
      return household
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
        response: { 201: Household, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await repo.create(request.params.code, request.body)),
  )

  app.patch(
    '/api/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'Edit a household; `version` must be the one you read (409 with the current record otherwise)',
        params: z.object({ id: Uuid }),
        body: HouseholdPatch,
        response: { 200: Household, ...errors },
      },
    },
    (request) => repo.update(request.params.id, request.body),
  )

  app.delete(
    '/api/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'Delete a household and its members; pass `version` to refuse if it changed',
        params: z.object({ id: Uuid }),
        querystring: VersionQuery,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await repo.remove(request.params.id, request.query.version)
      return reply.status(204).send(null)
    },
  )
}
export default routes
