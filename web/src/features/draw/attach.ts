/** Give the map a draw controller once it exists, wired to the session store. */
import type { MapAdapter } from '../../map/adapter.ts'
import { DrawController } from '../../map/draw-controller.ts'
import { controllerStore, dispatch, drawTick, snapTargets } from './store.ts'

export function attachDrawing(adapter: MapAdapter): void {
  controllerStore.get()?.destroy()
  const c = new DrawController(adapter, {
    onFinish: (geometry) => dispatch({ t: 'finished', geometry }),
    onChange: () => drawTick.set((n) => n + 1),
    snapTargets: () => snapTargets.current,
  })
  controllerStore.set(c)
  // Signing out removes the map; the panel must not keep a controller whose map is gone.
  adapter.onDestroy(() => {
    if (controllerStore.get() === c) controllerStore.set(null)
  })
}
