/**
 * A MapLibre style for a basemap: raster tiles (or nothing, offline) under the
 * village boundary, or the village's own base sketch. No `glyphs` and no
 * symbol layers: every label is drawn by deck.gl from local fonts, so the map
 * needs no remote resources offline.
 */
import type { StyleSpecification, LayerSpecification } from 'maplibre-gl'
import type { Basemap } from '../features/basemaps/basemaps.ts'
import { sketchLayers, sketchSource, type SketchFeature } from './sketch-style.ts'

export interface BoundaryGeometry {
  type: 'MultiPolygon'
  /** [lng, lat] positions in the basemap's datum. */
  coordinates: [number, number][][][]
}

export const PAPER = '#f3efe6'

/**
 * `sketch`: the base sketch's features in the basemap's datum, drawn when the
 * basemap is the sketch; without them the sketch basemap looks like the offline one.
 */
export function basemapStyle(basemap: Basemap, key: string, boundary: BoundaryGeometry | null, sketch: readonly SketchFeature[] | null = null): StyleSpecification {
  const sources: StyleSpecification['sources'] = {}
  const layers: LayerSpecification[] = [{ id: 'paper', type: 'background', paint: { 'background-color': PAPER } }]
  const usable = !basemap.needsKey || key.trim() !== ''
  if (usable) {
    basemap.tiles(key.trim()).forEach((tiles, i) => {
      const id = `tiles-${i}`
      sources[id] = { type: 'raster', tiles, tileSize: 256, maxzoom: 18, attribution: i === 0 ? basemap.attribution : undefined }
      layers.push({ id, type: 'raster', source: id })
    })
  }
  const offline = basemap.tiles(key.trim()).length === 0 || !usable
  if (boundary) {
    sources.boundary = { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: boundary } }
    // Offline, the village outline is the map: a soft fill. Over tiles, only the outline, so imagery stays visible.
    if (offline) layers.push({ id: 'boundary-fill', type: 'fill', source: 'boundary', paint: { 'fill-color': '#fbfaf5', 'fill-opacity': 1 } })
  }
  if (basemap.id === 'sketch' && sketch && sketch.length > 0) {
    sources.sketch = sketchSource(sketch)
    layers.push(...sketchLayers('sketch'))
  }
  if (boundary) {
    layers.push({
      id: 'boundary-line',
      type: 'line',
      source: 'boundary',
      paint: { 'line-color': offline ? '#b9ad93' : '#ffffff', 'line-width': 2, 'line-dasharray': [3, 2] },
    })
  }
  return { version: 8, sources, layers }
}
