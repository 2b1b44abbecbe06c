import { z } from 'zod'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { PASSWORD_MIN_LENGTH } from '@cuntu/domain'
import { pgErrorOf } from '@cuntu/db'
import { ErrorBody, Organisation, UserCreate, UserOut, UserPatch, Uuid } from '../../contract/index.ts'
import { badRequest, conflict, forbidden, notFound } from '../../plugins/errors.ts'
import { requireAbility, type Principal } from '../../plugins/access/policy.ts'
import { hashPassword, passwordProblem } from '../auth/passwords.ts'
import { userRepository } from './repository.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody }

const routes: FastifyPluginAsyncZod = async (app) => {
  const users = userRepository(app.database)

  /** The organisations a principal manages: all for a system admin, its own subtree for a station lead. */
  const managed = async (p: Principal): Promise<string[] | '*'> => {
    requireAbility(p, 'manageUsers')
    if (p.role === 'system_admin') return '*'
    return p.organisationId ? users.subtree(p.organisationId) : []
  }
  const audit = (request: FastifyRequest, action: string, ids: string[]) =>
    request.scoped(({ audit }) => audit({ action, targetType: 'user', targetIds: ids }))

  app.get(
    '/api/organisations',
    {
      schema: {
        tags: ['users'],
        summary: 'The 双百 organisations you manage (bureau › station › service point) with the areas each serves',
        response: {
          200: z.array(Organisation),
          ...errors,
        },
      },
    },
    async (request) => users.organisations(await managed(request.requirePrincipal())),
  )

  app.get('/api/users', { schema: { tags: ['users'], summary: 'Accounts you manage', response: { 200: z.array(UserOut), ...errors } } }, async (request) =>
    users.list(await managed(request.requirePrincipal())),
  )

  app.post(
    '/api/users',
    { schema: { tags: ['users'], summary: 'Create an account in an organisation you manage', body: UserCreate, response: { 201: UserOut, ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      const orgs = await managed(p)
      const body = request.body
      if (orgs !== '*' && !orgs.includes(body.organisationId)) throw notFound('organisation_not_found')
      // A station lead adds workers and other leads to the station; wider roles are the system admin's to give.
      if (p.role !== 'system_admin' && !['worker', 'station_lead'].includes(body.role)) throw forbidden('forbidden')
      const problem = passwordProblem(body.password, body.username)
      if (problem) throw badRequest('password_rejected', { reason: problem, min: PASSWORD_MIN_LENGTH })
      let id: string
      try {
        id = await users.create({ ...body, passwordHash: await hashPassword(body.password) })
      } catch (err) {
        if (pgErrorOf(err).code === '23505') throw conflict('username_taken', { username: body.username })
        throw err
      }
      await audit(request, 'user.create', [id])
      const [created] = (await users.list([body.organisationId])).filter((u) => u.id === id)
      return reply.status(201).send(created!)
    },
  )

  app.patch(
    '/api/users/:id',
    { schema: { tags: ['users'], summary: 'Disable or re-enable an account, or reset its password (its sessions end)', params: z.object({ id: Uuid }), body: UserPatch, response: { 200: UserOut, ...errors } } },
    async (request) => {
      const p = request.requirePrincipal()
      const orgs = await managed(p)
      const target = (await users.list(orgs)).find((u) => u.id === request.params.id)
      if (!target) throw notFound('user_not_found')
      // A lead who disabled themselves would lock the station out; a reset here would skip the current-password check of account settings.
      if (target.id === p.userId) throw forbidden('user_self')
      if (request.body.password !== undefined) {
        const problem = passwordProblem(request.body.password, target.username)
        if (problem) throw badRequest('password_rejected', { reason: problem, min: PASSWORD_MIN_LENGTH })
        await app.auth.setPassword(target.id, await hashPassword(request.body.password))
        await app.auth.revokeAllSessions(target.id)
        await audit(request, 'user.password_reset', [target.id])
      }
      if (request.body.disabled !== undefined) {
        await users.setDisabled(target.id, request.body.disabled)
        if (request.body.disabled) await app.auth.revokeAllSessions(target.id)
        await audit(request, request.body.disabled ? 'user.disable' : 'user.enable', [target.id])
      }
      return (await users.list(orgs)).find((u) => u.id === target.id)!
    },
  )
}
export default routes
