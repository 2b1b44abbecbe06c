import { z } from 'zod'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import multipart from '@fastify/multipart'
import { faultOf, pgErrorOf } from '@cuntu/db'
import { safeFileName } from './file-name.ts'
import {
  AreaCode,
  ErrorBody,
  ExportQuery,
  ImportBatchList,
  ImportCommitResult,
  ImportOptions,
  ImportPlanBody,
  ImportPreview,
  ImportProgress,
  UndoResult,
  Uuid,
} from '../../contract/index.ts'
import { AppError, badRequest, forbidden, notFound } from '../../plugins/errors.ts'
import { requireAbility, requireArea, requireNames, type Principal } from '../access/policy.ts'
import { formatBytes } from './parse/errors.ts'
import type { ArchiveField, MappingOverrides } from './parse/index.ts'
import {
  commitPlan,
  parseImport,
  planBody,
  planImport,
  previewOf,
  sha256,
  undoBatch,
  type ImportFiles,
  type Progress,
  type UploadedFile,
} from './service.ts'
import { archiveCsv, archiveXlsx, exportHouseholds, householdsGeoJson, householdsKml, type ExportOptions } from './export.ts'
import type { UploadRow } from './repository.ts'

/** Per uploaded file; the parsing layer enforces the same limit on what it reads. */
export const UPLOAD_FILE_BYTES = 50 * 1024 * 1024

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody }

const ARCHIVE_EXT = /\.(xlsx|xlsm|xls|csv|txt)$/i
const LOCATION_EXT = /\.(csv|txt|xlsx|geojson|json|kml)$/i

const ZIP = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0]
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((x, i) => b[i] === x)

/**
 * Refuse what is plainly not a workbook or location file before parsing: by
 * extension, and by content (an .xlsx must be a zip, or the OLE box of a legacy
 * or encrypted workbook, which the parser explains; text must not hold NUL bytes).
 */
function checkType(file: UploadedFile, role: 'archive' | 'locations'): void {
  const name = file.fileName
  const ok = role === 'archive' ? ARCHIVE_EXT.test(name) : LOCATION_EXT.test(name)
  if (!ok) throw new AppError('import_file_type', 415, { name })
  const b = file.bytes
  if (b.length === 0) return // the parser says "empty file"
  if (/\.(xlsx|xlsm|xls)$/i.test(name)) {
    if (!startsWith(b, ZIP) && !startsWith(b, OLE)) throw new AppError('import_file_type', 415, { name })
    return
  }
  const head = b.subarray(0, 4096)
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)
  if (!utf16 && head.includes(0)) throw new AppError('import_file_type', 415, { name })
}

/** Progress of running commits, by upload id (this process). */
const running = new Map<string, Progress & { userId: string }>()
const PROGRESS_KEPT_MS = 10 * 60 * 1000

function setProgress(uploadId: string, userId: string, p: Progress) {
  running.set(uploadId, { ...p, userId })
  if (p.phase === 'done' || p.phase === 'failed') setTimeout(() => running.delete(uploadId), PROGRESS_KEPT_MS).unref()
}

