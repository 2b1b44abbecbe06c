/**
 * The React face of the map adapter: creates it once, then feeds it the style,
 * the basemap's datum and the ordered layer descriptions (layers.ts). Every
 * coordinate in these props is WGS84; the adapter shifts at its edge.
 * Everything map-engine specific stays in this folder.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Basemap } from '../features/basemaps/basemaps.ts'
import { MapAdapter } from './adapter.ts'
import { AREA_HOUSEHOLDS_SOURCE, firstCategoryColour, hideAreaHouseholds, showAreaHouseholds } from './area-household-tiles.ts'
import type { Wgs84View } from './view.ts'
import { basemapStyle, type BoundaryGeometry } from './basemap-style.ts'
import { geometryToDatum } from './datum-edge.ts'
import { labelZoomStep } from './label-layers.ts'
import type { LayerDescription, Selection, SketchLabelsLayer } from './layers.ts'
import { sketchLabels, type SketchFeature } from './sketch-style.ts'
import { coverPadding, type Box, type Padding } from './padding.ts'

/** Zoom from which house labels (names, when on) are drawn. */
export const LABEL_ZOOM = 17
/** Zoom from which place labels (a village group per cluster) are drawn: a whole village on screen. */
export const PLACE_LABEL_ZOOM = 14

/** Zoom from which the base sketch's names are drawn: below it the whole village is a few hundred px and they pile up. */
export const SKETCH_LABEL_ZOOM = 15

/** Minimum ring size by zoom: village zoom (16+) keeps rings legible; a whole-village overview on a phone shrinks them. */
export function minRingPixels(z: number): number {
  return z >= 16 ? 16 : z >= 15 ? 11 : 7
}

export interface FlyTarget {
  lngLat: [number, number]
  /** Changes on every request, so flying to the same household twice works. */
  nonce: number
}

export interface MapViewProps {
  basemap: Basemap
  tiandituKey: string
  /** The village outline, WGS84. */
  boundary: BoundaryGeometry | null
  /** Where to open: the URL's view, else the village's extent (WGS84). */
  view: Wgs84View | null
  bbox: [number, number, number, number] | null
  /** Bottom first. */
  layers: readonly LayerDescription[]
  /** The village's base sketch (WGS84), drawn as the basemap when the basemap is `sketch`. */
  sketch?: readonly SketchFeature[] | null
  fly: FlyTarget | null
  onViewChange: (v: Wgs84View) => void
  /** What a click selected (routed by layer id to the layer's owner), or null for empty map. */
  onSelect: (selection: Selection | null) => void
  onReady?: (adapter: MapAdapter) => void
  /** The online basemap's tiles did not load. */
  onBasemapFailed?: () => void
  label: string
  /** A panel over the map (the phone's bottom-sheet card), page CSS px: flights land in the part left visible. */
  cover?: Box | null
  /**
   * Keep this WGS84 [lng, lat] in view, outside the cover (and at `minZoom` or closer): re-checked whenever
   * `key`, the position or the cover changes.
   */
  reveal?: { lngLat: [number, number]; key: string; minZoom?: number } | null
  /** Placing a household: a click is a position (WGS84 [lng, lat]) handed here, not a selection. */
  onTap?: ((lngLat: [number, number]) => void) | null
  /**
   * A large village's households as vector tiles (dots in their first category's colour) while its own
   * layer is still on its way: the area tile URL, cut for the basemap's datum; null to remove them.
   */
  preview?: { tileUrl: string; colours: readonly { code: string; colour: string }[]; onShown?: () => void } | null
}

