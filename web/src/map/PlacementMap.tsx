/**
 * A small map of where the cell-map fit puts each house, in the import's plan:
 * a house dragged to where it really is becomes a control point. Its own
 * MapLibre map on the chosen basemap (no deck.gl: a few hundred circles, and
 * MapLibre's layer events give the drag). Everything engine specific stays in
 * this folder; the import feature gives it plain WGS84 points and gets WGS84
 * drops back: the shift into the basemap's datum (GCJ-02 tiles) is made here.
 */
import { useEffect, useRef } from 'react'
import maplibregl, { type GeoJSONSource, type MapLayerMouseEvent, type MapLayerTouchEvent, type StyleSpecification } from 'maplibre-gl'
import 'maplibre-gl/dist/maplibre-gl.css'
import type { Wgs84LngLat } from '@cuntu/domain/coords.ts'
import { fromDatum, toDatum, type Datum } from './datum-edge.ts'

export interface PlacementPoint {
  id: string
  /** WGS84. */
  lngLat: Wgs84LngLat
  /** A control point (drawn larger and darker). */
  control: boolean
}

export interface PlacementMapApi {
  /** Page coordinates (CSS px) of a WGS84 [lng, lat]: for browser tests. */
  project(lngLat: Wgs84LngLat): [number, number]
}

export interface PlacementMapProps {
  style: StyleSpecification
  /** The datum the basemap's tiles are drawn in. */
  datum: Datum
  points: readonly PlacementPoint[]
  /** A house was dragged and let go at this WGS84 [lng, lat]. */
  onDrop: (id: string, lngLat: Wgs84LngLat) => void
  onReady?: (api: PlacementMapApi) => void
  label: string
}

const SOURCE = 'placement'
const LAYERS = ['placement-placed', 'placement-control'] as const

/** The points as the map draws them: in the basemap's datum. */
function collection(points: readonly PlacementPoint[], datum: Datum): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({ type: 'Feature', properties: { id: p.id, control: p.control }, geometry: { type: 'Point', coordinates: toDatum(p.lngLat, datum) } })),
  }
}

export function PlacementMap(p: PlacementMapProps) {
  const container = useRef<HTMLDivElement>(null)
  const mapRef = useRef<maplibregl.Map | null>(null)
  // The drawn points, kept here so a drag moves the latest data.
  const dataRef = useRef(collection(p.points, p.datum))
  const latest = useRef(p)
  latest.current = p

  useEffect(() => {
    if (!container.current) return
    const map = new maplibregl.Map({
      container: container.current,
      style: latest.current.style,
      center: (dataRef.current.features[0]?.geometry.coordinates as [number, number] | undefined) ?? [111.02, 21.81],
      zoom: 15,
      maxZoom: 20,
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
    })
    map.touchZoomRotate.disableRotation()
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right')
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left')
    mapRef.current = map

    map.on('load', () => {
      map.addSource(SOURCE, { type: 'geojson', data: dataRef.current })
      map.addLayer({
        id: LAYERS[0], type: 'circle', source: SOURCE, filter: ['!', ['get', 'control']],
        paint: { 'circle-radius': 5, 'circle-color': '#2b8cbe', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
      })
      map.addLayer({
        id: LAYERS[1], type: 'circle', source: SOURCE, filter: ['get', 'control'],
        paint: { 'circle-radius': 8, 'circle-color': '#7a0177', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
      })
      const pts = dataRef.current.features.map((f) => f.geometry.coordinates as [number, number])
      if (pts.length > 0) {
        const b = new maplibregl.LngLatBounds(pts[0]!, pts[0]!)
        for (const q of pts) b.extend(q)
        map.fitBounds(b, { padding: 30, animate: false, maxZoom: 18 })
      }
      latest.current.onReady?.({
        project: (lngLat) => {
          const r = container.current!.getBoundingClientRect()
          const q = map.project(toDatum(lngLat, latest.current.datum))
          return [r.left + q.x, r.top + q.y]
        },
      })
    })

    // Drag: grab a house, move it with the pointer, hand its new place back on release.
    let dragging: string | null = null
    const move = (lngLat: maplibregl.LngLat) => {
      if (!dragging) return
      const data = dataRef.current
      dataRef.current = {
        ...data,
        features: data.features.map((f) => (f.properties!.id === dragging ? { ...f, geometry: { type: 'Point', coordinates: [lngLat.lng, lngLat.lat] } } : f)),
      }
      ;(map.getSource(SOURCE) as GeoJSONSource | undefined)?.setData(dataRef.current)
    }
    const onMove = (e: maplibregl.MapMouseEvent | maplibregl.MapTouchEvent) => move(e.lngLat)
    const onUp = (e: maplibregl.MapMouseEvent | maplibregl.MapTouchEvent) => {
      const id = dragging
      dragging = null
      map.getCanvas().style.cursor = ''
      map.off('mousemove', onMove)
      map.off('touchmove', onMove)
      if (id) latest.current.onDrop(id, fromDatum([e.lngLat.lng, e.lngLat.lat], latest.current.datum))
    }
    const grab = (e: MapLayerMouseEvent | MapLayerTouchEvent) => {
      const id = e.features?.[0]?.properties?.id
      if (typeof id !== 'string') return
      if ('points' in e && e.points.length !== 1) return
      // Keep the map still while a house moves.
      e.preventDefault()
      dragging = id
      map.getCanvas().style.cursor = 'grabbing'
      if (e.type === 'touchstart') {
        map.on('touchmove', onMove)
        map.once('touchend', onUp)
      } else {
        map.on('mousemove', onMove)
        map.once('mouseup', onUp)
      }
    }
    for (const layer of LAYERS) {
      map.on('mousedown', layer, grab)
      map.on('touchstart', layer, grab)
      map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'grab'))
      map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = dragging ? 'grabbing' : ''))
    }
    const observer = new ResizeObserver(() => map.resize())
    observer.observe(container.current)
    return () => {
      observer.disconnect()
      map.remove()
      mapRef.current = null
    }
  }, [])

  // New points after each dry run: the same map, new data.
  useEffect(() => {
    dataRef.current = collection(p.points, p.datum)
    const source = mapRef.current?.getSource(SOURCE) as GeoJSONSource | undefined
    source?.setData(dataRef.current)
  }, [p.points, p.datum])

  return <div ref={container} className="placement-map" role="application" aria-label={p.label} data-testid="placement-map" />
}
