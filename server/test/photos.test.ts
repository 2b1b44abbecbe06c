/**
 * Photos of drawn features: uploaded as real files (JPEG with EXIF GPS, PNG,
 * a PNG called .jpg, text called .jpg, an oversized file, a decompression
 * bomb), read back and checked with exifr; limits, locked layers, the role
 * and area matrix, and the audit rows. Nothing refused leaves a row behind.
 */
import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import exifr from 'exifr'
import { sql } from 'drizzle-orm'
import { OTHER_VILLAGE, TEST_VILLAGE, withVillage, type Client } from './helpers.ts'
import { multipart } from './imports-helpers.ts'
import { phoneJpeg } from '../src/features/photos/photos.test-data.ts'
import { PHOTO_LIMITS } from '../src/features/photos/image.ts'

const C = [111.0412, 21.8237]

async function featureIn(client: Client, village = TEST_VILLAGE) {
  const m = (await client.inject({ method: 'POST', url: `/api/villages/${village}/maps`, payload: { name: '资源地图', purpose: 'asset' } })).json()
  const f = await client.inject({ method: 'POST', url: `/api/layers/${m.layers[0].id}/features`, payload: { kind: 'volunteer_team', name: '青年志愿队', geometry: { type: 'Point', coordinates: C } } })
  expect(f.statusCode, f.body).toBe(201)
  return { map: m, layer: m.layers[0], feature: f.json() as { id: string } }
}

function upload(client: Client, featureId: string, data: Uint8Array, o: { fileName?: string; type?: string; keepLocation?: boolean; caption?: string } = {}) {
  const { payload, headers } = multipart([
    { name: 'photo', fileName: o.fileName ?? 'IMG_0001.jpg', type: o.type ?? 'image/jpeg', data },
    ...(o.keepLocation ? [{ name: 'keepLocation', data: 'true' }] : []),
    ...(o.caption ? [{ name: 'caption', data: o.caption }] : []),
  ])
  return client.inject({ method: 'POST', url: `/api/features/${featureId}/photos`, payload, headers })
}

const count = async (client: Client, featureId: string) => ((await client.inject(`/api/features/${featureId}/photos`)).json() as { photos: unknown[] }).photos.length

