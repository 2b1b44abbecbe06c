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
