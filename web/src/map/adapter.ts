/**
 * The one imperative map: MapLibre for the basemap, deck.gl interleaved into
 * the same WebGL canvas (so a later export is a single image). React feeds it
 * through these methods and never touches maplibre-gl or deck.gl directly.
 */
import maplibregl, { type StyleSpecification } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Layer } from '@deck.gl/core'
import { buildLayers, type BuildContext } from './build-layers.ts'
import { placeLabels } from './label-layers.ts'
import { fromDatum, toDatum, bboxToDatum, type Datum } from './datum-edge.ts'
import { routePick, type LayerDescription, type Selection } from './layers.ts'
import { inUncovered, NO_PADDING, samePadding, type Padding } from './padding.ts'
import { renderedAreaHouseholds } from './area-household-tiles.ts'
import type { Wgs84View } from './view.ts'


export interface AdapterOptions {
  container: HTMLElement
  style: StyleSpecification
  /** The datum the basemap's tiles are drawn in; every coordinate in or out of the adapter is WGS84. */
  datum: Datum
  view: Wgs84View
  onViewChange: (view: Wgs84View) => void
  onZoom: (z: number) => void
  /** A click, routed to the layer description that owns what was hit; null for empty map. */
  onSelect: (selection: Selection | null) => void
  /** The online basemap's tiles are not arriving (no network, host blocked, key refused): called once per style. */
  onBasemapFailed?: () => void
}

/** An online basemap that has drawn no tile this long after its style was set has failed (ms). */
export const TILE_TIMEOUT_MS = 6000
/** …or sooner: this many tile errors before the first tile arrives. */
const TILE_ERRORS = 4
/** Raster basemap sources are named `tiles-<n>` (basemap-style.ts). */
const isTileSource = (id: unknown) => typeof id === 'string' && id.startsWith('tiles-')

export class MapAdapter {
  readonly map: maplibregl.Map
  private readonly overlay: MapboxOverlay
  private layers: Layer[] = []
  private descriptions: readonly LayerDescription[] = []
  private band: Omit<BuildContext, 'datum'> = { showLabels: false, showPlaceLabels: false, labelZoom: 0, minPixels: 16 }
  private datum: Datum
  private firstFrame: Promise<number>
  /**
   * MapLibre frames drawn ('render' events, deck.gl's interleaved layers included)
   * and 'idle' events since creation. Two counters, read by the render benchmark
   * (scripts/src/bench-render.ts) to tell when a filtered frame has been drawn.
   */
  readonly frames = { drawn: 0, idle: 0 }
  private teardowns: (() => void)[] = []
  private pendingReveal: (() => void) | null = null

