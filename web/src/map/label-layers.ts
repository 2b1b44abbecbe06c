/**
 * Labels that must not overlap: the place labels (a village group per cluster
 * of its houses) and the house name labels are placed together, places first,
 * by `declutter` (label-placement.ts) at the current zoom step; a name that
 * would overlap a label already placed is hidden through its GPU filter value.
 */
import { TextLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import { flatPositionsToDatum, toDatum, type Datum } from './datum-edge.ts'
import type { HouseholdsLayer, LabelsLayer, LayerDescription, MapLabel } from './layers.ts'
import { declutter, labelBoxes, mercatorPx, textEm } from './label-placement.ts'

export const LABEL_FONT = 'system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'

/** How the labels are drawn, CSS px: the placement boxes are computed from the same numbers. */
export const NAME_LABEL = { size: 13, offsetY: 16 } as const
export const PLACE_LABEL = { size: 15 } as const
/** Smaller place labels while a whole village fits a phone (below zoom 15), so they do not bury its houses. */
export const placeLabelSize = (zoom: number) => (zoom < 15 ? 12 : PLACE_LABEL.size)
/** Clear space around each label box, px per side (the white outline plus a little air). */
const PAD = 3

/** Zoom steps at which placement is redone: 4 per zoom level. Placing at the step below the zoom keeps labels apart until the next step. */
export const labelZoomStep = (z: number) => Math.floor(z * 4) / 4

export interface Placement {
  /** Per labels description id: the labels kept. */
  places: Map<string, MapLabel[]>
  /** Per households description id: 1 = name drawn, 0 = hidden (filtered out, unplaced, or overlapping). */
  names: Map<string, Float32Array>
  /** Changes whenever the result may have. */
  version: string
  /** Every label kept, for the test hook: anchor in the basemap datum, box centre offset and half sizes in CSS px. */
  drawn: { kind: 'place' | 'name'; text: string; anchor: [number, number]; dy: number; hw: number; hh: number }[]
}

let last: { key: unknown[]; placement: Placement } | null = null
let placements = 0

/**
 * Which labels to draw at `zoom`: every place label that fits (they are few and
 * come first), then every name that does not overlap one already kept.
 * Remembered for the last inputs, so rebuilding the layers for a selection does not redo it.
 */
export function placeLabels(descriptions: readonly LayerDescription[], datum: Datum, zoom: number, names: boolean, places: boolean): Placement {
  const placeDs = places ? descriptions.filter((d): d is LabelsLayer => d.type === 'labels') : []
  const houseDs = names ? descriptions.filter((d): d is HouseholdsLayer => d.type === 'households' && d.nameLabels !== null) : []
  const key = [datum, zoom, ...placeDs.map((d) => d.labels), ...houseDs.flatMap((d) => [d.nameLabels, d.positions, d.filterVersion])]
  if (last && last.key.length === key.length && last.key.every((k, i) => k === key[i])) return last.placement

  const total = placeDs.reduce((n, d) => n + d.labels.length, 0) + houseDs.reduce((n, d) => n + d.count, 0)
  const b = labelBoxes(total)
  let at = 0
  for (const d of placeDs) {
    for (const l of d.labels) {
      const [lng, lat] = toDatum(l.position, datum)
      const [x, y] = mercatorPx(lng, lat, zoom)
      b.cx[at] = x
      b.cy[at] = y
      b.hw[at] = (textEm(l.text) * placeLabelSize(zoom)) / 2 + PAD
      b.hh[at] = placeLabelSize(zoom) / 2 + PAD
      at++
    }
  }
  const houseStart: number[] = []
  for (const d of houseDs) {
    houseStart.push(at)
    const pos = flatPositionsToDatum(d.positions, datum)
    for (let i = 0; i < d.count; i++, at++) {
      const name = d.nameLabels![i]
      if (!name || d.filterValues[i] !== 1 || Number.isNaN(pos[2 * i]!)) continue
      const [x, y] = mercatorPx(pos[2 * i]!, pos[2 * i + 1]!, zoom)
      b.cx[at] = x
      b.cy[at] = y + NAME_LABEL.offsetY + NAME_LABEL.size / 2
      b.hw[at] = (textEm(name) * NAME_LABEL.size) / 2 + PAD
      b.hh[at] = NAME_LABEL.size / 2 + PAD
    }
  }
  const keep = declutter(b, Array.from({ length: total }, (_, i) => i))

  const placement: Placement = { places: new Map(), names: new Map(), version: `labels:${++placements}`, drawn: [] }
  at = 0
  for (const d of placeDs) {
    const kept = d.labels.filter((_, k) => keep[at + k])
    placement.places.set(d.id, kept)
    d.labels.forEach((l, k) => {
      if (keep[at + k]) placement.drawn.push({ kind: 'place', text: l.text, anchor: toDatum(l.position, datum), dy: 0, hw: b.hw[at + k]!, hh: b.hh[at + k]! })
    })
    at += d.labels.length
  }
  houseDs.forEach((d, k) => {
    const start = houseStart[k]!
    const pos = flatPositionsToDatum(d.positions, datum)
    placement.names.set(d.id, Float32Array.from({ length: d.count }, (_, i) => keep[start + i]!))
    for (let i = 0; i < d.count; i++) {
      if (!keep[start + i]) continue
      const anchor: [number, number] = [pos[2 * i]!, pos[2 * i + 1]!]
      placement.drawn.push({ kind: 'name', text: d.nameLabels![i]!, anchor, dy: NAME_LABEL.offsetY + NAME_LABEL.size / 2, hw: b.hw[start + i]!, hh: b.hh[start + i]! })
    }
  })
  last = { key, placement }
  return placement
}

const keptPositions = new WeakMap<MapLabel[], Map<Datum, Float64Array>>()
function positionsOf(kept: MapLabel[], datum: Datum): Float64Array {
  let byDatum = keptPositions.get(kept)
  if (!byDatum) keptPositions.set(kept, (byDatum = new Map()))
  let p = byDatum.get(datum)
  if (!p) byDatum.set(datum, (p = flatPositionsToDatum(Float64Array.from(kept.flatMap((l) => l.position)), datum)))
  return p
}

export function placeLabelLayers(d: LabelsLayer, datum: Datum, kept: MapLabel[] | undefined, zoom: number): Layer[] {
  if (!kept || kept.length === 0) return []
  const positions = positionsOf(kept, datum)
  return [
    new TextLayer<MapLabel>({
      id: d.id,
      data: kept,
      getPosition: (_: MapLabel, { index }: { index: number }) => [positions[2 * index]!, positions[2 * index + 1]!],
      getText: (l: MapLabel) => l.text,
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      getSize: placeLabelSize(zoom),
      getColor: [26, 35, 126, 255],
      fontFamily: LABEL_FONT,
      fontWeight: 700,
      fontSettings: { sdf: true },
      outlineWidth: 5,
      outlineColor: [255, 255, 255, 235],
      characterSet: 'auto',
      pickable: false,
      updateTriggers: { getPosition: datum },
    }),
  ]
}
