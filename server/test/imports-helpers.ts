/**
 * Helpers for the import tests: multipart bodies by hand (no extra package),
 * an empty village to import into, and the stored state of a village read as
 * the owner (not through the API under test).
 */
import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import { importRepository } from '../src/features/imports/repository.ts'
import { exportHouseholds, type ExportHousehold } from '../src/features/exports/build.ts'
import { messyArchiveXlsx } from '@cuntu/fixtures/workbooks/messy.ts'
import { withVillage, type Client } from './helpers.ts'

/** An empty village in the test township (the station lead's scope, not the worker's). */
export const IMPORT_VILLAGE = '440982101299'

export async function addVillage(database: Database, code = IMPORT_VILLAGE, parent = '440982101000', name = '导入测试村'): Promise<void> {
  await database.db.execute(sql`insert into areas (code, name, level, parent_code) values (${code}, ${name}, 'village', ${parent}) on conflict do nothing`)
}

export interface Part {
  name: string
  fileName?: string
  data: Uint8Array | string
  type?: string
}

export function multipart(parts: readonly Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----cuntu${Math.random().toString(16).slice(2)}`
  const chunks: Buffer[] = []
  for (const p of parts) {
    const disposition = p.fileName !== undefined
      ? `form-data; name="${p.name}"; filename="${p.fileName}"; filename*=UTF-8''${encodeURIComponent(p.fileName)}`
      : `form-data; name="${p.name}"`
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.fileName !== undefined ? `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n` : ''}\r\n`))
    chunks.push(typeof p.data === 'string' ? Buffer.from(p.data) : Buffer.from(p.data))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

export interface UploadInput {
  archive?: { data: Uint8Array; fileName: string }
  locations?: { data: Uint8Array; fileName: string }
  crs?: 'wgs84' | 'gcj02'
  lang?: string
}

export function upload(client: Client, village: string, input: UploadInput) {
  const parts: Part[] = []
  if (input.archive) parts.push({ name: 'archive', fileName: input.archive.fileName, data: input.archive.data })
  if (input.locations) parts.push({ name: 'locations', fileName: input.locations.fileName, data: input.locations.data })
  if (input.crs) parts.push({ name: 'crs', data: input.crs })
  const { payload, headers } = multipart(parts)
  return client.inject({
    method: 'POST',
    url: `/api/villages/${village}/imports`,
    payload,
    headers: { ...headers, ...(input.lang ? { 'accept-language': input.lang } : {}) },
  })
}

/** Upload then commit; the commit body. */
export async function importFile(client: Client, village: string, input: UploadInput, options: Record<string, unknown> = {}) {
  const res = await upload(client, village, input)
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`)
  const { uploadId } = res.json() as { uploadId: string }
  const commit = await client.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: options })
  if (commit.statusCode !== 200) throw new Error(`commit failed: ${commit.statusCode} ${commit.body}`)
  return commit.json() as { batchId: string; counts: Record<string, unknown>; households: { huhao: string | null; action: string; reasons: string[] }[]; issues: { code: string }[] }
}

/** The village as stored, read as the owner. */
export async function stored(database: Database, code = IMPORT_VILLAGE): Promise<ExportHousehold[]> {
  return exportHouseholds(await importRepository(database).villageHouseholds(code))
}

/** Everything about the village's households, rows as stored (ids, versions, timestamps): for "undo restores exactly". */
export async function rawState(database: Database, code = IMPORT_VILLAGE): Promise<unknown> {
  const rows = await importRepository(database).villageHouseholds(code)
  return rows.map((r) => r.snapshot).sort((a, b) => a.household.huhao.localeCompare(b.household.huhao))
}

export async function count(database: Database, table: 'import_uploads' | 'import_batches' | 'households' | 'members'): Promise<number> {
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`)
  return row!.n
}

/**
 * One import of the messy workbook, before a file's first test: generating the workbook (exceljs), reading it
 * and committing it run cold once, here in a hook, instead of inside whichever test comes first (26-30 s there
 * on a loaded 2-core machine, against a 30 s limit).
 */
export async function warmUpImports(): Promise<void> {
  const ctx = await withVillage(1)
  await addVillage(ctx.database)
  const f = await messyArchiveXlsx()
  await importFile(ctx.app, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
  await ctx.raw.close()
}
