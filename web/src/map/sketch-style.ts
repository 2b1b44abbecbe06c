/**
 * The village's own base sketch (村庄底图) as a basemap: its drawn features
 * styled like a plain map (lanes and roads as white lines of a width by kind,
 * water blue, fields light green, buildings grey, landmarks as dots) in
 * MapLibre layers under everything else. No glyphs and no symbol layers:
 * names are drawn by deck.gl from local fonts (see `sketchLabels`), so the
 * sketch needs no network. Pure: feature list in, style pieces out.
 */
import type { FeatureCollection, Geometry, Position } from 'geojson'
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl'

/** One feature of the base sketch, WGS84 (or already in the basemap's datum). */
export interface SketchFeature {
  kind: string
  name: string
  geometry: Geometry
  /** The kind's colour, '#rrggbb': used for kinds that are not one of the base classes. */
  colour: string
}

/** How a kind is drawn on the sketch. */
export type SketchClass = 'road' | 'lane' | 'water' | 'field' | 'building' | 'landmark' | 'other'

const CLASS_OF: Record<string, SketchClass> = {
  road: 'road',
  lane: 'lane',
  river: 'water',
  pond: 'water',
  farmland: 'field',
  farmland_asset: 'field',
  park: 'field',
  orchard: 'field',
  building: 'building',
  landmark: 'landmark',
}

export function sketchClass(kind: string): SketchClass {
  return CLASS_OF[kind] ?? 'other'
}

/** The sketch's colours (paper-like, so the household glyphs stay the strongest thing on the map). */
export const SKETCH_COLOURS = {
  water: '#9fd0ee',
  waterLine: '#6fb6e2',
  field: '#dcedc8',
  fieldLine: '#b5d68f',
  building: '#c4c0bb',
  buildingLine: '#9e9892',
  road: '#ffffff',
  roadCasing: '#c8b89c',
  landmark: '#6d4c41',
} as const

export type SketchProps = { cls: SketchClass; kind: string; colour: string }

/** The features as the style's GeoJSON source data, each tagged with its class. */
export function sketchCollection(features: readonly SketchFeature[]): FeatureCollection<Geometry, SketchProps> {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { cls: sketchClass(f.kind), kind: f.kind, colour: f.colour } })),
  }
}

const isArea: unknown = ['==', ['geometry-type'], 'Polygon']
const isLine: unknown = ['==', ['geometry-type'], 'LineString']
const isPoint: unknown = ['==', ['geometry-type'], 'Point']
const cls = (...c: SketchClass[]): unknown => ['in', ['get', 'cls'], ['literal', c]]

/** Line width in px by zoom, per class: a road about 6 m wide on the ground at zoom 18, a lane about 3 m. */
const width = (road: [number, number, number], lane: [number, number, number], other: [number, number, number]): unknown => [
  'interpolate', ['exponential', 1.6], ['zoom'],
  14, ['match', ['get', 'cls'], 'road', road[0], 'lane', lane[0], 'water', road[0], other[0]],
  17, ['match', ['get', 'cls'], 'road', road[1], 'lane', lane[1], 'water', road[1], other[1]],
  20, ['match', ['get', 'cls'], 'road', road[2], 'lane', lane[2], 'water', road[2], other[2]],
]

