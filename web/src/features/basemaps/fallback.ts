/**
 * When an online basemap's tiles do not arrive (no network in the village, a
 * blocked host, a refused key), the map would be blank paper with no word why.
 * The map reports it (adapter.ts), and this switches to the offline basemap,
 * where the village's own outline and drawn lanes are the map, and says so.
 */
import { createStore, useStore } from '../../state/store.ts'
import { patchUrlState } from '../../state/url-store.ts'
import type { BasemapId } from '../../state/url-state.ts'

/** The basemap that failed, while its notice is shown. */
export const basemapFallbackStore = createStore<BasemapId | null>(null)
export const useBasemapFallback = () => useStore(basemapFallbackStore)

export function basemapFailed(id: BasemapId): void {
  if (id === 'offline') return
  basemapFallbackStore.set(id)
  patchUrlState({ basemap: 'offline' })
}

export const dismissBasemapFallback = () => basemapFallbackStore.set(null)
