/**
 * The user's Tianditu key. Not personal data, but not something to put in a
 * shared link either: kept in this browser's localStorage only (the one thing we store there).
 */
import { createStore, useStore } from '../../state/store.ts'

const STORAGE_KEY = 'cuntu.tiandituKey'
const read = () => {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? ''
  } catch {
    return ''
  }
}

export const tiandituKeyStore = createStore<string>(typeof window === 'undefined' ? '' : read())
export const useTiandituKey = () => useStore(tiandituKeyStore)
export function setTiandituKey(key: string) {
  tiandituKeyStore.set(key)
  try {
    if (key) window.localStorage.setItem(STORAGE_KEY, key)
    else window.localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Private mode: keep it for this session only.
  }
}
