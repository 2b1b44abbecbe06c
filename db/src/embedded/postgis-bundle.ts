/**
 * A smaller PostGIS bundle for the embedded database. The stock bundle (@electric-sql/pglite-postgis) carries
 * three extension libraries, postgis-3, postgis_raster-3 and postgis_topology-3 (16 MB of WebAssembly each),
 * and PGlite compiles every .so in a bundle each time it opens, whether or not it is ever used: that was most of
 * the 9-11 s an embedded open took here. We use only `postgis` (db/migrations/0000_postgis.sql), so the bundle we
 * hand to PGlite is the stock one without raster, topology and tiger-geocoder files and without the old-version
 * upgrade scripts. It is built once from the installed package and cached beside node_modules.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { constants, gunzipSync, gzipSync } from 'node:zlib'
import type { Extension } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'

/** Entries of the stock bundle we never load (paths inside the tar). */
const UNUSED: readonly RegExp[] = [
  /^lib\/postgresql\/postgis_(raster|topology)-3\.so$/,
  /^share\/postgresql\/extension\/postgis_(raster|topology|tiger_geocoder|sfcgal)[-.]/,
  // Upgrade scripts from older PostGIS versions (postgis--3.1.11--ANY.sql …): a data folder is created at this version.
  /^share\/postgresql\/extension\/postgis--[^/]+--[^/]+\.sql$/,
]

export const isUsedEntry = (name: string) => !UNUSED.some((re) => re.test(name))

const BLOCK = 512

function headerName(block: Uint8Array): string {
  const text = (from: number, to: number) => {
    const slice = block.subarray(from, to)
    const end = slice.indexOf(0)
    return new TextDecoder().decode(end === -1 ? slice : slice.subarray(0, end))
  }
  const prefix = text(345, 500)
  const name = text(0, 100)
  return prefix ? `${prefix}/${name}` : name
}

/**
 * A tar archive with only the entries `keep` accepts, byte for byte as they were (headers, links, data).
 * A pax header ('x') travels with the entry it describes.
 */
export function filterTar(tar: Uint8Array, keep: (name: string) => boolean): Uint8Array {
  const out: Uint8Array[] = []
  let pending: Uint8Array[] = []
  let offset = 0
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK)
    if (header.every((b) => b === 0)) break
    const size = parseInt(new TextDecoder().decode(header.subarray(124, 136)).replace(/\0.*$/, '').trim() || '0', 8)
    const length = BLOCK + Math.ceil(size / BLOCK) * BLOCK
    const entry = tar.subarray(offset, offset + length)
    const type = String.fromCharCode(header[156]!)
    offset += length
    if (type === 'x' || type === 'L') {
      pending.push(entry)
      continue
    }
    if (keep(headerName(header).replace(/^\.\//, ''))) out.push(...pending, entry)
    pending = []
  }
  out.push(new Uint8Array(BLOCK * 2))
  const result = new Uint8Array(out.reduce((n, b) => n + b.length, 0))
  let at = 0
  for (const b of out) {
    result.set(b, at)
    at += b.length
  }
  return result
}

const CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.cache/cuntu')

async function stockBundle(): Promise<URL> {
  const { bundlePath } = await postgis.setup(undefined as never, { PGLITE_ENV: {} })
  if (!bundlePath) throw new Error('pglite-postgis gave no bundle path')
  return bundlePath
}

/** The slim bundle's file, built on first use (about a second) and reused while the package stays the same. */
export async function slimPostgisBundle(): Promise<URL> {
  const stock = await stockBundle()
  const bytes = readFileSync(stock)
  // Named by the stock bundle's size and a sample of its bytes: a new pglite-postgis makes a new file.
  const tag = `${bytes.length.toString(36)}-${Buffer.from(bytes.subarray(bytes.length - 64)).toString('hex').slice(0, 16)}`
  const file = path.join(CACHE_DIR, `postgis-slim-${tag}.tar.gz`)
  if (!existsSync(file)) {
    const slim = gzipSync(filterTar(gunzipSync(bytes), isUsedEntry), { level: constants.Z_BEST_SPEED })
    try {
      mkdirSync(CACHE_DIR, { recursive: true })
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, slim)
      renameSync(tmp, file) // atomic: two starts at once never read half a file
    } catch {
      return stock // read-only checkout: the stock bundle still works, only slower
    }
  }
  return pathToFileURL(file)
}

/** PostGIS for PGlite with the slim bundle; same environment as the stock extension. */
export const slimPostgis: Extension = {
  name: 'postgis',
  async setup(pg, emscriptenOpts) {
    const stock = await postgis.setup(pg, emscriptenOpts)
    return { ...stock, bundlePath: await slimPostgisBundle() }
  },
}
