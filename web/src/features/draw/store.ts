/** Drawing state, one concern per store: the session machine, the layer drawn on, the map's draw controller. */
import { createStore, useStore } from '../../state/store.ts'
import type { DrawController } from '../../map/draw-controller.ts'
import { IDLE, next, type DrawEvent, type DrawState } from './session.ts'

export const sessionStore = createStore<DrawState>(IDLE)
export const useDrawSession = () => useStore(sessionStore)
export const dispatch = (e: DrawEvent) => sessionStore.set((s) => next(s, e))

export const activeLayerStore = createStore<string | null>(null)
export const useActiveLayer = () => useStore(activeLayerStore)

export const controllerStore = createStore<DrawController | null>(null)
export const useDrawController = () => useStore(controllerStore)
/** Bumped when undo/redo availability may have changed. */
export const drawTick = createStore(0)
export const useDrawTick = () => useStore(drawTick)

/** WGS84 positions a new vertex snaps to (drawn vertices, households); kept fresh by the layer hook. */
export const snapTargets = { current: [] as [number, number][] }
