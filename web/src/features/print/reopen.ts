/**
 * Reopen a saved snapshot as the live view: the same village, filters,
 * basemap and extent, with today's data. A `?snapshot=<id>` link (the sheet's
 * QR code) does the same on load.
 */
import { useEffect } from 'react'
import type { PrintSnapshot } from '@cuntu/server/contract'
import { patchUrlState, urlStore } from '../../state/url-store.ts'
import { createStore, useStore } from '../../state/store.ts'
import { showBbox } from '../households/map-handle.ts'
import { fetchSnapshot } from './api.ts'

/** The snapshot the map was last reopened from (shown as a notice), or null. */
export const reopenedStore = createStore<PrintSnapshot | null>(null)
export const useReopened = () => useStore(reopenedStore)

/** A pending extent to show once the map exists (a link opened cold). */
let pendingBbox: [number, number, number, number] | null = null

export function reopenSnapshot(s: PrintSnapshot): void {
  const p = s.params
  patchUrlState({ village: s.villageCode, filters: { ...p.filters }, basemap: p.basemap, names: urlStore.get().names && p.names, view: null })
  reopenedStore.set(s)
  pendingBbox = p.extent.bbox
  // The map may be mid-style-change after the basemap switch: fit on the next frames.
  requestAnimationFrame(() => requestAnimationFrame(() => flushPending()))
}

export function flushPending(): void {
  if (pendingBbox) {
    showBbox(pendingBbox)
    pendingBbox = null
  }
}

/** Handle `?snapshot=<id>` once at start. */
export function useSnapshotLink(ready: boolean): void {
  useEffect(() => {
    if (!ready) return
    const id = new URLSearchParams(window.location.search).get('snapshot')
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return
    void fetchSnapshot(id)
      .then(reopenSnapshot)
      .catch(() => reopenedStore.set(null))
  }, [ready])
}
