/**
 * Printed maps: the client renders the sheet (it has the map engine and the
 * fonts); the server decides whether it may, records the parameters as a
 * saved snapshot and audits the export, before a single pixel is drawn.
 */
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AreaCode, ErrorBody, PrintRequest, PrintSnapshot, Uuid } from '../../contract/index.ts'
import { notFound } from '../../plugins/errors.ts'
import { requireAbility, requireArea, requireNames } from '../../plugins/access/policy.ts'

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/villages/:code/prints',
    {
      schema: {
        tags: ['print'],
        summary:
          'Record a print (sheet, atlas or WeChat image) before the client renders it: saves its parameters as a snapshot and audits it; names only with exportNamed',
        params: z.object({ code: AreaCode }),
        body: PrintRequest,
        response: { 201: PrintSnapshot, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const p = request.requirePrincipal()
      const { code } = request.params
      const { params, counts } = request.body
      requireArea(p, code)
      // Checked before anything is written: a refused print leaves no snapshot and no export row.
      if (params.names) {
        requireAbility(p, 'exportNamed')
        requireNames(p, code)
      }
      const snapshot = await request.scoped(async ({ repos, audit }) => {
        if ((await repos.print.villageLevel(code)) !== 'village') throw notFound('village_not_found', { code })
        const row = await repos.print.create({ villageCode: code, userId: p.userId, userName: p.displayName || p.username, params, counts })
        await audit({
          action: 'print',
          targetType: 'area',
          targetIds: [code],
          areaCode: code,
          details: {
            snapshot: row.id,
            kind: params.kind,
            format: params.format,
            names: params.names,
            deidentified: params.deidentified,
            filters: params.filters,
            extent: params.extent,
            layers: params.layers,
            basemap: params.basemap,
            page: params.page,
            households: counts.households,
          },
        })
        return row
      })
      return reply.code(201).send(snapshot)
    },
  )

  app.get(
    '/api/villages/:code/prints',
    {
      schema: {
        tags: ['print'],
        summary: 'Saved print snapshots of a village, newest first',
        params: z.object({ code: AreaCode }),
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.array(PrintSnapshot), 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      requireArea(request.requirePrincipal(), request.params.code)
      return request.scoped(({ repos }) => repos.print.list(request.params.code, request.query.limit))
    },
  )

  app.get(
    '/api/prints/:id',
    {
      schema: {
        tags: ['print'],
        summary: 'One saved print snapshot (to reopen as the live view or print again)',
        params: z.object({ id: Uuid }),
        response: { 200: PrintSnapshot, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      request.requirePrincipal()
      // Row-level security hides snapshots outside the caller's scope: they are simply not found.
      const row = await request.scoped(({ repos }) => repos.print.get(request.params.id))
      if (!row) throw notFound('print_not_found')
      return row
    },
  )
}
export default routes
