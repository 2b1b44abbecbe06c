import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AuditEntryOut, AuditQueryString, ErrorBody } from '../../contract/index.ts'
import { requireAbility, requireArea } from '../../plugins/access/policy.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['access'],
        summary: 'The audit log of your area, newest first (station leads and system admins)',
        querystring: AuditQueryString,
        response: { 200: z.array(AuditEntryOut), ...errors },
      },
    },
    async (request) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'readAudit')
      if (request.query.areaCode) requireArea(p, request.query.areaCode)
      return request.scoped(({ repos }) => repos.audit.list(request.query))
    },
  )
}
export default routes
