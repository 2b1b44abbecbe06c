/**
 * An .xlsx is a zip. Before handing it to exceljs we read the zip's central
 * directory ourselves to refuse zip bombs (a few KB that inflate to GBs) and
 * truncated uploads with a clear, typed error, then inflate every entry once
 * as a stream, counting real output bytes (a bomb can lie in the directory).
 * That pass also collects what exceljs's streaming reader ignores: merged
 * ranges and hyperlink targets, which live after the rows in each sheet's XML.
 */
import { createInflateRaw } from 'node:zlib'
import { parseRange, type CellRange } from './cells.ts'
import { ImportFileError, formatBytes } from './errors.ts'

export interface ZipLimits {
  /** Sum of uncompressed entry sizes. */
  maxUncompressedBytes: number
  /** Uncompressed ÷ compressed, for the archive and for any entry over 1 MiB. */
  maxCompressionRatio: number
  maxEntries: number
}

export interface ZipEntry {
  name: string
  /** 0 stored, 8 deflate. */
  method: number
  flags: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

const SIG_EOCD = 0x06054b50
const SIG_ZIP64_LOCATOR = 0x07064b50
const SIG_ZIP64_EOCD = 0x06064b50
const SIG_CENTRAL = 0x02014b50
const SIG_LOCAL = 0x04034b50

/** Ratios are only meaningful for sizeable entries; tiny XML parts compress 50× legitimately. */
const RATIO_FLOOR_BYTES = 1024 * 1024

function corrupt(detail: string, cause?: unknown): ImportFileError {
  return new ImportFileError('file_corrupt', { detail }, cause === undefined ? undefined : { cause })
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Whether the bytes start like a zip (local header, or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)
}

/** Read a 64-bit little-endian size as a JS number (exact below 2^53). */
function u64(dv: DataView, at: number): number {
  return Number(dv.getBigUint64(at, true))
}

/**
 * Parse the central directory. Throws file_corrupt when it is missing or
 * inconsistent (a truncated upload loses the directory at the end first).
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const dv = view(bytes)
  // The end record is in the last 22 bytes + up to 64 KiB of comment.
  let eocd = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (dv.getUint32(i, true) === SIG_EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw corrupt('zip directory missing: file truncated?')
  let count = dv.getUint16(eocd + 10, true)
  let cdSize = dv.getUint32(eocd + 12, true)
  let cdOffset = dv.getUint32(eocd + 16, true)
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20
    if (loc < 0 || dv.getUint32(loc, true) !== SIG_ZIP64_LOCATOR) throw corrupt('zip64 locator missing')
    const z = u64(dv, loc + 8)
    if (z + 56 > bytes.length || dv.getUint32(z, true) !== SIG_ZIP64_EOCD) throw corrupt('zip64 directory missing')
    count = u64(dv, z + 32)
    cdSize = u64(dv, z + 40)
    cdOffset = u64(dv, z + 48)
  }
  if (cdOffset + cdSize > bytes.length) throw corrupt('zip directory points past the end of the file')
  const entries: ZipEntry[] = []
  let p = cdOffset
  const decoder = new TextDecoder('utf-8')
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== SIG_CENTRAL) throw corrupt(`zip entry ${n} damaged`)
    const flags = dv.getUint16(p + 8, true)
    const method = dv.getUint16(p + 10, true)
    let compressedSize = dv.getUint32(p + 20, true)
    let uncompressedSize = dv.getUint32(p + 24, true)
    const nameLen = dv.getUint16(p + 28, true)
    const extraLen = dv.getUint16(p + 30, true)
    const commentLen = dv.getUint16(p + 32, true)
    let localHeaderOffset = dv.getUint32(p + 42, true)
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen))
    // ZIP64 extra field (id 1) holds the sizes that overflowed 32 bits, in this order.
    let e = p + 46 + nameLen
    const extraEnd = e + extraLen
    while (e + 4 <= extraEnd) {
      const id = dv.getUint16(e, true)
      const size = dv.getUint16(e + 2, true)
      if (id === 1) {
        let q = e + 4
        const end = e + 4 + size
        if (uncompressedSize === 0xffffffff && q + 8 <= end) {
          uncompressedSize = u64(dv, q)
          q += 8
        }
        if (compressedSize === 0xffffffff && q + 8 <= end) {
          compressedSize = u64(dv, q)
          q += 8
        }
        if (localHeaderOffset === 0xffffffff && q + 8 <= end) localHeaderOffset = u64(dv, q)
      }
      e += 4 + size
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset })
    p += 46 + nameLen + extraLen + commentLen
  }
  return entries
}

/** Refuse archives whose declared sizes are dangerous. */
export function checkZipLimits(entries: readonly ZipEntry[], limits: ZipLimits): void {
  if (entries.length > limits.maxEntries) throw new ImportFileError('zip_bomb', { detail: `${entries.length} entries` })
  let total = 0
  let compressed = 0
  for (const e of entries) {
    total += e.uncompressedSize
    compressed += e.compressedSize
    if (e.uncompressedSize >= RATIO_FLOOR_BYTES && e.uncompressedSize > limits.maxCompressionRatio * Math.max(1, e.compressedSize)) {
      throw new ImportFileError('zip_bomb', { detail: `${e.name}: ${formatBytes(e.uncompressedSize)} from ${formatBytes(e.compressedSize)}` })
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new ImportFileError('zip_bomb', { detail: `${formatBytes(total)} > ${formatBytes(limits.maxUncompressedBytes)}` })
  }
  if (total >= RATIO_FLOOR_BYTES && total > limits.maxCompressionRatio * Math.max(1, compressed)) {
    throw new ImportFileError('zip_bomb', { detail: `ratio ${Math.round(total / Math.max(1, compressed))}:1` })
  }
}

/** The compressed bytes of an entry, after checking its local header. */
function entryData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const dv = view(bytes)
  const p = e.localHeaderOffset
  if (p + 30 > bytes.length || dv.getUint32(p, true) !== SIG_LOCAL) throw corrupt(`${e.name}: local header damaged`)
  const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true)
  if (start + e.compressedSize > bytes.length) throw corrupt(`${e.name}: data cut short`)
  return bytes.subarray(start, start + e.compressedSize)
}

