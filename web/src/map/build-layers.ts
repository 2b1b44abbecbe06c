/**
 * Layer descriptions (layers.ts, WGS84) → deck.gl layers in the basemap's
 * datum. The one place the datum shift is applied to what is drawn; shifted
 * copies are remembered per input array so rebuilding on every render is cheap.
 */
import { GeoJsonLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { householdLayers } from './household-layers.ts'
import { aggregateLayers } from './aggregate-layers.ts'
import { placeLabelLayers, placeLabels } from './label-layers.ts'
import { buildIconAtlas, type IconAtlas } from './ring-atlas.ts'
import { flatPositionsToDatum, geometryToDatum, type Datum } from './datum-edge.ts'
import type { DrawnShape, HighlightLayer, LayerDescription, ShapesLayer } from './layers.ts'
import type { GlyphSpec } from '../features/households/glyph.ts'

export interface BuildContext {
  datum: Datum
  /** Household labels from zoom 17. */
  showLabels: boolean
  /** Place labels (village groups) from the village zoom. */
  showPlaceLabels: boolean
  /** The zoom step labels are placed for (labelZoomStep of the map's zoom). */
  labelZoom: number
  /** Smallest household ring on screen, px. */
  minPixels: number
}

const atlases = new WeakMap<GlyphSpec[], IconAtlas>()
const atlasFor = (glyphs: GlyphSpec[]) => {
  let a = atlases.get(glyphs)
  if (!a) atlases.set(glyphs, (a = buildIconAtlas(glyphs)))
  return a
}

type ShapeProps = { index: number; colour: [number, number, number]; label?: string }
const shapeCollections = new WeakMap<DrawnShape[], Map<Datum, FeatureCollection<Geometry, ShapeProps>>>()
function shapesInDatum(shapes: DrawnShape[], datum: Datum): FeatureCollection<Geometry, ShapeProps> {
  let byDatum = shapeCollections.get(shapes)
  if (!byDatum) shapeCollections.set(shapes, (byDatum = new Map()))
  let fc = byDatum.get(datum)
  if (!fc) {
    fc = {
      type: 'FeatureCollection',
      features: shapes.map((s, index): Feature<Geometry, ShapeProps> => ({
        type: 'Feature',
        geometry: geometryToDatum(s.geometry, datum),
        properties: { index, colour: rgb(s.colour), label: s.label },
      })),
    }
    byDatum.set(datum, fc)
  }
  return fc
}

export function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1, 7), 16)
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255]
}

function shapesLayers(d: ShapesLayer, ctx: BuildContext): Layer[] {
  const data = shapesInDatum(d.shapes, ctx.datum)
  const out: Layer[] = [
    new GeoJsonLayer<ShapeProps>({
      id: d.id,
      data,
      opacity: d.opacity,
      pickable: d.pickable,
      stroked: true,
      filled: true,
      pointType: 'circle',
      getFillColor: (f) => [...f.properties.colour, f.geometry.type === 'Point' ? 255 : 70],
      getLineColor: (f) => (f.geometry.type === 'Point' ? [255, 255, 255, 255] : [...f.properties.colour, 255]),
      getLineWidth: (f) => (f.geometry.type === 'LineString' || f.geometry.type === 'MultiLineString' ? 4 : 2),
      lineWidthUnits: 'pixels',
      getPointRadius: 8,
      pointRadiusUnits: 'pixels',
      updateTriggers: { getFillColor: data, getLineColor: data },
    }),
  ]
  const sel = d.selectedId === null ? -1 : d.shapes.findIndex((s) => s.id === d.selectedId)
  if (sel >= 0) out.push(highlight({ type: 'highlight', id: `${d.id}:selected`, geometries: [data.features[sel]!.geometry], colour: '#1565c0', fill: 0 }, null))
  return out
}

/** `datum` null: the geometries are already in the basemap datum. */
function highlight(d: HighlightLayer, datum: Datum | null): Layer {
  const colour = rgb(d.colour)
  return new GeoJsonLayer({
    id: d.id,
    data: { type: 'FeatureCollection', features: d.geometries.map((g) => ({ type: 'Feature', properties: {}, geometry: datum ? geometryToDatum(g, datum) : g })) },
    pickable: false,
    stroked: true,
    filled: d.fill > 0,
    pointType: 'circle',
    getFillColor: [...colour, Math.round(d.fill * 255)],
    getLineColor: [...colour, 255],
    getLineWidth: 3,
    lineWidthUnits: 'pixels',
    getPointRadius: 14,
    pointRadiusUnits: 'pixels',
  })
}

/** The whole stack, bottom first. */
export function buildLayers(descriptions: readonly LayerDescription[], ctx: BuildContext): Layer[] {
  const placed = placeLabels(descriptions, ctx.datum, ctx.labelZoom, ctx.showLabels, ctx.showPlaceLabels)
  return descriptions.flatMap((d): Layer[] => {
    switch (d.type) {
      case 'households':
        return householdLayers({
          id: d.id,
          count: d.count,
          positions: flatPositionsToDatum(d.positions, ctx.datum),
          positionsVersion: `${ctx.datum}:${d.positionsVersion}`,
          glyphKeys: d.glyphKeys,
          atlas: atlasFor(d.glyphs),
          filterValues: d.filterValues,
          filterVersion: d.filterVersion,
          groupLabels: d.groupLabels,
          nameLabels: d.nameLabels,
          showLabels: ctx.showLabels,
          nameFilterValues: placed.names.get(d.id),
          nameFilterVersion: placed.version,
          minPixels: ctx.minPixels,
          selected: d.selected,
        })
      case 'shapes':
        return shapesLayers(d, ctx)
      case 'highlight':
        return [highlight(d, ctx.datum)]
      case 'aggregates':
        return aggregateLayers(d, ctx.datum)
      case 'labels':
        return placeLabelLayers(d, ctx.datum, placed.places.get(d.id), ctx.labelZoom)
    }
  })
}
