/**
 * The one imperative map: MapLibre for the basemap, deck.gl interleaved into
 * the same WebGL canvas (so a later export is a single image). React feeds it
 * through these methods and never touches maplibre-gl or deck.gl directly.
 */
import maplibregl, { type StyleSpecification } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Layer } from '@deck.gl/core'

export interface View {
  /** Web-Mercator zoom. */
  z: number
  /** WGS84 degrees (or the basemap datum's, when it is GCJ-02). */
  lng: number
  lat: number
}

export interface AdapterOptions {
  container: HTMLElement
  style: StyleSpecification
  view: View
  onViewChange: (view: View) => void
  onZoom: (z: number) => void
  /** A click: the deck.gl layer and object index it hit, or null for empty map. */
  onClick: (hit: { layerId: string; index: number } | null) => void
}

export class MapAdapter {
  readonly map: maplibregl.Map
  private readonly overlay: MapboxOverlay
  private layers: Layer[] = []
  private firstFrame: Promise<number>
  /**
   * MapLibre frames drawn ('render' events, deck.gl's interleaved layers included)
   * and 'idle' events since creation. Two counters, read by the render benchmark
   * (scripts/src/bench-render.ts) to tell when a filtered frame has been drawn.
   */
  readonly frames = { drawn: 0, idle: 0 }

  constructor(o: AdapterOptions) {
    const started = performance.now()
    this.map = new maplibregl.Map({
      container: o.container,
      style: o.style,
      center: [o.view.lng, o.view.lat],
      zoom: o.view.z,
      maxZoom: 20,
      attributionControl: { compact: false },
      // Keep the WebGL buffer: screenshots and pixel checks read it back.
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      dragRotate: false,
      pitchWithRotate: false,
    })
    this.map.touchZoomRotate.disableRotation()
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right')
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
    this.overlay = new MapboxOverlay({ interleaved: true, layers: [] })
    this.map.addControl(this.overlay)
    this.firstFrame = new Promise((resolve) => this.map.once('idle', () => resolve(performance.now() - started)))
    this.map.on('render', () => this.frames.drawn++)
    this.map.on('idle', () => this.frames.idle++)
    this.map.on('moveend', () => {
      const c = this.map.getCenter()
      o.onViewChange({ z: this.map.getZoom(), lng: c.lng, lat: c.lat })
    })
    this.map.on('zoom', () => o.onZoom(this.map.getZoom()))
    // One click path: pick here rather than in per-layer onClick, so "hit nothing" and "hit a household" cannot race.
    this.map.on('click', (e) => {
      const picked = this.overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 4 })
      o.onClick(picked && picked.layer && picked.index >= 0 ? { layerId: picked.layer.id, index: picked.index } : null)
    })
  }

  setStyle(style: StyleSpecification): void {
    // The interleaved overlay re-inserts its layers when the style changes.
    this.map.setStyle(style, { diff: false })
  }

  setLayers(layers: Layer[]): void {
    this.layers = layers
    this.overlay.setProps({ layers })
  }

  flyTo(lngLat: [number, number], zoom?: number): void {
    this.map.flyTo({ center: lngLat, zoom: Math.max(zoom ?? this.map.getZoom(), 17.5), speed: 1.6, essential: true })
  }

  /** [west, south, east, north] in degrees. */
  fitBounds(bbox: [number, number, number, number], animate = false): void {
    this.map.fitBounds(
      [
        [bbox[0], bbox[1]],
        [bbox[2], bbox[3]],
      ],
      { padding: 40, animate, maxZoom: 18 },
    )
  }

  /** What the map shows now: [west, south, east, north] in the basemap's datum (the printed sheet's "current view"). */
  bounds(): [number, number, number, number] {
    const b = this.map.getBounds()
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
  }

  /** Screen position (CSS pixels, relative to the map container) of a [lng, lat]. */
  project(lngLat: [number, number]): [number, number] {
    const p = this.map.project(lngLat)
    return [p.x, p.y]
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

  resize(): void {
    this.map.resize()
  }

  destroy(): void {
    this.map.remove()
  }
}