class TooMuchOutput extends Error {}

/**
 * Inflate one entry as a stream, passing chunks on, and never producing more
 * than the directory declared: output beyond it means the directory lies.
 */
export function inflateEntry(bytes: Uint8Array, e: ZipEntry, onChunk: (chunk: Buffer) => void = () => {}): Promise<number> {
  if (e.flags & 1) return Promise.reject(corrupt(`${e.name}: encrypted`))
  const data = entryData(bytes, e)
  if (e.method === 0) {
    if (data.length !== e.uncompressedSize) return Promise.reject(corrupt(`${e.name}: size mismatch`))
    onChunk(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    return Promise.resolve(data.length)
  }
  if (e.method !== 8) return Promise.reject(corrupt(`${e.name}: compression method ${e.method}`))
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw()
    let total = 0
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length
      if (total > e.uncompressedSize) {
        inflate.destroy(new TooMuchOutput())
        return
      }
      onChunk(chunk)
    })
    inflate.on('error', (err) => {
      if (err instanceof TooMuchOutput) reject(new ImportFileError('zip_bomb', { detail: `${e.name} inflates past its declared ${formatBytes(e.uncompressedSize)}` }))
      else reject(corrupt(`${e.name}: ${err.message}`, err))
    })
    inflate.on('end', () => {
      if (total !== e.uncompressedSize) reject(corrupt(`${e.name}: ${total} bytes, expected ${e.uncompressedSize}`))
      else resolve(total)
    })
    inflate.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  })
}

/** Merges and hyperlinks of one worksheet, as found in its XML. */
export interface SheetExtras {
  merges: CellRange[]
  /** A1 address → target (`#'Sheet'!A1` for internal links, the URL otherwise). */
  hyperlinks: Record<string, string>
}

export interface XlsxScan {
  entries: ZipEntry[]
  /** Sheet name → extras. */
  sheets: Map<string, SheetExtras>
  /** Sheet names in workbook order. */
  sheetNames: string[]
}

const SMALL_PART_LIMIT = 16 * 1024 * 1024
const TAIL_LIMIT = 64 * 1024 * 1024

function xmlDecode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (whole, e: string) => {
    if (e === 'lt') return '<'
    if (e === 'gt') return '>'
    if (e === 'amp') return '&'
    if (e === 'quot') return '"'
    if (e === 'apos') return "'"
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    return Number.isFinite(code) ? String.fromCodePoint(code) : whole
  })
}

/** Attributes of one XML start tag, namespace prefixes kept (`r:id`). */
export function xmlAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]!] = xmlDecode(m[2] ?? m[3] ?? '')
  return out
}

function tags(xml: string, name: string): Record<string, string>[] {
  const re = new RegExp(`<(?:\\w+:)?${name}\\b([^>]*)>`, 'g')
  return [...xml.matchAll(re)].map((m) => xmlAttributes(m[1]!))
}

