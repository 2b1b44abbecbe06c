/** Imports over HTTP: upload → preview → dry run → commit (with progress) → undo, and the village's import history. */
import { z } from 'zod'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import multipart from '@fastify/multipart'
import { pgErrorOf } from '@cuntu/db'
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
import { actorOf } from '../../plugins/auth.ts'
import { requireAbility, requireArea, type Principal } from '../../plugins/access/policy.ts'
import type { ArchiveField, MappingOverrides } from './parse/index.ts'
import { parseImport, previewOf, sha256 } from './preview.ts'
import { planBody, planImport } from './plan.ts'
import { commitImport } from './commit.ts'
import { undoBatch } from './undo.ts'
import { filesOf, readUpload, UPLOAD_FILE_BYTES } from './upload.ts'
import { running, setProgress } from './progress.ts'
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
  async function loadParsed(request: FastifyRequest, uploadId: string, options: z.infer<typeof ImportOptions>) {
    const upload = await request.scoped(({ repos }) => repos.imports.upload(uploadId))
    if (!upload) throw notFound('import_upload_not_found')
    requireArea(request.requirePrincipal(), upload.villageCode)
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
      setProgress(uploadId, p.userId, { phase: 'parse', done: 0, total: 0 })
      try {
        const { upload, parsed } = await loadParsed(request, uploadId, request.body)
        const { plan, batchId } = await commitImport({
          database: app.database, scope: p.scope, actor: actorOf(request), villageCode: upload.villageCode, parsed, options: request.body, uploadId,
          onPlanned: () => setProgress(uploadId, p.userId, { phase: 'plan', done: 0, total: 0 }),
          onProgress: (x) => setProgress(uploadId, p.userId, x),
        })
        const result = { ...planBody(plan), batchId, uploadId }
        setProgress(uploadId, p.userId, { ...(running.get(uploadId) ?? { done: 0, total: 0 }), phase: 'done' })
        return result
      } catch (e) {
        setProgress(uploadId, p.userId, { ...(running.get(uploadId) ?? { done: 0, total: 0 }), phase: 'failed' })
        if (e instanceof AppError) throw e
        // The transaction has rolled back: say so, with the database's reason (codes, not values).
        const { code, constraint } = pgErrorOf(e)
        request.log.error({ err: e }, 'import commit failed')
        const reason = code ? `${code}${constraint ? ` ${constraint}` : ''}` : e instanceof Error ? e.message.slice(0, 200) : 'unknown'
        throw new AppError('import_failed', code?.startsWith('23') ? 422 : 500, { reason })
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
      const r = running.get(request.params.uploadId)
      if (!r || r.userId !== p.userId) return { phase: 'idle' as const, done: 0, total: 0 }
      return { phase: r.phase, done: r.done, total: r.total }
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
      return request.scoped(async ({ repos, audit }) => {
        // Out of scope is invisible under row-level security: not found.
        const r = await undoBatch(repos.imports, request.params.batchId, p.userId)
        requireArea(p, r.villageCode)
        await audit({
          action: 'import.undo', targetType: 'import_batch', targetIds: [r.batchId], areaCode: r.villageCode,
          details: { restored: r.restored, deleted: r.deleted, groupsDeleted: r.groupsDeleted },
        })
        return { batchId: r.batchId, restored: r.restored, deleted: r.deleted, groupsDeleted: r.groupsDeleted }
      })
    },
  )
}
export default routes
