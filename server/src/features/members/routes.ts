import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ErrorBody, Household, MemberCreate, MemberPatch, Uuid, VersionQuery } from '../../contract/index.ts'

// Member writes answer with the whole household, so the card can redraw from one response.
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody.extend({ current: Household.optional() }) }

const routes: FastifyPluginAsyncZod = async (app) => {
  const repo = app.repos.households

  app.post(
    '/api/households/:id/members',
    {
      schema: {
        tags: ['members'],
        summary: 'Add a member to a household',
        params: z.object({ id: Uuid }),
        body: MemberCreate,
        response: { 201: Household, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await repo.addMember(request.params.id, request.body)),
  )

  app.patch(
    '/api/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: "Edit a member; `version` must be the member's version you read",
        params: z.object({ id: Uuid }),
        body: MemberPatch,
        response: { 200: Household, ...errors },
      },
    },
    (request) => repo.updateMember(request.params.id, request.body),
  )

  app.delete(
    '/api/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: 'Remove a member',
        params: z.object({ id: Uuid }),
        querystring: VersionQuery,
        response: { 200: Household, ...errors },
      },
    },
    (request) => repo.removeMember(request.params.id, request.query.version),
  )
}
export default routes
