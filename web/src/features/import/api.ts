/**
 * The import and export endpoints. JSON calls go through the shared `api`
 * wrapper, the upload through `uploadForm` (with its progress); downloads
 * use fetch → blob so the session cookie goes along.
 */
import type { z } from 'zod'
import type { ImportBatch, ImportOptions, ImportPlanBody, ImportPreview, ImportProgress } from '@cuntu/server/contract'
import { api, ApiError, errorFrom, uploadForm } from '../../api/client.ts'
import { urlStore } from '../../state/url-store.ts'
import type { CommitResult } from './flow.ts'

export type Crs = 'wgs84' | 'gcj02'
export type Batch = z.infer<typeof ImportBatch>
export type Progress = z.infer<typeof ImportProgress>
export type ExportFormat = 'xlsx' | 'csv' | 'geojson' | 'kml'

export interface UploadInput {
  village: string
  archive: File | null
  locations: File | null
  crs: Crs | null
}

/** Send the files; `onProgress` gets the fraction sent (0–1). Rejects with ApiError (status 0: network). */
export function uploadImport(input: UploadInput, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<ImportPreview> {
  const form = new FormData()
  if (input.archive) form.append('archive', input.archive, input.archive.name)
  if (input.locations) {
    form.append('locations', input.locations, input.locations.name)
    if (input.crs) form.append('crs', input.crs)
  }
  return uploadForm<ImportPreview>(`/api/villages/${encodeURIComponent(input.village)}/imports`, form, onProgress, signal)
}

export const dryRun = (uploadId: string, options: ImportOptions) =>
  api<ImportPlanBody>(`/api/imports/${uploadId}/dry-run`, { method: 'POST', body: options })

export const commitImport = (uploadId: string, options: ImportOptions) =>
  api<CommitResult>(`/api/imports/${uploadId}/commit`, { method: 'POST', body: options })

export const importProgress = (uploadId: string, signal?: AbortSignal) => api<Progress>(`/api/imports/${uploadId}/progress`, { signal })

export const importHistory = (village: string) => api<{ batches: Batch[] }>(`/api/villages/${village}/imports`)

export const undoBatch = (batchId: string) =>
  api<{ batchId: string; restored: number; deleted: number; groupsDeleted: number[] }>(`/api/imports/batches/${batchId}/undo`, { method: 'POST' })

/** The file name the server chose (RFC 5987 `filename*` first), else a fallback. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim())
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(disposition)
  return plain?.[1] || fallback
}

/** `filter`: the map's facets as a query string without `?` (facetQuery), '' for every household. */
export const exportUrl = (village: string, format: ExportFormat, names: boolean, filter = '') =>
  `/api/villages/${encodeURIComponent(village)}/export.${format}?names=${names ? 1 : 0}${filter ? `&${filter}` : ''}`

/** Fetch an export and hand it to the browser as a download. Rejects with ApiError. */
export async function downloadExport(village: string, format: ExportFormat, names: boolean, filter = ''): Promise<string> {
  let res: Response
  try {
    res = await fetch(exportUrl(village, format, names, filter), { headers: { 'Accept-Language': urlStore.get().lang }, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'network', '', null)
  }
  if (!res.ok) throw errorFrom(res.status, await res.text())
  const blob = await res.blob()
  const name = fileNameFrom(res.headers.get('content-disposition'), `${village}.${format}`)
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Give the browser time to start reading the blob before it is released.
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
  return name
}
