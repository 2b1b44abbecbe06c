/**
 * The URL as a store: parsed once at start, written back with replaceState so
 * every change (filters, basemap, view) is bookmarkable without filling the
 * back button with map pans.
 */
import { createStore, useStore } from './store.ts'
import { parseUrlState, serializeUrlState, type Filters, type UrlState } from './url-state.ts'

const initial = typeof window === 'undefined' ? parseUrlState('') : parseUrlState(window.location.search)
export const urlStore = createStore<UrlState>(initial)

urlStore.subscribe(() => {
  const next = serializeUrlState(urlStore.get())
  if (next !== window.location.search) window.history.replaceState(null, '', `${window.location.pathname}${next}${window.location.hash}`)
})

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => urlStore.set(parseUrlState(window.location.search)))
}

export const useUrlState = () => useStore(urlStore)

export function setFilters(update: (f: Filters) => Filters): void {
  urlStore.set((s) => ({ ...s, filters: update(s.filters) }))
}

export function patchUrlState(patch: Partial<UrlState>): void {
  urlStore.set((s) => ({ ...s, ...patch }))
}
