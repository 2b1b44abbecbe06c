/**
 * Fetch JSON from our API in the user's language. Failures become ApiError
 * carrying the server's code and its message (already in that language).
 */
import type { ErrorBody } from '@cuntu/server/contract'
import { urlStore } from '../state/url-store.ts'
import { createStore } from '../state/store.ts'

/** The session's CSRF token, sent back on every state-changing request (double-submit, as the server requires). */
export const csrfStore = createStore<string | null>(null)
/** Called on a 401 from any request: the session ended; the app shows the sign-in form again. */
export const unauthorisedStore = createStore(0)

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole error body (a 409 carries `current`). */
    readonly body: unknown,
  ) {
    super(message)
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const lang = urlStore.get().lang
  let res: Response
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      signal: init.signal,
      headers: {
        Accept: 'application/json',
        'Accept-Language': lang,
        ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(init.method && init.method !== 'GET' && csrfStore.get() ? { 'x-csrf-token': csrfStore.get()! } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    })
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err
    throw new ApiError(0, 'network', '', null)
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  const body: unknown = text ? JSON.parse(text) : null
  if (!res.ok) {
    const e = (body as Partial<ErrorBody> | null)?.error
    if (res.status === 401 && !path.startsWith('/api/auth/')) unauthorisedStore.set((n) => n + 1)
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${res.status}`, body)
  }
  return body as T
}

/** An ApiError from a non-JSON-client response (an upload, a download): the server's code and message when it sent them. */
export function errorFrom(status: number, text: string): ApiError {
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // A proxy's HTML error page: no message of ours to show.
  }
  const e = (body as Partial<ErrorBody> | null)?.error
  if (status === 401) unauthorisedStore.set((n) => n + 1)
  return new ApiError(status, e?.code ?? 'http_error', e?.message ?? `HTTP ${status}`, body)
}

/**
 * POST a multipart form; `onProgress` gets the fraction sent (0–1). XMLHttpRequest, because
 * fetch reports no upload progress; the browser writes the content-type with its boundary.
 * Rejects with ApiError (status 0: network).
 */
export function uploadForm<T>(path: string, form: FormData, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', urlStore.get().lang)
    const csrf = csrfStore.get()
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total)
    }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T)
        } catch {
          reject(new ApiError(xhr.status, 'http_error', `HTTP ${xhr.status}`, null))
        }
      } else reject(errorFrom(xhr.status, xhr.responseText))
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', '', null))
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(form)
  })
}
