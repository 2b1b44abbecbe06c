/**
 * A photo as the server keeps it: its type told from its bytes (never from
 * the name or the browser's word), refused past the size and pixel limits
 * before it is decoded, turned upright, re-encoded at most PHOTO_LIMITS.edge
 * on its long side with every metadata block dropped — EXIF GPS included —
 * unless the worker kept the location on purpose, plus a small thumbnail.
 * Re-encoding is what removes what a file may hide after its image data.
 */
import type { Sharp } from 'sharp'
import { AppError } from '../../plugins/errors.ts'

export const PHOTO_LIMITS = {
  /** Bytes of one uploaded file. */
  bytes: 10 * 1024 * 1024,
  /** Decoded pixels of one image: a small file that decodes to gigabytes (a decompression bomb) stops here. */
  pixels: 40_000_000,
  /** Photos on one feature. */
  perFeature: 8,
  /** Long side of the stored image, px. */
  edge: 2048,
  /** Long side of the thumbnail, px. */
  thumbEdge: 320,
} as const

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp'

export interface ProcessedPhoto {
  mime: PhotoMime
  width: number
  height: number
  bytes: Buffer
  /** Always JPEG. */
  thumb: Buffer
}

/** The image type its first bytes say, or null for anything else (HEIC, GIF, SVG, a document …). */
export function sniffImage(bytes: Uint8Array): PhotoMime | null {
  const b = bytes
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png'
  if (b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') return 'image/webp'
  return null
}

const encode = (img: Sharp, mime: PhotoMime): Sharp =>
  mime === 'image/png' ? img.png({ compressionLevel: 8 }) : mime === 'image/webp' ? img.webp({ quality: 82 }) : img.jpeg({ quality: 85, mozjpeg: true })

export async function processPhoto(input: Uint8Array, options: { keepLocation: boolean }): Promise<ProcessedPhoto> {
  if (input.length > PHOTO_LIMITS.bytes) throw new AppError('photo_too_large', 413, { limit: `${PHOTO_LIMITS.bytes / 1024 / 1024} MB` })
  const mime = sniffImage(input)
  if (!mime) throw new AppError('photo_type', 415)
  // Loaded on first use: the native library is not needed to start the server.
  const sharp = (await import('sharp')).default
  const open = () => sharp(input, { limitInputPixels: PHOTO_LIMITS.pixels, failOn: 'error', animated: false })
  let meta: { width?: number; height?: number }
  try {
    // Reads the header only: the pixel count is known before anything is decoded.
    meta = await sharp(input, { limitInputPixels: false }).metadata()
  } catch {
    throw new AppError('photo_unreadable', 400)
  }
  if (!meta.width || !meta.height) throw new AppError('photo_unreadable', 400)
  if (meta.width * meta.height > PHOTO_LIMITS.pixels) throw new AppError('photo_too_many_pixels', 413, { limit: `${PHOTO_LIMITS.pixels / 1e6}` })
  try {
    const upright = () => open().autoOrient().resize({ width: PHOTO_LIMITS.edge, height: PHOTO_LIMITS.edge, fit: 'inside', withoutEnlargement: true })
    const main = encode(options.keepLocation ? upright().keepExif() : upright(), mime)
    const { data: bytes, info } = await main.toBuffer({ resolveWithObject: true })
    // From the stored image, already upright and at most `edge`: the original is decoded once.
    const thumb = await sharp(bytes)
      .resize({ width: PHOTO_LIMITS.thumbEdge, height: PHOTO_LIMITS.thumbEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' }).jpeg({ quality: 78 }).toBuffer()
    return { mime, width: info.width, height: info.height, bytes, thumb }
  } catch (e) {
    if (e instanceof AppError) throw e
    // A header that promised an image whose data is broken or cut off.
    throw new AppError('photo_unreadable', 400)
  }
}