/** MapLibre layers drawing source `source` (a `sketchCollection`), bottom first. */
export function sketchLayers(source: string): LayerSpecification[] {
  // The style spec's expression types are recursive tuples; these filters and widths are checked by the render test.
  const f = (x: unknown) => x as never
  return [
    { id: 'sketch-field', type: 'fill', source, filter: f(['all', isArea, cls('field')]), paint: { 'fill-color': SKETCH_COLOURS.field, 'fill-outline-color': SKETCH_COLOURS.fieldLine } },
    { id: 'sketch-other-area', type: 'fill', source, filter: f(['all', isArea, cls('other', 'landmark')]), paint: { 'fill-color': ['get', 'colour'], 'fill-opacity': 0.25 } },
    { id: 'sketch-water-area', type: 'fill', source, filter: f(['all', isArea, cls('water')]), paint: { 'fill-color': SKETCH_COLOURS.water, 'fill-outline-color': SKETCH_COLOURS.waterLine } },
    {
      id: 'sketch-water-line', type: 'line', source, filter: f(['all', isLine, cls('water')]),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': SKETCH_COLOURS.waterLine, 'line-width': f(width([2.5, 8, 30], [1, 3, 12], [1, 2, 4])) },
    },
    {
      id: 'sketch-road-casing', type: 'line', source, filter: f(['all', isLine, cls('road', 'lane')]),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': SKETCH_COLOURS.roadCasing, 'line-width': f(width([3, 9, 32], [1.5, 4.5, 16], [1, 2, 4])) },
    },
    {
      id: 'sketch-road', type: 'line', source, filter: f(['all', isLine, cls('road', 'lane')]),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': SKETCH_COLOURS.road, 'line-width': f(width([2, 7, 28], [0.8, 3, 12], [1, 2, 4])) },
    },
    {
      id: 'sketch-other-line', type: 'line', source, filter: f(['all', isLine, cls('other', 'field', 'building', 'landmark')]),
      paint: { 'line-color': ['get', 'colour'], 'line-width': 2, 'line-dasharray': [2, 1] },
    },
    { id: 'sketch-building', type: 'fill', source, filter: f(['all', isArea, cls('building')]), paint: { 'fill-color': SKETCH_COLOURS.building, 'fill-outline-color': SKETCH_COLOURS.buildingLine } },
    {
      id: 'sketch-point', type: 'circle', source, filter: f(isPoint),
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 14, 2.5, 18, 5],
        'circle-color': ['match', ['get', 'cls'], 'landmark', SKETCH_COLOURS.landmark, ['get', 'colour']],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
  ]
}

export function sketchSource(features: readonly SketchFeature[]): SourceSpecification {
  return { type: 'geojson', data: sketchCollection(features) }
}

/** A name on the sketch: where it goes ([lng, lat]), what it says and how it is coloured. */
export interface SketchLabel {
  position: [number, number]
  text: string
  cls: SketchClass
}

/** Vertex average of the outer ring (closing point left out): inside the compact shapes a sketch has. */
function ringCentre(ring: Position[]): [number, number] {
  const pts = ring.length > 1 ? ring.slice(0, -1) : ring
  let [x, y] = [0, 0]
  for (const p of pts) [x, y] = [x + p[0]!, y + p[1]!]
  return [x / pts.length, y / pts.length]
}

/**
 * The point `at` (0..1) of the way along a line (degrees; fine for placing a label). A third of the way rather
 * than halfway: roads of a village often cross in their middles, and their names would sit on each other.
 */
function alongLine(line: Position[], at = 1 / 3): [number, number] {
  const pts = line.map((p): [number, number] => [p[0]!, p[1]!])
  const seg = pts.slice(1).map((p, i) => Math.hypot(p[0] - pts[i]![0], p[1] - pts[i]![1]))
  let half = seg.reduce((a, b) => a + b, 0) * at
  for (let i = 0; i < seg.length; i++) {
    const [a, b, len] = [pts[i]!, pts[i + 1]!, seg[i]!]
    if (half <= len && len > 0) return [a[0] + (half / len) * (b[0] - a[0]), a[1] + (half / len) * (b[1] - a[1])]
    half -= len
  }
  return pts[0]!
}

/**
 * Labels for the named features, lanes left out (dozens of 一巷 二巷 would
 * bury the household glyphs; the draw panel names them).
 */
export function sketchLabels(features: readonly SketchFeature[]): SketchLabel[] {
  const out: SketchLabel[] = []
  for (const f of features) {
    const text = f.name.trim()
    const c = sketchClass(f.kind)
    if (!text || c === 'lane') continue
    const g = f.geometry
    const position = g.type === 'Point' ? ([g.coordinates[0]!, g.coordinates[1]!] as [number, number]) : g.type === 'LineString' ? alongLine(g.coordinates) : g.type === 'Polygon' ? ringCentre(g.coordinates[0]!) : null
    if (position) out.push({ position, text, cls: c })
  }
  return out
}
