/**
 * What the map draws, as data: an ordered list of layer descriptions (bottom
 * first), every coordinate in WGS84. `MapView` hands the list to the adapter,
 * which shifts it into the basemap's datum once and builds the deck.gl layers.
 *
 * To add a kind of layer (print, area aggregates, labels …): add a member to
 * `LayerDescription` and a case in `buildLayers` (build-layers.ts). A
 * description's `id` is stable across renders; the deck.gl layers it becomes
 * are named `id` or `id:part`, so a click is routed back to the description
 * that owns it and that description's `pick` turns the hit into a selection.
 */
import type { Geometry } from 'geojson'
import type { GlyphSpec } from '../features/households/glyph.ts'
import type { SketchLabel } from './sketch-style.ts'

/** What is selected on the map: a household, a drawn feature or a child area (its 12-digit code), by id. */
export interface Selection {
  kind: 'household' | 'feature' | 'area'
  id: string
}

/** The households of a village: one glyph per household, filtered on the GPU. */
export interface HouseholdsLayer {
  type: 'households'
  id: string
  count: number
  /** [lng, lat] pairs, WGS84; NaN where unplaced. */
  positions: Float64Array
  /** Changes when `positions` is replaced (new data). */
  positionsVersion: string
  glyphKeys: string[]
  /** The distinct glyphs; the icon atlas is painted once per array. */
  glyphs: GlyphSpec[]
  /** 1 = drawn, 0 = hidden; read on the GPU. */
  filterValues: Float32Array
  filterVersion: number
  /** Per-house group numbers (the printed sheet's close-ups); null on the live map, where a `labels` layer names each group once. */
  groupLabels: string[] | null
  /** Head names, drawn from the label zoom and hidden where they would overlap another label. */
  nameLabels: (string | null)[] | null
  /** Index of the selected household, ringed. */
  selected: number | null
  /** Object index → what a click on it selects. */
  pick?: (index: number) => Selection | null
}

/** One drawn feature as the map needs it. */
export interface DrawnShape {
  id: string
  geometry: Geometry
  /** '#rrggbb' */
  colour: string
  label?: string
}

/** A drawn layer (base sketch, assets, needs …). */
export interface ShapesLayer {
  type: 'shapes'
  id: string
  shapes: DrawnShape[]
  /** 0..1 */
  opacity: number
  selectedId: string | null
  /** A locked layer is drawn but not picked, so it cannot be selected for editing. */
  pickable: boolean
  pick?: (index: number) => Selection | null
}

/** Marks on top of everything: query results, a buffer ring, the hovered shape. Never picked. */
export interface HighlightLayer {
  type: 'highlight'
  id: string
  geometries: Geometry[]
  /** '#rrggbb' */
  colour: string
  /** Fill opacity for areas, 0..1. */
  fill: number
}

/** One child area of the area shown (a township's villages, a county's townships) with its count under the filter. */
export interface AggregatePoint {
  code: string
  name: string
  /** [lng, lat] WGS84: the centroid of the area's households. */
  position: [number, number]
  households: number
}

/** Child areas as discs sized by their counts; a click selects `{kind: 'area', id: code}`. */
export interface AggregatesLayer {
  type: 'aggregates'
  id: string
  points: AggregatePoint[]
  /** Changes whenever the counts do (filter, data version), so the discs are re-sized. */
  version: string
  /** False where the households themselves are drawn: only the names and counts stay, over the dots. */
  discs: boolean
  pick?: (index: number) => Selection | null
}

/** One place label, WGS84. */
export interface MapLabel {
  /** [lng, lat] WGS84 degrees. */
  position: [number, number]
  text: string
}

/**
 * Place labels (a village group per cluster of its households), drawn from the
 * village zoom. Placed with the house name labels and before them, so a name
 * that would overlap a place label (or another name) is not drawn. Never picked.
 */
export interface LabelsLayer {
  type: 'labels'
  id: string
  labels: MapLabel[]
}

/** Names on the base-sketch basemap (places, water, buildings), drawn from local fonts under everything else. Never picked. */
export interface SketchLabelsLayer {
  type: 'sketch-labels'
  id: string
  /** Positions WGS84. */
  labels: SketchLabel[]
}

export type LayerDescription = HouseholdsLayer | ShapesLayer | HighlightLayer | AggregatesLayer | LabelsLayer | SketchLabelsLayer

/** The description id that owns a deck.gl layer id (`id` or `id:part`). */
export const ownerOf = (deckLayerId: string) => deckLayerId.split(':')[0]!

/** Route a click on deck layer `deckLayerId`, object `index`, to its owner's selection. */
export function routePick(layers: readonly LayerDescription[], deckLayerId: string, index: number): Selection | null {
  const owner = layers.find((l) => l.id === ownerOf(deckLayerId))
  if (!owner || owner.type === 'highlight' || owner.type === 'labels' || owner.type === 'sketch-labels' || !owner.pick || index < 0) return null
  return owner.pick(index)
}
