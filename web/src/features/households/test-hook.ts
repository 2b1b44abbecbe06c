/**
 * `window.__cuntu`: a read-only window into what the map draws, for the browser
 * tests and the render benchmark (counts and screen positions; never names).
 */
import type { MapAdapter } from '../../map/adapter.ts'
import type { VillageHouseholds } from './useVillageHouseholds.ts'

export interface CuntuTestHook {
  /** Households drawn now: passing the filters and placed on the map. */
  renderedCount(): number
  /** Households passing the filters (placed or not). */
  matchingCount(): number
  /** Page coordinates (CSS px) of a WGS84 [lng, lat], after the basemap datum shift. */
  project(lngLat: [number, number]): [number, number] | null
  /** Move instantly to a WGS84 [lng, lat] at zoom `z`, resolving once drawn. */
  jumpTo(lngLat: [number, number], z: number): Promise<void>
  /** Resolves when the map has finished drawing. */
  idle(): Promise<void>
  /** Milliseconds from map creation to its first complete frame. */
  firstFrameMs(): Promise<number>
  /** MapLibre frames drawn and 'idle' events so far (a copy): the render benchmark waits on them. */
  frames(): { drawn: number; idle: number }
  /**
   * The labels drawn now, after decluttering: village-group labels ('place', one per cluster of a group's houses,
   * from the place-label zoom) and head names ('name', from the label zoom, when shown). Boxes in page CSS px:
   * centre and half sizes. Text for place labels only: the hook never hands out names.
   */
  labels(): { kind: 'place' | 'name'; text: string | null; x: number; y: number; hw: number; hh: number }[]
  /** Households drawn from tiles now, while a large village's list is on its way (0 once its own layer is drawn). */
  previewCount(): number
  /** Deck.gl layer ids drawn now. */
  layerIds(): string[]
  /** The raster tile sources of the basemap style now (none offline). */
  tileSources(): string[]
  /** The basemap style's own layers (MapLibre, deck.gl's left out), bottom first. */
  styleLayerIds(): string[]
  ready: boolean
}

declare global {
  interface Window {
    __cuntu?: CuntuTestHook
  }
}

export function installTestHook(get: () => { adapter: MapAdapter | null; village: VillageHouseholds | null }): () => void {
  const hook: CuntuTestHook = {
    get ready() {
      const { adapter, village } = get()
      return !!adapter && !!village
    },
    renderedCount() {
      const v = get().village
      if (!v) return 0
      let n = 0
      for (const x of v.filterValues) n += x
      return n
    },
    matchingCount: () => get().village?.result.total.households ?? 0,
    previewCount: () => get().adapter?.previewDrawn() ?? 0,
    project(lngLat) {
      const { adapter } = get()
      if (!adapter) return null
      // The adapter shifts into the basemap's datum itself.
      const [x, y] = adapter.project(lngLat)
      const rect = adapter.map.getContainer().getBoundingClientRect()
      return [rect.left + x, rect.top + y]
    },
    idle: () => get().adapter?.idle() ?? Promise.resolve(),
    jumpTo(lngLat, z) {
      const { adapter } = get()
      if (!adapter) return Promise.resolve()
      adapter.jumpTo(lngLat, z)
      return adapter.idle()
    },
    firstFrameMs: () => get().adapter?.timeToFirstFrame() ?? Promise.resolve(Number.NaN),
    frames: () => ({ ...(get().adapter?.frames ?? { drawn: 0, idle: 0 }) }),
    labels() {
      const { adapter } = get()
      if (!adapter) return []
      const rect = adapter.map.getContainer().getBoundingClientRect()
      return adapter.drawnLabels().map((l) => ({ ...l, text: l.kind === 'place' ? l.text : null, x: rect.left + l.x, y: rect.top + l.y }))
    },
    layerIds: () => get().adapter?.layerIds() ?? [],
    tileSources: () => Object.keys(get().adapter?.map.getStyle()?.sources ?? {}).filter((id) => id.startsWith('tiles-')),
    styleLayerIds: () => get().adapter?.styleLayerIds() ?? [],
  }
  window.__cuntu = hook
  return () => {
    if (window.__cuntu === hook) delete window.__cuntu
  }
}
