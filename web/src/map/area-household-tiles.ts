/**
 * The households of an area from z13 as vector tiles (layer `households` of
 * GET /api/areas/:code/tiles/…, the filter in the tile URL), drawn as dots in
 * the colour of each household's first category: a township of 10,000 or a
 * county of 100,000 streams by tile instead of one GeoJSON. Names never travel
 * in tiles. Re-added after a basemap change (setStyle drops sources).
 */
import type maplibregl from 'maplibre-gl'
import { HOUSEHOLD_MIN_ZOOM } from '@cuntu/domain'

export const AREA_HOUSEHOLDS_SOURCE = 'area-households'
const SOURCE = AREA_HOUSEHOLDS_SOURCE
const LAYER = 'area-households-dots'

/**
 * A MapLibre expression: the colour of the highest-priority category the
 * household holds (`colours` in registry priority), grey for none. The tile's
 * `categories` property is comma-separated; commas around it make `in` match
 * whole codes only (dibao is not dibao_edge).
 */
export function firstCategoryColour(colours: readonly { code: string; colour: string }[], none = '#777777'): unknown {
  if (colours.length === 0) return none
  const padded = ['concat', ',', ['get', 'categories'], ',']
  return ['case', ...colours.flatMap((c) => [['in', `,${c.code},`, padded], c.colour]), none]
}

/** Each map's re-apply handler, so that hiding also stops re-adding after a basemap change. */
const appliers = new WeakMap<maplibregl.Map, () => void>()

export function showAreaHouseholds(map: maplibregl.Map, tileUrl: string, colour: unknown): void {
  const apply = () => {
    const existing = map.getSource(SOURCE) as maplibregl.VectorTileSource | undefined
    if (existing) {
      existing.setTiles([tileUrl])
      map.setPaintProperty(LAYER, 'circle-color', colour as never)
      return
    }
    map.addSource(SOURCE, { type: 'vector', tiles: [tileUrl], minzoom: HOUSEHOLD_MIN_ZOOM, maxzoom: 16 })
    map.addLayer({
      id: LAYER,
      type: 'circle',
      source: SOURCE,
      'source-layer': 'households',
      minzoom: HOUSEHOLD_MIN_ZOOM,
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 2, 17, 6], 'circle-color': colour as never, 'circle-stroke-width': 0.5, 'circle-stroke-color': '#ffffff' },
    })
  }
  const previous = appliers.get(map)
  if (previous) map.off('style.load', previous)
  appliers.set(map, apply)
  if (map.isStyleLoaded()) apply()
  else map.once('load', apply)
  map.on('style.load', apply)
}

/** Remove the dots and their source (the village's own layer has arrived). */
export function hideAreaHouseholds(map: maplibregl.Map): void {
  const previous = appliers.get(map)
  if (previous) {
    map.off('style.load', previous)
    map.off('load', previous)
    appliers.delete(map)
  }
  if (map.getLayer(LAYER)) map.removeLayer(LAYER)
  if (map.getSource(SOURCE)) map.removeSource(SOURCE)
}

/** How many dots the tiles have put on screen (for the test hook and the benchmark). */
export function renderedAreaHouseholds(map: maplibregl.Map): number {
  return map.getLayer(LAYER) ? map.queryRenderedFeatures({ layers: [LAYER] }).length : 0
}
