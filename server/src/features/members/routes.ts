import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FastifyRequest } from 'fastify'
import { ErrorBody, Household, MemberCreate, MemberPatch, Uuid, VersionQuery } from '../../contract/index.ts'
import type { FeatureRepositories as Repositories } from '../index.ts'
import { requireAbility } from '../../plugins/access/policy.ts'

// Member writes answer with the whole household, so the card can redraw from one response.
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody.extend({ current: Household.optional() }) }

const errorsAuth = { ...errors, 401: ErrorBody, 403: ErrorBody }

const routes: FastifyPluginAsyncZod = async (app) => {
  /** Member writes: the editor role, inside the caller's scope, audited against the household. */
  const write = (request: FastifyRequest, action: string, fn: (repo: Repositories['households']) => Promise<Household>) => {
    requireAbility(request.requirePrincipal(), 'editHouseholds')
    return request.scoped(async ({ repos, audit }) => {
      const h = await fn(repos.households)
      await audit({ action, targetType: 'household', targetIds: [h.id], areaCode: h.villageCode })
      return h
    })
  }

  app.post(
    '/api/households/:id/members',
    {
      schema: {
        tags: ['members'],
        summary: 'Add a member to a household',
        params: z.object({ id: Uuid }),
        body: MemberCreate,
        response: { 201: Household, ...errorsAuth },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await write(request, 'member.create', (repo) => repo.addMember(request.params.id, request.body))),
  )

  app.patch(
    '/api/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: "Edit a member; `version` must be the member's version you read",
        params: z.object({ id: Uuid }),
        body: MemberPatch,
        response: { 200: Household, ...errorsAuth },
      },
    },
    (request) => write(request, 'member.update', (repo) => repo.updateMember(request.params.id, request.body)),
  )

  app.delete(
    '/api/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: 'Remove a member',
        params: z.object({ id: Uuid }),
        querystring: VersionQuery,
        response: { 200: Household, ...errorsAuth },
      },
    },
    (request) => write(request, 'member.delete', (repo) => repo.removeMember(request.params.id, request.query.version)),
  )
}
export default routes
