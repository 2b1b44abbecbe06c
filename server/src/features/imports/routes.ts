/** Imports over HTTP: upload → preview → dry run → commit (with progress) → undo, and the village's import history. */
import { z } from 'zod'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import multipart from '@fastify/multipart'
import {
  AreaCode,
  ErrorBody,
  ImportBatchList,
  ImportCommitResult,
  ImportOptions,
  ImportPlanBody,
  ImportPreview,
  ImportProgress,
  UndoResult,
  Uuid,
} from '../../contract/index.ts'
import { AppError, notFound } from '../../plugins/errors.ts'
import { domainFailureOf } from '../../plugins/db-errors.ts'
import { analyzeSoon, faultOf } from '@cuntu/db'
import { summariseError } from '../../plugins/log-redact.ts'
import { negotiateLocale } from '../../i18n/locale.ts'
import { message } from '../../i18n/messages.ts'
import { actorOf } from '../../plugins/auth.ts'
import { requireAbility, requireArea, type Principal } from '../../plugins/access/policy.ts'
import type { ArchiveField, MappingOverrides } from './parse/index.ts'
import { parseImport, previewOf, sha256 } from './preview.ts'
import { planBody, planImport } from './plan.ts'
import { commitImport } from './commit.ts'
import { undoBatch } from './undo.ts'
import { filesOf, readUpload, UPLOAD_FILE_BYTES } from './upload.ts'
import { progressOf, setProgress } from './progress.ts'
import { checkVillage } from './village-check.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody }

