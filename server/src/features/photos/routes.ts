/**
 * Photos of drawn features over HTTP: list, upload (multipart, one photo),
 * the image and its thumbnail, delete. The image work runs before the
 * transaction, so a large photo never holds the database; uploads and
 * deletions are audited, and every image answer is `no-store`.
 */
import { z } from 'zod'
import multipart from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ErrorBody, FeaturePhoto, FeaturePhotoList, Uuid } from '../../contract/index.ts'
import { AppError, badRequest, notFound } from '../../plugins/errors.ts'
import { requireAbility } from '../../plugins/access/policy.ts'
import { actorOf } from '../../plugins/auth.ts'
import { readParts } from '../imports/upload.ts'
import { PHOTO_LIMITS, processPhoto } from './image.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 423: ErrorBody }
const CAPTION_MAX = 80

interface PhotoForm {
  bytes: Uint8Array
  keepLocation: boolean
  caption: string
}

const routes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to these routes, like the imports' own.
  await app.register(multipart, {
    limits: { fileSize: PHOTO_LIMITS.bytes, files: 1, fields: 4, fieldSize: 400, parts: 6, headerPairs: 100 },
    throwFileSizeLimit: true,
  })

  async function readForm(request: FastifyRequest): Promise<PhotoForm> {
    const parts = await readParts(request, ['photo'], PHOTO_LIMITS.bytes).catch((e: unknown) => {
      // The upload reader's own words are about workbooks; a photo that is too large gets a photo's advice.
      if (e instanceof AppError && e.code === 'import_upload_too_large') throw new AppError('photo_too_large', 413, { limit: `${PHOTO_LIMITS.bytes / 1024 / 1024} MB` })
      throw e
    })
    const bytes = parts.files.get('photo')?.bytes
    if (!bytes || bytes.length === 0) throw badRequest('photo_missing')
    const keep = parts.fields.get('keepLocation')
    const caption = (parts.fields.get('caption') ?? '').trim()
    if (caption.length > CAPTION_MAX || caption.includes('\0')) throw badRequest('validation_failed', { details: `caption: at most ${CAPTION_MAX} characters` })
    return { bytes, keepLocation: keep === 'true' || keep === '1', caption }
  }

  app.get(
    '/api/features/:id/photos',
    { schema: { tags: ['maps'], summary: "A feature's photos, oldest first", params: z.object({ id: Uuid }), response: { 200: FeaturePhotoList, ...errors } } },
    (request) =>
      request.scoped(async ({ repos }) => {
        const photos = await repos.photos.list(request.params.id)
        if (!photos) throw notFound('feature_not_found')
        return { photos, limit: PHOTO_LIMITS.perFeature }
      }),
  )

  app.post(
    '/api/features/:id/photos',
    {
      schema: {
        tags: ['maps'],
        summary: `Add a photo (multipart: file field \`photo\`, JPEG/PNG/WebP ≤ ${PHOTO_LIMITS.bytes / 1024 / 1024} MB; \`keepLocation\`=true keeps its EXIF location, otherwise all metadata is dropped; optional \`caption\`)`,
        consumes: ['multipart/form-data'],
        params: z.object({ id: Uuid }),
        response: { 201: FeaturePhoto, ...errors },
      },
    },
    async (request, reply) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      const form = await readForm(request)
      const photo = await processPhoto(form.bytes, { keepLocation: form.keepLocation })
      const actor = actorOf(request)
      const saved = await request.scoped(async ({ repos, audit }) => {
        const f = await repos.photos.target(request.params.id)
        if (f.photos >= PHOTO_LIMITS.perFeature) throw badRequest('photo_limit', { limit: PHOTO_LIMITS.perFeature })
        const s = await repos.photos.add(request.params.id, f.villageCode, photo, { keptLocation: form.keepLocation, caption: form.caption, actor })
        await audit({ action: 'photo.add', targetType: 'feature', targetIds: [request.params.id, s.id], areaCode: f.villageCode, details: { keptLocation: form.keepLocation, bytes: photo.bytes.length } })
        return s
      })
      return reply.status(201).send(saved)
    },
  )

  for (const which of ['image', 'thumb'] as const) {
    app.get(
      which === 'image' ? '/api/photos/:id' : '/api/photos/:id/thumb',
      {
        schema: {
          tags: ['maps'],
          summary: which === 'image' ? 'A photo’s image' : 'A photo’s thumbnail (JPEG)',
          params: z.object({ id: Uuid }),
          response: { 200: z.any().describe('image/jpeg, image/png or image/webp'), ...errors },
        },
      },
      async (request, reply) => {
        const found = await request.scoped(({ repos }) => repos.photos.bytes(request.params.id, which))
        if (!found) throw notFound('photo_not_found')
        return reply.type(found.mime).header('cache-control', 'private, no-store').header('content-disposition', 'inline').send(found.bytes)
      },
    )
  }

  app.delete(
    '/api/photos/:id',
    { schema: { tags: ['maps'], summary: 'Delete a photo for good', params: z.object({ id: Uuid }), response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      await request.scoped(async ({ repos, audit }) => {
        const gone = await repos.photos.remove(request.params.id)
        await audit({ action: 'photo.delete', targetType: 'feature', targetIds: [gone.featureId, request.params.id], areaCode: gone.villageCode })
      })
      return reply.status(204).send(null)
    },
  )
}

export default routes
