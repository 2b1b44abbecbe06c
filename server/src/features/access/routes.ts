import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { BREAK_GLASS_MS } from '@cuntu/domain'
import { BreakGlassBody, ErrorBody } from '../../contract/index.ts'
import { notFound } from '../../plugins/errors.ts'
import { requireAbility, requireArea } from '../../plugins/access/policy.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody }

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/break-glass',
    {
      schema: {
        tags: ['access'],
        summary: "A supervisor's time-limited access to one village's named records, with a stated reason (audited)",
        body: BreakGlassBody,
        response: { 201: z.object({ villageCode: z.string(), expiresAt: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'breakGlass')
      const { villageCode, reason } = request.body
      requireArea(p, villageCode)
      const village = await request.scoped(({ repos }) => repos.areas.detail(villageCode))
      if (!village || village.level !== 'village') throw notFound('village_not_found', { code: villageCode })
      const expiresAt = await app.auth.grantBreakGlass(p.userId, villageCode, reason, BREAK_GLASS_MS)
      await request.scoped(({ audit }) => audit({ action: 'break_glass', targetType: 'village', targetIds: [villageCode], areaCode: villageCode, purpose: reason }))
      return reply.status(201).send({ villageCode, expiresAt })
    },
  )
}
export default routes
