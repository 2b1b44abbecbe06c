/** Which household's card is open. Its own store: the map, search and card read it; nothing else lives here. */
import { createStore, useStore } from '../../state/store.ts'

export const selectionStore = createStore<string | null>(null)
export const useSelection = () => useStore(selectionStore)
export const select = (id: string | null) => selectionStore.set(id)