/** Resolve a relationship target against the folder of the part that owns it. */
function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1)
  const parts = base.split('/').slice(0, -1)
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop()
    else if (seg !== '.') parts.push(seg)
  }
  return parts.join('/')
}

const END_OF_ROWS = [Buffer.from('</sheetData>'), Buffer.from('<sheetData/>')]

/**
 * Collect the bytes after `</sheetData>` (merges and hyperlinks come after the
 * rows), looking across chunk boundaries without decoding the rows.
 */
function tailCollector(): { push: (chunk: Buffer) => void; text: () => string } {
  let found = false
  let carry = Buffer.alloc(0)
  const tail: Buffer[] = []
  let tailBytes = 0
  return {
    push(chunk) {
      if (found) {
        if (tailBytes < TAIL_LIMIT) {
          tail.push(chunk)
          tailBytes += chunk.length
        }
        return
      }
      const window = Buffer.concat([carry, chunk])
      for (const marker of END_OF_ROWS) {
        const at = window.indexOf(marker)
        if (at >= 0) {
          found = true
          const rest = window.subarray(at + marker.length)
          tail.push(rest)
          tailBytes += rest.length
          return
        }
      }
      carry = window.subarray(Math.max(0, window.length - 16))
    },
    text: () => Buffer.concat(tail).toString('utf8'),
  }
}

/**
 * Check limits, inflate every entry once (verifying real sizes and integrity)
 * and collect per-sheet merges and hyperlinks. Throws ImportFileError.
 */
export async function scanXlsx(bytes: Uint8Array, limits: ZipLimits): Promise<XlsxScan> {
  const entries = readZipDirectory(bytes)
  checkZipLimits(entries, limits)
  const byName = new Map(entries.map((e) => [e.name, e]))
  if (!byName.has('xl/workbook.xml')) throw new ImportFileError('not_xlsx', { detail: 'no xl/workbook.xml' })

  const small = new Map<string, string>()
  const tails = new Map<string, string>()
  for (const e of entries) {
    if (e.name.endsWith('/')) continue
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(e.name)
    const isSmallPart = e.name === 'xl/workbook.xml' || e.name.endsWith('.rels')
    if (isSheet) {
      const collector = tailCollector()
      await inflateEntry(bytes, e, collector.push)
      tails.set(e.name, collector.text())
    } else if (isSmallPart && e.uncompressedSize <= SMALL_PART_LIMIT) {
      const chunks: Buffer[] = []
      await inflateEntry(bytes, e, (c) => chunks.push(c))
      small.set(e.name, Buffer.concat(chunks).toString('utf8'))
    } else {
      await inflateEntry(bytes, e)
    }
  }

  const relsOf = (part: string): Map<string, { target: string; external: boolean }> => {
    const dir = part.split('/').slice(0, -1).join('/')
    const file = part.split('/').pop()
    const xml = small.get(`${dir}/_rels/${file}.rels`) ?? ''
    return new Map(
      tags(xml, 'Relationship').map((a) => [
        a.Id ?? '',
        { target: a.TargetMode === 'External' ? a.Target ?? '' : resolvePart(part, a.Target ?? ''), external: a.TargetMode === 'External' },
      ]),
    )
  }

  const workbookRels = relsOf('xl/workbook.xml')
  const sheets = new Map<string, SheetExtras>()
  const sheetNames: string[] = []
  for (const s of tags(small.get('xl/workbook.xml') ?? '', 'sheet')) {
    const name = s.name
    const rel = workbookRels.get(s['r:id'] ?? '')
    if (!name || !rel) continue
    sheetNames.push(name)
    const tail = tails.get(rel.target) ?? ''
    const merges = tags(tail, 'mergeCell')
      .map((a) => parseRange(a.ref ?? ''))
      .filter((r): r is CellRange => r !== null)
    const sheetRels = relsOf(rel.target)
    const hyperlinks: Record<string, string> = {}
    for (const h of tags(tail, 'hyperlink')) {
      if (!h.ref) continue
      // Internal links use `location` (sometimes written with a leading #);
      // external ones a relationship. Excel also writes both, as in the sample.
      const target = h.location ? (h.location.startsWith('#') ? h.location : `#${h.location}`) : sheetRels.get(h['r:id'] ?? '')?.target
      if (target) hyperlinks[h.ref.split(':')[0]!] = target
    }
    sheets.set(name, { merges, hyperlinks })
  }
  return { entries, sheets, sheetNames }
}