function filesOf(u: UploadRow): ImportFiles {
  return {
    // A locations file on its own is stored with an empty archive (an empty archive upload never gets this far).
    archive: u.bytes.length > 0 ? { bytes: u.bytes, fileName: u.fileName } : null,
    locations: u.locationsBytes && u.locationsFileName && u.locationsCrs
      ? { bytes: u.locationsBytes, fileName: u.locationsFileName, crs: u.locationsCrs }
      : null,
  }
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

const routes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to these routes: the rest of the API takes small JSON bodies only.
  await app.register(multipart, {
    limits: { fileSize: UPLOAD_FILE_BYTES, files: 2, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 },
    throwFileSizeLimit: true,
  })

  async function readUpload(request: FastifyRequest): Promise<{ files: ImportFiles; archive: UploadedFile | null; locations: UploadedFile | null; crs: string | null }> {
    if (!request.isMultipart()) throw new AppError('import_multipart_required', 415)
    let archive: UploadedFile | null = null
    let locations: UploadedFile | null = null
    let crs: string | null = null
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer()
          const file = { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName: safeFileName(part.filename || part.fieldname) }
          if (part.fieldname === 'locations') locations = file
          else if (part.fieldname === 'archive' || part.fieldname === 'file') archive = file
          else throw badRequest('validation_failed', { details: `unknown file field "${part.fieldname}" (use archive and locations)` })
        } else if (part.fieldname === 'crs') {
          crs = String(part.value)
        }
      }
    } catch (e) {
      const code = (e as { code?: string }).code
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('import_upload_too_large', 413, { limit: formatBytes(UPLOAD_FILE_BYTES) })
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('import_too_many_files', 413)
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('import_multipart_required', 415)
      throw e
    }
    if (!archive && !locations) throw badRequest('import_file_missing')
    if (archive) checkType(archive, 'archive')
    if (locations) {
      checkType(locations, 'locations')
      if (crs !== 'wgs84' && crs !== 'gcj02') throw badRequest('import_crs_required')
    }
    const files: ImportFiles = {
      archive,
      locations: locations ? { ...locations, crs: crs as 'wgs84' | 'gcj02' } : null,
    }
    return { files, archive, locations, crs }
  }

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
        return { ...planBody(plan), uploadId: upload.id }
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
        const result = await request.scoped(async ({ repos, audit }) => {
          // Wait for any other commit or undo of this village, then plan from what it left behind.
          await repos.imports.lockVillage(upload.villageCode)
          if (!(await repos.imports.uploadExists(uploadId))) throw notFound('import_upload_not_found')
          setProgress(uploadId, p.userId, { phase: 'plan', done: 0, total: 0 })
          const [stored, groups] = await Promise.all([repos.imports.villageHouseholds(upload.villageCode), repos.imports.groups(upload.villageCode)])
          const plan = planImport(parsed, stored, groups.map((g) => g.number), request.body)
          if (plan.counts.create + plan.counts.update + plan.counts.unchanged === 0) throw new AppError('import_nothing_to_import', 422)
          const batchId = await commitPlan(repos.imports, parsed, plan, { villageCode: upload.villageCode, userId: p.userId, username: p.username }, (x) =>
            setProgress(uploadId, p.userId, x),
          )
          await repos.imports.deleteUpload(uploadId)
          await audit({
            action: 'import.commit', targetType: 'import_batch', targetIds: [batchId], areaCode: upload.villageCode,
            details: { kind: parsed.kind, fileSha256: parsed.fileSha256, counts: plan.counts },
          })
          return { ...planBody(plan), batchId, uploadId }
        })
        setProgress(uploadId, p.userId, { ...(running.get(uploadId) ?? { done: 0, total: 0 }), phase: 'done' })
        return result
      } catch (e) {
        setProgress(uploadId, p.userId, { ...(running.get(uploadId) ?? { done: 0, total: 0 }), phase: 'failed' })
        // A lost connection or a full disk is the one error handler's 503, not an import failure.
        if (e instanceof AppError || faultOf(e)) throw e
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

  // ── exports ────────────────────────────────────────────────────────────────
  const FORMATS = {
    xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', build: archiveXlsx },
    csv: { type: 'text/csv; charset=utf-8', build: archiveCsv },
    geojson: { type: 'application/geo+json; charset=utf-8', build: householdsGeoJson },
    kml: { type: 'application/vnd.google-earth.kml+xml; charset=utf-8', build: householdsKml },
  } as const

  async function sendExport(request: FastifyRequest, reply: FastifyReply, code: string, format: keyof typeof FORMATS, names: boolean) {
    const p = request.requirePrincipal()
    requireArea(p, code)
    if (names) {
      requireAbility(p, 'exportNamed')
      requireNames(p, code)
    } else if (!p.abilities.namedRecords) {
      // Even without names the rows are individual records (health, disability): not for aggregate-only roles.
      throw forbidden('forbidden')
    }
    const { body, fileName } = await request.scoped(async ({ repos, audit }) => {
      if ((await repos.imports.villageLevel(code)) !== 'village') throw notFound('village_not_found', { code })
      const villageName = (await repos.imports.villageName(code)) ?? code
      const households = exportHouseholds(await repos.imports.villageHouseholds(code))
      const options: ExportOptions = { villageCode: code, villageName, names }
      const built = await FORMATS[format].build(households, options)
      await audit({ action: 'export', targetType: 'area', targetIds: [code], areaCode: code, details: { format, names, households: households.length } })
      const stamp = new Date().toISOString().slice(0, 10)
      return { body: built, fileName: `${villageName}-${code}-${stamp}${names ? '-保密' : ''}.${format}` }
    })
    return reply
      .header('content-type', FORMATS[format].type)
      .header('content-disposition', contentDisposition(fileName))
      .header('cache-control', 'no-store')
      .send(body)
  }

  for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    app.get(
      `/api/villages/:code/export.${format}`,
      {
        schema: {
          tags: ['exports'],
          summary: `Export the village as ${format}${format === 'xlsx' ? ' (the archive layout: import → export → import gives the same data)' : ''}; names only with ?names=1 (exportNamed)`,
          params: z.object({ code: AreaCode }),
          querystring: ExportQuery,
          response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
      },
      (request, reply) => sendExport(request, reply, request.params.code, format, request.query.names),
    )
  }
}
export default routes