export function MapView(p: MapViewProps) {
  const container = useRef<HTMLDivElement>(null)
  const [adapter, setAdapter] = useState<MapAdapter | null>(null)
  const [showLabels, setShowLabels] = useState(false)
  const [showPlaceLabels, setShowPlaceLabels] = useState(false)
  // Only while labels are drawn does the placement follow the zoom: below PLACE_LABEL_ZOOM it stays put and nothing re-renders.
  const [labelZoom, setLabelZoom] = useState(0)
  const [sketchNames, setSketchNames] = useState(false)
  const [minPixels, setMinPixels] = useState(16)
  const latest = useRef(p)
  latest.current = p

  const datum = p.basemap.datum
  const sketch = p.basemap.id === 'sketch' && p.sketch && p.sketch.length > 0 ? p.sketch : null
  const style = useMemo(
    () =>
      basemapStyle(
        p.basemap,
        p.tiandituKey,
        p.boundary ? geometryToDatum(p.boundary, p.basemap.datum) : null,
        sketch ? sketch.map((f) => ({ ...f, geometry: geometryToDatum(f.geometry, p.basemap.datum) })) : null,
      ),
    [p.basemap, p.tiandituKey, p.boundary, sketch],
  )
  // The sketch's names, under every other layer (deck.gl draws them: the style has no glyphs).
  const labels = useMemo((): SketchLabelsLayer | null => (sketch && sketchNames ? { type: 'sketch-labels', id: 'sketch-labels', labels: sketchLabels(sketch) } : null), [sketch, sketchNames])
  const layers = useMemo(() => (labels ? [labels, ...p.layers] : p.layers), [labels, p.layers])
  const firstStyle = useRef(style)

  useEffect(() => {
    if (!container.current) return
    const initial = latest.current.view ?? { z: 16, lng: 111.04, lat: 21.82 }
    const a = new MapAdapter({
      container: container.current,
      style: firstStyle.current,
      datum: latest.current.basemap.datum,
      view: initial,
      onViewChange: (v) => latest.current.onViewChange(v),
      onZoom: (z) => {
        setShowLabels(z >= LABEL_ZOOM)
        setShowPlaceLabels(z >= PLACE_LABEL_ZOOM)
        setLabelZoom(z >= PLACE_LABEL_ZOOM ? labelZoomStep(z) : 0)
        setSketchNames(z >= SKETCH_LABEL_ZOOM)
        setMinPixels(minRingPixels(z))
      },
      onSelect: (selection) => latest.current.onSelect(selection),
      onBasemapFailed: () => latest.current.onBasemapFailed?.(),
    })
    setShowLabels(initial.z >= LABEL_ZOOM)
    setShowPlaceLabels(initial.z >= PLACE_LABEL_ZOOM)
    setLabelZoom(initial.z >= PLACE_LABEL_ZOOM ? labelZoomStep(initial.z) : 0)
    setSketchNames(initial.z >= SKETCH_LABEL_ZOOM)
    setMinPixels(minRingPixels(initial.z))
    setAdapter(a)
    latest.current.onReady?.(a)
    return () => a.destroy()
  }, [])

  useEffect(() => {
    if (adapter && style !== firstStyle.current) adapter.setStyle(style)
  }, [adapter, style])

  useEffect(() => {
    adapter?.setDatum(datum)
  }, [adapter, datum])

  // Open on the village when the URL has no view of its own.
  const fitted = useRef<string | null>(null)
  useEffect(() => {
    if (!adapter || !p.bbox || p.view) return
    const key = p.bbox.join(',')
    if (fitted.current === key) return
    fitted.current = key
    adapter.fitBounds(p.bbox)
  }, [adapter, p.bbox, p.view])

  useEffect(() => {
    if (adapter) adapter.setLayers(layers, { showLabels, showPlaceLabels, labelZoom, minPixels })
  }, [adapter, layers, showLabels, showPlaceLabels, labelZoom, minPixels])

  const cover = p.cover ?? null
  const padding = useCallback((): Padding => {
    const r = container.current?.getBoundingClientRect()
    return coverPadding(r ? { left: r.left, top: r.top, right: r.right, bottom: r.bottom } : { left: 0, top: 0, right: 0, bottom: 0 }, cover)
  }, [cover])

  useEffect(() => {
    if (adapter && p.fly) adapter.flyTo(p.fly.lngLat, padding())
    // A fly is a request: a later change of the cover does not repeat it (reveal below keeps the house in view).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [adapter, p.fly])

  const revealKey = p.reveal ? `${p.reveal.key}@${p.reveal.lngLat.join(',')}` : null
  const revealOf = useRef(p.reveal)
  revealOf.current = p.reveal
  useEffect(() => {
    if (!adapter) return
    const r = revealOf.current
    if (revealKey && r) adapter.reveal(r.lngLat, padding(), r.minZoom)
    if (!cover) adapter.clearPadding()
  }, [adapter, revealKey, cover, padding])

  const previewUrl = p.preview?.tileUrl ?? null
  const previewColours = p.preview?.colours
  const previewColour = useMemo(() => (previewColours ? firstCategoryColour(previewColours) : null), [previewColours])
  useEffect(() => {
    if (!adapter) return
    if (!previewUrl || !previewColour) {
      hideAreaHouseholds(adapter.map)
      return
    }
    showAreaHouseholds(adapter.map, previewUrl, previewColour)
    // Shown once the map has settled with the tiles' dots drawn (or with none to draw: a village with no positions).
    const settled = () => {
      if (!adapter.map.getSource(AREA_HOUSEHOLDS_SOURCE) || !adapter.map.isSourceLoaded(AREA_HOUSEHOLDS_SOURCE)) return
      adapter.map.off('idle', settled)
      latest.current.preview?.onShown?.()
    }
    adapter.map.on('idle', settled)
    return () => {
      adapter.map.off('idle', settled)
    }
  }, [adapter, previewUrl, previewColour])

  const tapping = !!p.onTap
  useEffect(() => {
    if (!adapter) return
    adapter.setTap(tapping ? (lngLat) => latest.current.onTap?.(lngLat) : null)
    return () => adapter.setTap(null)
  }, [adapter, tapping])

  return <div ref={container} className="map" role="application" aria-label={p.label} data-testid="map" />
}
