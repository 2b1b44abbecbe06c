/**
 * Where the open card is on the page (CSS px), or null when closed. On a phone
 * the card is a bottom sheet over the map: the map reads this to fly houses
 * into the part of the map the sheet leaves visible.
 */
import { createStore, useStore } from '../../state/store.ts'
import type { Box } from '../../map/padding.ts'

export const coverStore = createStore<Box | null>(null)
export const useCover = () => useStore(coverStore)

export function setCover(box: Box | null): void {
  coverStore.set((prev) =>
    prev && box && prev.left === box.left && prev.top === box.top && prev.right === box.right && prev.bottom === box.bottom ? prev : box,
  )
}
