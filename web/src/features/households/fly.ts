/** A request to fly the map somewhere ([lng, lat] WGS84); the nonce makes a repeated request fly again. */
import { createStore, useStore } from '../../state/store.ts'

export interface FlyRequest {
  lngLat: [number, number]
  nonce: number
}
export const flyStore = createStore<FlyRequest | null>(null)
export const useFly = () => useStore(flyStore)
export const flyTo = (lngLat: [number, number]) => flyStore.set((prev) => ({ lngLat, nonce: (prev?.nonce ?? 0) + 1 }))
