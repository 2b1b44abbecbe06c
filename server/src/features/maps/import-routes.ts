/**
 * Import of a map's features from GeoJSON or KML over HTTP: one file (multipart
 * field `file`), a dry run first (`?dryRun=1`, the row-level report of what
 * would be created, repaired or refused), then the commit. The file is checked
 * and read before the transaction (the imports' upload guard, then
 * exchange-read.ts); the repository does the rest in one transaction. Contacts
 * in the file are taken only when the role may read names; a commit is audited.
 */
import { z } from 'zod'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ErrorBody, MapImportQuery, MapImportReport, Uuid } from '../../contract/index.ts'
import { badRequest, notFound } from '../../plugins/errors.ts'
import { mayReadNames, requireAbility } from '../../plugins/access/policy.ts'
import { actorOf } from '../../plugins/auth.ts'
import { negotiateLocale } from '../../i18n/locale.ts'
import { message } from '../../i18n/messages.ts'
import { checkType, readParts } from '../imports/upload.ts'
import { MAX_IMPORT_BYTES, readExchange } from './exchange-read.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody.extend({ report: MapImportReport.optional() }), 423: ErrorBody }

const LayerName = z.string().trim().min(1).max(80)

const routes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this route, like the imports' and photos' own.
  await app.register(multipart, {
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 6, fieldSize: 200, parts: 8, headerPairs: 100 },
    throwFileSizeLimit: true,
  })

  app.post(
    '/api/maps/:id/import',
    {
      schema: {
        tags: ['maps'],
        summary:
          'Import features from a GeoJSON or KML file (multipart `file`; `layerId` of this map or `layerName` for a new layer, default the file name; optional `defaultKind` for rows of unknown kind; `skipRefused`=1 to commit the rest when some rows are refused). `?dryRun=1` answers the report and writes nothing.',
        consumes: ['multipart/form-data'],
        params: z.object({ id: Uuid }),
        querystring: MapImportQuery,
        response: { 200: MapImportReport, 201: MapImportReport, ...errors },
      },
    },
    async (request, reply) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      const { files, fields } = await readParts(request, ['file'], MAX_IMPORT_BYTES)
      const file = files.get('file')
      if (!file || file.bytes.length === 0) throw badRequest('map_import_file_missing')
      checkType(file, 'features')
      const layerId = fields.get('layerId') || null
      if (layerId !== null && !Uuid.safeParse(layerId).success) throw badRequest('validation_failed', { details: 'layerId: not a layer id' })
      const layerName = LayerName.safeParse(fields.get('layerName') || file.fileName.replace(/\.[^.]+$/, '') || file.fileName)
      if (!layerId && !layerName.success) throw badRequest('validation_failed', { details: 'layerName: 1 to 80 characters' })
      const defaultKind = fields.get('defaultKind') || null
      const dryRun = request.query.dryRun === '1'
      const { format, rows } = readExchange(file.bytes, file.fileName)
      const locale = negotiateLocale(request.headers['accept-language'])
      const a = actorOf(request)
      const report = await request.scoped(async ({ repos, audit }) => {
        const m = await repos.maps.map(request.params.id)
        if (!m) throw notFound('map_not_found')
        if (defaultKind !== null && !(await repos.maps.kinds()).some((k) => k.code === defaultKind)) throw badRequest('unknown_feature_kind', { kind: defaultKind })
        const r = await repos.maps.importFeatures(
          m.id,
          {
            rows,
            target: layerId ? { layerId } : { layerName: layerName.data! },
            defaultKind,
            dryRun,
            skipRefused: fields.get('skipRefused') === '1',
            format,
            fileName: file.fileName,
          },
          { userId: a.userId, username: a.username },
          { contacts: mayReadNames(p, m.villageCode) },
          (code, params) => message(code, locale, params),
        )
        if (r.committed) {
          await audit({
            action: 'map.import',
            targetType: 'map',
            targetIds: [m.id],
            areaCode: m.villageCode,
            details: { format, file: file.fileName, layer: r.layer.id, layerCreated: r.layer.created, ...r.counts, contactsDropped: r.contactsDropped },
          })
        }
        return r
      })
      return reply.status(report.committed ? 201 : 200).send(report)
    },
  )
}
export default routes
