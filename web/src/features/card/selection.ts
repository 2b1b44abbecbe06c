/**
 * What is selected: a household (its card opens) or a drawn feature, as
 * `{kind, id}`. Its own store: the map, search, card and drawing panel read it.
 */
import { createStore, useStore } from '../../state/store.ts'
import type { Selection } from '../../map/layers.ts'

export type { Selection }
export const selectionStore = createStore<Selection | null>(null)
export const useSelection = () => useStore(selectionStore)
/** The id of the selected household, or null when none (or a feature) is selected. */
export const useSelectedHousehold = () => {
  const s = useSelection()
  return s?.kind === 'household' ? s.id : null
}
export const select = (s: Selection | null) => selectionStore.set(s)
export const selectHousehold = (id: string | null) => select(id === null ? null : { kind: 'household', id })