const routes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to these routes: the rest of the API takes small JSON bodies only.
  await app.register(multipart, {
    limits: { fileSize: UPLOAD_FILE_BYTES, files: 2, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 },
    throwFileSizeLimit: true,
  })

  function requireImporter(request: FastifyRequest, code?: string): Principal {
    const p = request.requirePrincipal()
    requireAbility(p, 'editHouseholds')
    if (code) requireArea(p, code)
    return p
  }

  app.post(
    '/api/villages/:code/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Upload an archive workbook (.xlsx/.csv, field `archive`) and/or a locations file (field `locations`, with `crs` wgs84|gcj02) as multipart/form-data; answers the preview',
        params: z.object({ code: AreaCode }),
        consumes: ['multipart/form-data'],
        response: { 201: ImportPreview, ...errors },
      },
    },
    async (request, reply) => {
      const { code } = request.params
      const p = requireImporter(request, code)
      await request.scoped(async ({ repos }) => {
        if ((await repos.imports.villageLevel(code)) !== 'village') throw notFound('village_not_found', { code })
      })
      const { files, archive, locations } = await readUpload(request)
      // A file that cannot be read is refused here: nothing is stored.
      const parsed = await parseImport(files)
      const preview = await request.scoped(async ({ repos, audit }) => {
        await repos.imports.purgeExpiredUploads()
        const main = archive ?? locations!
        const stored = await repos.imports.insertUpload({
          villageCode: code,
          userId: p.userId,
          fileName: main.fileName,
          fileSha256: sha256(main.bytes),
          bytes: archive ? archive.bytes : new Uint8Array(),
          locationsFileName: locations?.fileName ?? null,
          locationsSha256: locations ? sha256(locations.bytes) : null,
          locationsBytes: locations?.bytes ?? null,
          locationsCrs: files.locations?.crs ?? null,
        })
        const body = previewOf(parsed, { uploadId: stored.id, villageCode: code, expiresAt: stored.expiresAt })
        await audit({
          action: 'import.preview', targetType: 'import_upload', targetIds: [stored.id], areaCode: code,
          details: { kind: parsed.kind, fileSha256: parsed.fileSha256, locationsSha256: locations ? sha256(locations.bytes) : null, stats: body.stats, locations: body.locations?.points ?? null },
        })
        return body
      })
      return reply.status(201).send(preview)
    },
  )

  /** Load the caller's upload (row-level security: theirs, in their area) and parse it with the options' mapping. */
  async function loadParsed(request: FastifyRequest, uploadId: string, options: z.infer<typeof ImportOptions>, onFound?: () => void) {
    const upload = await request.scoped(({ repos }) => repos.imports.upload(uploadId))
    if (!upload) throw notFound('import_upload_not_found')
    requireArea(request.requirePrincipal(), upload.villageCode)
    onFound?.()
    const parsed = await parseImport(filesOf(upload), options.mapping ? { mapping: options.mapping as MappingOverrides<ArchiveField> } : {})
    return { upload, parsed }
  }

  const uploadParams = z.object({ uploadId: Uuid })

  app.post(
    '/api/imports/:uploadId/dry-run',
    {
      schema: {
        tags: ['imports'],
        summary: 'What a commit would do: per household create / update / unchanged / skip (with reasons), every problem with sheet, row and column',
        params: uploadParams,
        body: ImportOptions,
        response: { 200: ImportPlanBody, ...errors },
      },
    },
    async (request) => {
      requireImporter(request)
      const { upload, parsed } = await loadParsed(request, request.params.uploadId, request.body)
      return request.scoped(async ({ repos }) => {
        const [stored, groups] = await Promise.all([repos.imports.villageHouseholds(upload.villageCode), repos.imports.groups(upload.villageCode)])
        const plan = planImport(parsed, stored, groups.map((g) => g.number), request.body)
        const mismatch = await checkVillage(repos.imports, upload.villageCode, plan, stored)
        return { ...planBody(plan), villageMismatch: mismatch.map((f) => f.code), uploadId: upload.id }
      })
    },
  )

  app.post(
    '/api/imports/:uploadId/commit',
    {
      schema: {
        tags: ['imports'],
        summary: 'Apply the import in one transaction (any failure rolls back everything); follow GET …/progress while it runs',
        params: uploadParams,
        body: ImportOptions,
        response: { 200: ImportCommitResult, 500: ErrorBody, ...errors },
      },
    },
    async (request) => {
      const p = requireImporter(request)
      const { uploadId } = request.params
      // Progress exists only for an upload the caller can see (theirs, in their area), from the moment it is found.
      let found = false
      try {
        const { upload, parsed } = await loadParsed(request, uploadId, request.body, () => {
          found = true
          setProgress(uploadId, p.userId, { phase: 'parse', done: 0, total: 0 })
        })
        const { plan, batchId } = await commitImport({
          database: app.database, scope: p.scope, actor: actorOf(request), villageCode: upload.villageCode, parsed, options: request.body, uploadId,
          onPlanned: () => setProgress(uploadId, p.userId, { phase: 'plan', done: 0, total: 0 }),
          onProgress: (x) => setProgress(uploadId, p.userId, x),
        })
        const result = { ...planBody(plan), batchId, uploadId }
        // Hundreds of new rows: fresh planner statistics (PGlite has no autovacuum), soon and once per burst.
        analyzeSoon(app.database, undefined, (err) => request.log.warn({ failure: summariseError(err) }, 'analyze after import failed'))
        setProgress(uploadId, p.userId, { ...(progressOf(uploadId, p.userId) ?? { done: 0, total: 0 }), phase: 'done' })
        return result
      } catch (e) {
        if (found) setProgress(uploadId, p.userId, { ...(progressOf(uploadId, p.userId) ?? { done: 0, total: 0 }), phase: 'failed' })
        // A lost connection or a full disk is the one error handler's 503, not an import failure.
        if (e instanceof AppError || faultOf(e)) throw e
        // The transaction has rolled back: say so, with the database's reason in the domain's words (never a
        // constraint name), and log codes only: the failed query's parameters are the villagers' records.
        const failure = domainFailureOf(e)
        request.log.error({ failure: summariseError(e), route: request.routeOptions.url }, 'import commit failed')
        const locale = negotiateLocale(request.headers['accept-language'])
        const reason = message(failure?.code ?? 'internal_error', locale)
        throw new AppError('import_failed', failure ? 422 : 500, { reason })
      }
    },
  )

  app.get(
    '/api/imports/:uploadId/progress',
    {
      schema: {
        tags: ['imports'],
        summary: 'Progress of a running commit: phase, rows written, rows in all',
        params: uploadParams,
        response: { 200: ImportProgress, ...errors },
      },
    },
    async (request) => {
      const p = requireImporter(request)
      return progressOf(request.params.uploadId, p.userId) ?? { phase: 'idle' as const, done: 0, total: 0 }
    },
  )

  app.get(
    '/api/villages/:code/imports',
    {
      schema: {
        tags: ['imports'],
        summary: "A village's imports, newest first: who, when, file hash, counts, undone or not",
        params: z.object({ code: AreaCode }),
        response: { 200: ImportBatchList, ...errors },
      },
    },
    async (request) => {
      const { code } = request.params
      requireArea(request.requirePrincipal(), code)
      return request.scoped(async ({ repos }) => ({ batches: await repos.imports.batches(code) }))
    },
  )

  app.post(
    '/api/imports/batches/:batchId/undo',
    {
      schema: {
        tags: ['imports'],
        summary: 'Undo an import as a whole: households it created are deleted, updated ones restored; 409 if any was edited since',
        params: z.object({ batchId: Uuid }),
        response: { 200: UndoResult, ...errors },
      },
    },
    async (request) => {
      const p = requireImporter(request)
      const undone = await request.scoped(async ({ repos, audit }) => {
        // Out of scope is invisible under row-level security: not found.
        const r = await undoBatch(repos.imports, request.params.batchId, p.userId)
        requireArea(p, r.villageCode)
        await audit({
          action: 'import.undo', targetType: 'import_batch', targetIds: [r.batchId], areaCode: r.villageCode,
          details: { restored: r.restored, deleted: r.deleted, groupsDeleted: r.groupsDeleted },
        })
        return { batchId: r.batchId, restored: r.restored, deleted: r.deleted, groupsDeleted: r.groupsDeleted }
      })
      analyzeSoon(app.database, undefined, (err) => request.log.warn({ failure: summariseError(err) }, 'analyze after undo failed'))
      return undone
    },
  )
}
export default routes
