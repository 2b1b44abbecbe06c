import { describe, expect, it } from 'vitest'
import sharp from 'sharp'
import exifr from 'exifr'
import { PHOTO_LIMITS, processPhoto, sniffImage } from './image.ts'
import { phoneJpeg } from './photos.test-data.ts'

const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code)

describe('processPhoto', () => {
  it('drops the EXIF location (and every other tag) unless asked to keep it', async () => {
    const input = await phoneJpeg()
    expect((await exifr.gps(input))?.latitude).toBeCloseTo(21.8125, 4)
    const stripped = await processPhoto(input, { keepLocation: false })
    expect(stripped.mime).toBe('image/jpeg')
    expect(await exifr.parse(stripped.bytes)).toBeUndefined()
    const kept = await processPhoto(input, { keepLocation: true })
    const gps = await exifr.gps(kept.bytes)
    expect(gps?.latitude).toBeCloseTo(21.8125, 4)
    expect(gps?.longitude).toBeCloseTo(111.0183, 4)
    // The thumbnail never carries it.
    expect(await exifr.parse(kept.thumb)).toBeUndefined()
  })

  it('tells the type from the bytes: a PNG is a PNG whatever it is called', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 4, background: '#0a0' } }).png().toBuffer()
    expect(sniffImage(png)).toBe('image/png')
    const out = await processPhoto(png, { keepLocation: false })
    expect(out.mime).toBe('image/png')
    expect(sniffImage(out.bytes)).toBe('image/png')
    expect(sniffImage(out.thumb)).toBe('image/jpeg')
  })

  it('refuses what is not a JPEG, PNG or WebP, and images whose data is broken', async () => {
    expect(await codeOf(processPhoto(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), { keepLocation: false }))).toBe('photo_type')
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0])
    expect(await codeOf(processPhoto(gif, { keepLocation: false }))).toBe('photo_type')
    const cut = (await phoneJpeg(400, 300)).subarray(0, 300)
    expect(await codeOf(processPhoto(cut, { keepLocation: false }))).toBe('photo_unreadable')
  })

  it('refuses a decompression bomb from its header, before decoding it', async () => {
    // 10,000 × 10,000 of one colour: a few hundred kilobytes that would decode to 300 MB.
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer()
    expect(bomb.length).toBeLessThan(PHOTO_LIMITS.bytes)
    const t0 = Date.now()
    expect(await codeOf(processPhoto(bomb, { keepLocation: false }))).toBe('photo_too_many_pixels')
    expect(Date.now() - t0).toBeLessThan(2_000)
  })

  it('refuses a file over the size limit without reading it as an image', async () => {
    const big = new Uint8Array(PHOTO_LIMITS.bytes + 1)
    big.set([0xff, 0xd8, 0xff])
    expect(await codeOf(processPhoto(big, { keepLocation: false }))).toBe('photo_too_large')
  })

  it('keeps at most the stored edge on the long side, and a small thumbnail', async () => {
    const wide = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#36c' } }).jpeg().toBuffer()
    const out = await processPhoto(wide, { keepLocation: false })
    expect([out.width, out.height]).toEqual([PHOTO_LIMITS.edge, Math.round(PHOTO_LIMITS.edge / 3)])
    const t = await sharp(out.thumb).metadata()
    expect(Math.max(t.width!, t.height!)).toBe(PHOTO_LIMITS.thumbEdge)
  })
})
