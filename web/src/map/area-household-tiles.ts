/**
 * The households of an area from z13 as vector tiles (layer `households` of
 * GET /api/areas/:code/tiles/…, the filter in the tile URL), drawn as dots in
 * the colour of each household's first category: a township of 10,000 or a
 * county of 100,000 streams by tile instead of one GeoJSON. Names never travel
 * in tiles. Re-added after a basemap change (setStyle drops sources).
 */
import type maplibregl from 'maplibre-gl'
import { HOUSEHOLD_MIN_ZOOM } from '@cuntu/domain'

const SOURCE = 'area-households'
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
  if (map.isStyleLoaded()) apply()
  else map.once('load', apply)
  map.off('style.load', apply)
  map.on('style.load', apply)
}
