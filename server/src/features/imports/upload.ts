/**
 * Uploads over HTTP: multipart reading with its limits, and refusing what is
 * plainly not a workbook, location file or map exchange file (GeoJSON/KML of
 * drawn features) before any parser sees it.
 */
import type { FastifyRequest } from 'fastify'
import { AppError, badRequest } from '../../plugins/errors.ts'
import { formatBytes } from './parse/errors.ts'
import { safeFileName } from './file-name.ts'
import { utf16Order } from './parse/encoding-sniff.ts'
import type { ImportFiles, UploadedFile } from './preview.ts'
import type { UploadRow } from './repository.ts'

/** Per uploaded file; the parsing layer enforces the same limit on what it reads. */
export const UPLOAD_FILE_BYTES = 50 * 1024 * 1024

const ARCHIVE_EXT = /\.(xlsx|xlsm|xls|csv|txt)$/i
const LOCATION_EXT = /\.(csv|txt|xlsx|geojson|json|kml)$/i
const FEATURES_EXT = /\.(geojson|json|kml)$/i

/** What an uploaded file is for: the archive workbook, a locations file, or drawn features to import into a map. */
export type UploadRole = 'archive' | 'locations' | 'features'
const ROLE_EXT: Record<UploadRole, RegExp> = { archive: ARCHIVE_EXT, locations: LOCATION_EXT, features: FEATURES_EXT }

const ZIP = [0x50, 0x4b, 0x03, 0x04]
const OLE = [0xd0, 0xcf, 0x11, 0xe0]
const startsWith = (b: Uint8Array, magic: number[]) => magic.every((x, i) => b[i] === x)

/**
 * Refuse what is plainly not a workbook or location file before parsing: by
 * extension, and by content (an .xlsx must be a zip, or the OLE box of a legacy
 * or encrypted workbook, which the parser explains; text must not hold NUL bytes).
 */
export function checkType(file: UploadedFile, role: UploadRole): void {
  const name = file.fileName
  const code = role === 'features' ? 'map_import_file_type' : 'import_file_type'
  if (!ROLE_EXT[role].test(name)) throw new AppError(code, 415, { name })
  const b = file.bytes
  if (b.length === 0) return // the parser says "empty file"
  if (/\.(xlsx|xlsm|xls)$/i.test(name)) {
    if (!startsWith(b, ZIP) && !startsWith(b, OLE)) throw new AppError('import_file_type', 415, { name })
    return
  }
  const head = b.subarray(0, 4096)
  // UTF-16 (with or without a BOM) has zero bytes by design; the CSV reader decodes or names it.
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || utf16Order(head) !== null
  if (!utf16 && head.includes(0)) throw new AppError(code, 415, { name })
}

export function filesOf(u: UploadRow): ImportFiles {
  return {
    // A locations file on its own is stored with an empty archive (an empty archive upload never gets this far).
    archive: u.bytes.length > 0 ? { bytes: u.bytes, fileName: u.fileName } : null,
    locations: u.locationsBytes && u.locationsFileName && u.locationsCrs
      ? { bytes: u.locationsBytes, fileName: u.locationsFileName, crs: u.locationsCrs }
      : null,
  }
}

export interface UploadParts {
  /** By field name. */
  files: Map<string, UploadedFile>
  fields: Map<string, string>
}

/**
 * Read every part of a multipart form, files into memory (the plugin's limits
 * hold the size), and turn the plugin's and busboy's failures into errors the
 * worker can act on. `fileFields` are the file fields the route takes.
 */
export async function readParts(request: FastifyRequest, fileFields: readonly string[], limitBytes: number = UPLOAD_FILE_BYTES): Promise<UploadParts> {
  if (!request.isMultipart()) throw new AppError('import_multipart_required', 415)
  const files = new Map<string, UploadedFile>()
  const fields = new Map<string, string>()
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (!fileFields.includes(part.fieldname)) throw badRequest('validation_failed', { details: `unknown file field "${part.fieldname}" (use ${fileFields.join(' or ')})` })
        const bytes = await part.toBuffer()
        files.set(part.fieldname, { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileName: safeFileName(part.filename || part.fieldname) })
      } else {
        fields.set(part.fieldname, String(part.value))
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('import_upload_too_large', 413, { limit: formatBytes(limitBytes) })
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('import_too_many_files', 413)
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('import_multipart_required', 415)
    if (e instanceof AppError) throw e
    // busboy's own failures (a boundary that never appears, a cut-off body, malformed part headers): the client sent a broken form.
    throw new AppError('import_multipart_invalid', 400)
  }
  return { files, fields }
}

export async function readUpload(request: FastifyRequest): Promise<{ files: ImportFiles; archive: UploadedFile | null; locations: UploadedFile | null; crs: string | null }> {
  const parts = await readParts(request, ['archive', 'file', 'locations'])
  const archive = parts.files.get('archive') ?? parts.files.get('file') ?? null
  const locations = parts.files.get('locations') ?? null
  const crs = parts.fields.get('crs') ?? null
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