describe('feature photos', () => {
  it('stores a phone photo without its EXIF location unless kept on purpose, with a thumbnail, no-store, audited', async () => {
    const { app, database } = await withVillage(3)
    const { feature } = await featureIn(app)
    const res = await upload(app, feature.id, await phoneJpeg(800, 600), { caption: '活动室门口' })
    expect(res.statusCode, res.body).toBe(201)
    const photo = res.json() as { id: string; url: string; thumbUrl: string; mime: string; width: number; keptLocation: boolean; caption: string }
    expect(photo).toMatchObject({ mime: 'image/jpeg', width: 800, keptLocation: false, caption: '活动室门口' })
    const image = await app.inject(photo.url)
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/jpeg')
    expect(image.headers['cache-control']).toContain('no-store')
    expect(await exifr.gps(image.rawPayload)).toBeUndefined()
    const thumb = await app.inject(photo.thumbUrl)
    expect(thumb.headers['content-type']).toBe('image/jpeg')
    expect(Math.max((await sharp(thumb.rawPayload).metadata()).width!, (await sharp(thumb.rawPayload).metadata()).height!)).toBe(PHOTO_LIMITS.thumbEdge)

    const kept = (await upload(app, feature.id, await phoneJpeg(), { keepLocation: true })).json() as { url: string; keptLocation: boolean }
    expect(kept.keptLocation).toBe(true)
    expect((await exifr.gps((await app.inject(kept.url)).rawPayload))?.latitude).toBeCloseTo(21.8125, 4)

    const list = (await app.inject(`/api/features/${feature.id}/photos`)).json() as { photos: { id: string }[]; limit: number }
    expect(list.photos.map((p) => p.id)[0]).toBe(photo.id)
    expect(list.limit).toBe(PHOTO_LIMITS.perFeature)
    const audit = await database.rows<{ action: string; details: Record<string, unknown> }>(sql`select action, details from audit_log where action = 'photo.add' order by at`)
    expect(audit.map((a) => a.details.keptLocation)).toEqual([false, true])

    expect((await app.inject({ method: 'DELETE', url: photo.url })).statusCode).toBe(204)
    expect((await app.inject(photo.url)).statusCode).toBe(404)
    expect(await count(app, feature.id)).toBe(1)
    expect((await database.rows(sql`select 1 from audit_log where action = 'photo.delete'`)).length).toBe(1)
  })

  it('tells the type from the content: a PNG called .jpg is stored as PNG, text called .jpg is refused', async () => {
    const { app } = await withVillage(3)
    const { feature } = await featureIn(app)
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#0a0' } }).png().toBuffer()
    const res = await upload(app, feature.id, png, { fileName: 'photo.jpg', type: 'image/jpeg' })
    expect(res.statusCode, res.body).toBe(201)
    expect((await app.inject(res.json().url)).headers['content-type']).toBe('image/png')
    const text = await upload(app, feature.id, new TextEncoder().encode('这不是照片'), { fileName: 'photo.jpg' })
    expect(text.statusCode).toBe(415)
    expect(text.json().error.code).toBe('photo_type')
    expect(text.json().error.message).toContain('JPEG')
    expect(await count(app, feature.id)).toBe(1)
  })

  it('refuses an oversized file, a decompression bomb and a missing file with clear errors, storing nothing', async () => {
    const { app } = await withVillage(3)
    const { feature } = await featureIn(app)
    const big = Buffer.concat([await phoneJpeg(), Buffer.alloc(PHOTO_LIMITS.bytes)])
    const tooBig = await upload(app, feature.id, big)
    expect(tooBig.statusCode).toBe(413)
    expect(tooBig.json().error.code).toBe('photo_too_large')
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer()
    const bombed = await upload(app, feature.id, bomb, { fileName: 'bomb.png', type: 'image/png' })
    expect(bombed.statusCode).toBe(413)
    expect(bombed.json().error.code).toBe('photo_too_many_pixels')
    const { payload, headers } = multipart([{ name: 'caption', data: '没有照片' }])
    const none = await app.inject({ method: 'POST', url: `/api/features/${feature.id}/photos`, payload, headers })
    expect(none.statusCode).toBe(400)
    expect(none.json().error.code).toBe('photo_missing')
    const json = await app.inject({ method: 'POST', url: `/api/features/${feature.id}/photos`, payload: { photo: 'x' } })
    expect(json.statusCode).toBe(415)
    expect(await count(app, feature.id)).toBe(0)
  })

  it(`keeps at most ${PHOTO_LIMITS.perFeature} photos on a feature, and none on a locked layer`, async () => {
    const { app } = await withVillage(3)
    const { feature, layer } = await featureIn(app)
    const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#333' } }).jpeg().toBuffer()
    for (let i = 0; i < PHOTO_LIMITS.perFeature; i++) expect((await upload(app, feature.id, small)).statusCode).toBe(201)
    const over = await upload(app, feature.id, small)
    expect(over.statusCode).toBe(400)
    expect(over.json().error.code).toBe('photo_limit')
    const locked = await app.inject({ method: 'PATCH', url: `/api/layers/${layer.id}`, payload: { version: layer.version, locked: true } })
    expect(locked.statusCode, locked.body).toBe(200)
    const { photos } = (await app.inject(`/api/features/${feature.id}/photos`)).json() as { photos: { url: string }[] }
    const del = await app.inject({ method: 'DELETE', url: photos[0]!.url })
    expect(del.statusCode).toBe(423)
    expect(await count(app, feature.id)).toBe(PHOTO_LIMITS.perFeature)
  })

  it('a photo out of scope is invisible (RLS); read-only roles cannot add or delete', async () => {
    const { app, as } = await withVillage(3)
    const admin = await as('admin')
    const other = await featureIn(admin, OTHER_VILLAGE)
    const theirs = (await upload(admin, other.feature.id, await phoneJpeg())).json() as { url: string; thumbUrl: string }
    expect((await app.inject(theirs.url)).statusCode).toBe(404)
    expect((await app.inject(theirs.thumbUrl)).statusCode).toBe(404)
    expect((await app.inject(`/api/features/${other.feature.id}/photos`)).statusCode).toBe(404)
    expect((await upload(app, other.feature.id, await phoneJpeg())).statusCode).toBe(404)
    expect((await app.inject({ method: 'DELETE', url: theirs.url })).statusCode).toBe(404)
    expect(await count(admin, other.feature.id)).toBe(1)

    const { feature } = await featureIn(app)
    const mine = (await upload(app, feature.id, await phoneJpeg())).json() as { url: string }
    const bureau = await as('bureau')
    expect((await bureau.inject(mine.url)).statusCode).toBe(200)
    expect((await upload(bureau, feature.id, await phoneJpeg())).statusCode).toBe(403)
    expect((await bureau.inject({ method: 'DELETE', url: mine.url })).statusCode).toBe(403)
    expect(await count(app, feature.id)).toBe(1)
  })
})
