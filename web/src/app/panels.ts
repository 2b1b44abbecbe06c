/** Which overlay panel is open on a small screen (filters drawer, settings); one at a time. */
import { createStore, useStore } from '../state/store.ts'

export type Panel = 'filters' | 'settings' | 'admin' | 'import' | 'draw' | 'print' | null
export const panelStore = createStore<Panel>(null)
export const usePanel = () => useStore(panelStore)
export const openPanel = (p: Panel) => panelStore.set(p)
export const togglePanel = (p: Exclude<Panel, null>) => panelStore.set((cur) => (cur === p ? null : p))
