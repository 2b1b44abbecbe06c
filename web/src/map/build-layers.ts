/**
 * Layer descriptions (layers.ts, WGS84) → deck.gl layers in the basemap's
 * datum. The one place the datum shift is applied to what is drawn; shifted
 * copies are remembered per input array so rebuilding on every render is cheap.
 */
import { GeoJsonLayer, TextLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { householdLayers } from './household-layers.ts'
import { aggregateLayers } from './aggregate-layers.ts'
import { placeLabelLayers, placeLabels } from './label-layers.ts'
import { buildIconAtlas, type IconAtlas } from './ring-atlas.ts'
import { flatPositionsToDatum, geometryToDatum, toDatum, type Datum } from './datum-edge.ts'
import type { DrawnShape, HighlightLayer, LayerDescription, ShapesLayer, SketchLabelsLayer } from './layers.ts'
import type { SketchClass, SketchLabel } from './sketch-style.ts'
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

const LABEL_COLOURS: Record<SketchClass, [number, number, number, number]> = {
  water: [13, 84, 128, 255],
  field: [62, 96, 24, 255],
  building: [50, 36, 30, 255],
  landmark: [62, 39, 35, 255],
  road: [88, 72, 52, 255],
  lane: [88, 72, 52, 255],
  other: [55, 71, 79, 255],
}

type PlacedLabel = SketchLabel & { at: [number, number] }
const placedLabels = new WeakMap<SketchLabel[], Map<Datum, PlacedLabel[]>>()

function sketchLabelsLayer(d: SketchLabelsLayer, datum: Datum): Layer {
  let byDatum = placedLabels.get(d.labels)
  if (!byDatum) placedLabels.set(d.labels, (byDatum = new Map()))
  let data = byDatum.get(datum)
  if (!data) byDatum.set(datum, (data = d.labels.map((l) => ({ ...l, at: toDatum(l.position, datum) as [number, number] }))))
  return new TextLayer<PlacedLabel>({
    id: d.id,
    data,
    getPosition: (l) => l.at,
    getText: (l) => l.text,
    // Points carry a dot: the name sits above it. Buildings are named above them, clear of the marks drawn on them
    // (a village committee carries several); other areas and lines in their middle.
    getPixelOffset: (l) => (l.cls === 'landmark' ? [0, -12] : l.cls === 'building' ? [0, -14] : [0, 0]),
    getSize: (l) => (l.cls === 'field' ? 12 : 13),
    getColor: (l) => LABEL_COLOURS[l.cls],
    fontFamily: 'system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
    fontWeight: 600,
    fontSettings: { sdf: true },
    outlineWidth: 4,
    outlineColor: [255, 255, 255, 220],
    // The glyphs actually used, rasterised from local fonts (no remote glyph server).
    characterSet: 'auto',
    pickable: false,
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
      case 'sketch-labels':
        return [sketchLabelsLayer(d, ctx.datum)]
    }
  })
}