  constructor(o: AdapterOptions) {
    const started = performance.now()
    this.datum = o.datum
    this.map = new maplibregl.Map({
      container: o.container,
      style: o.style,
      center: toDatum([o.view.lng, o.view.lat], o.datum),
      zoom: o.view.z,
      maxZoom: 20,
      attributionControl: { compact: false },
      // Keep the WebGL buffer: screenshots and pixel checks read it back.
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      dragRotate: false,
      pitchWithRotate: false,
    })
    this.map.touchZoomRotate.disableRotation()
    // The container changes size with panels and the phone's rotation, not only with the window.
    const observer = new ResizeObserver(() => this.map.resize())
    observer.observe(o.container)
    this.onDestroy(() => observer.disconnect())
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right')
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
    this.overlay = new MapboxOverlay({ interleaved: true, layers: [] })
    this.map.addControl(this.overlay)
    this.firstFrame = new Promise((resolve) => this.map.once('idle', () => resolve(performance.now() - started)))
    this.map.on('render', () => this.frames.drawn++)
    this.map.on('idle', () => this.frames.idle++)
    this.map.on('moveend', () => {
      const c = this.map.getCenter()
      const [lng, lat] = fromDatum([c.lng, c.lat], this.datum)
      o.onViewChange({ z: this.map.getZoom(), lng, lat })
    })
    this.map.on('zoom', () => o.onZoom(this.map.getZoom()))
    this.watchTiles(o.style, o.onBasemapFailed)
    // One click path: pick here rather than in per-layer onClick, so "hit nothing" and "hit something" cannot race;
    // the hit goes to the description owning the layer, which names what it selects.
    this.map.on('click', (e) => {
      // Placing a household: the tap is a position, not a selection. Unprojected here, at the datum edge, so
      // a tap on GCJ-02 (AMap) tiles hands back the WGS84 ground position under the finger.
      if (this.tapTo) return this.tapTo(this.unproject([e.point.x, e.point.y]))
      if (this.clicksPaused) return
      const picked = this.overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 4 })
      o.onSelect(picked && picked.layer ? routePick(this.descriptions, picked.layer.id, picked.index) : null)
    })
  }

  setStyle(style: StyleSpecification): void {
    // The interleaved overlay re-inserts its layers when the style changes.
    this.map.setStyle(style, { diff: false })
    this.watchTiles(style, this.onBasemapFailed)
  }

  private onBasemapFailed: (() => void) | undefined
  private stopWatching: (() => void) | null = null

  /**
   * Watch a style's raster tiles until the first one arrives. MapLibre shows
   * nothing when they fail (a blank paper map), so report it: on the first few
   * errors with no tile loaded, or when none has loaded within TILE_TIMEOUT_MS.
   */
  private watchTiles(style: StyleSpecification, onFailed: (() => void) | undefined): void {
    this.onBasemapFailed = onFailed
    this.stopWatching?.()
    this.stopWatching = null
    if (!onFailed || !Object.keys(style.sources).some(isTileSource)) return
    let errors = 0
    const stop = () => {
      clearTimeout(timer)
      this.map.off('sourcedata', onData)
      this.map.off('error', onError)
      if (this.stopWatching === stop) this.stopWatching = null
    }
    const fail = () => {
      stop()
      onFailed()
    }
    const onData = (e: maplibregl.MapSourceDataEvent) => {
      if (isTileSource(e.sourceId) && e.tile && e.dataType === 'source') stop()
    }
    const onError = (e: maplibregl.ErrorEvent & { sourceId?: string }) => {
      if (isTileSource(e.sourceId) && ++errors >= TILE_ERRORS) fail()
    }
    const timer = setTimeout(fail, TILE_TIMEOUT_MS)
    this.map.on('sourcedata', onData)
    this.map.on('error', onError)
    this.stopWatching = stop
    this.onDestroy(stop)
  }

  /** While a drawing tool owns the pointer, clicks do not select. */
  clicksPaused = false

  private tapTo: ((lngLat: [number, number]) => void) | null = null

  /** Placing a household: while `fn` is set a click selects nothing and hands its WGS84 [lng, lat] to `fn`. */
  setTap(fn: ((lngLat: [number, number]) => void) | null): void {
    this.tapTo = fn
    this.map.getCanvas().style.cursor = fn ? 'crosshair' : ''
  }

  /** The layer stack (WGS84, bottom first) and the zoom-dependent styling of households. */
  setLayers(descriptions: readonly LayerDescription[], band: Omit<BuildContext, 'datum'> = this.band): void {
    this.descriptions = descriptions
    this.band = band
    this.rebuild()
  }

  /** Another basemap datum: the view stays on the same ground, every layer is shifted anew. */
  setDatum(datum: Datum): void {
    if (datum === this.datum) return
    const c = this.map.getCenter()
    const ground = fromDatum([c.lng, c.lat], this.datum)
    this.datum = datum
    this.map.jumpTo({ center: toDatum(ground, datum) })
    this.rebuild()
  }

  getDatum(): Datum {
    return this.datum
  }

  private rebuild(): void {
    this.layers = buildLayers(this.descriptions, { datum: this.datum, ...this.band })
    this.overlay.setProps({ layers: this.layers })
  }

  /**
   * [lng, lat] WGS84. `padding` (CSS px from each edge) is the part of the map a panel covers (the phone's
   * bottom sheet): the house lands in the middle of what is still visible.
   */
  flyTo(lngLat: [number, number], padding: Padding = NO_PADDING, zoom?: number): void {
    this.map.flyTo({ center: toDatum(lngLat, this.datum), zoom: Math.max(zoom ?? this.map.getZoom(), 17.5), padding, speed: 1.6, essential: true })
  }

  /**
   * Make sure a WGS84 [lng, lat] is in the uncovered part of the map (outside `padding`) at zoom `minZoom` or
   * closer: if it is not, ease there (zooming in only as far as `minZoom`). During a fly it waits for the fly
   * to end, so the two do not fight.
   */
  reveal(lngLat: [number, number], padding: Padding, minZoom = 0): void {
    if (this.map.isMoving()) {
      // Only the latest request counts.
      if (!this.pendingReveal) this.map.once('moveend', () => this.pendingReveal?.())
      this.pendingReveal = () => {
        this.pendingReveal = null
        this.reveal(lngLat, padding, minZoom)
      }
      return
    }
    const c = this.map.getContainer()
    const zoom = this.map.getZoom()
    if (zoom >= minZoom && inUncovered(this.project(lngLat), c.clientWidth, c.clientHeight, padding)) return
    this.map.easeTo({ center: toDatum(lngLat, this.datum), zoom: Math.max(zoom, minZoom), padding, duration: 450, essential: true })
  }

  /**
   * Nothing covers the map any more (the card closed): drop the camera padding without moving what is on
   * screen (MapLibre keeps padding across moves; changing it alone would shift the view).
   */
  clearPadding(): void {
    if (samePadding(this.map.getPadding(), NO_PADDING)) return
    const c = this.map.getContainer()
    const centre = this.map.unproject([c.clientWidth / 2, c.clientHeight / 2])
    this.map.jumpTo({ center: centre, padding: NO_PADDING })
  }

  /** [west, south, east, north], WGS84 degrees. */
  fitBounds(wgs: [number, number, number, number], animate = false): void {
    const bbox = bboxToDatum(wgs, this.datum)
    this.map.fitBounds(
      [
        [bbox[0], bbox[1]],
        [bbox[2], bbox[3]],
      ],
      { padding: 40, animate, maxZoom: 18 },
    )
  }

  /** What the map shows now: [west, south, east, north], WGS84 degrees (the printed sheet's "current view"). */
  bounds(): [number, number, number, number] {
    const b = this.map.getBounds()
    const [w, s] = fromDatum([b.getWest(), b.getSouth()], this.datum)
    const [e, n] = fromDatum([b.getEast(), b.getNorth()], this.datum)
    return [w, s, e, n]
  }

  /** Screen position (CSS pixels, relative to the map container) of a WGS84 [lng, lat]. */
  project(lngLat: [number, number]): [number, number] {
    const p = this.map.project(toDatum(lngLat, this.datum))
    return [p.x, p.y]
  }

  /** WGS84 [lng, lat] under a screen position (CSS pixels, relative to the container). */
  unproject(xy: [number, number]): [number, number] {
    const p = this.map.unproject(xy)
    return fromDatum([p.lng, p.lat], this.datum)
  }

  /** Move instantly to a WGS84 [lng, lat] at zoom `z`. */
  jumpTo(lngLat: [number, number], z: number): void {
    this.map.jumpTo({ center: toDatum(lngLat, this.datum), zoom: z })
  }

  /** Resolves once tiles, style and layers have drawn; used by tests and the render benchmark. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      if (this.map.loaded() && !this.map.isMoving()) {
        this.map.once('idle', () => resolve())
        this.map.triggerRepaint()
      } else this.map.once('idle', () => resolve())
    })
  }

  timeToFirstFrame(): Promise<number> {
    return this.firstFrame
  }

  layerIds(): string[] {
    return this.layers.map((l) => l.id)
  }

  /**
   * The labels drawn now, after decluttering: kind, text and box (CSS px,
   * relative to the container: centre x, y and half sizes). For the test hook.
   */
  drawnLabels(): { kind: 'place' | 'name'; text: string; x: number; y: number; hw: number; hh: number }[] {
    const b = this.band
    return placeLabels(this.descriptions, this.datum, b.labelZoom, b.showLabels, b.showPlaceLabels).drawn.map((l) => {
      const p = this.map.project(l.anchor)
      return { kind: l.kind, text: l.text, x: p.x, y: p.y + l.dy, hw: l.hw, hh: l.hh }
    })
  }

  /** The basemap style's own layers (deck.gl's interleaved ones left out), bottom first. */
  /** Households drawn now from the preview tiles (area-household-tiles.ts). */
  previewDrawn(): number {
    return renderedAreaHouseholds(this.map)
  }

  styleLayerIds(): string[] {
    const deck = new Set(this.layerIds())
    return (this.map.getStyle()?.layers ?? []).map((l) => l.id).filter((id) => !deck.has(id))
  }

  resize(): void {
    this.map.resize()
  }

  /** Run `fn` when the map goes, before MapLibre removes it: what lives on the map (terra-draw) must leave first. */
  onDestroy(fn: () => void): void {
    this.teardowns.push(fn)
  }

  destroy(): void {
    for (const fn of this.teardowns.splice(0)) fn()
    this.map.remove()
  }
}
