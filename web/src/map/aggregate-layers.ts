/**
 * Area aggregates as deck.gl layers: each child area (a township's villages, a
 * county's townships) a disc at the centroid of its households, its area
 * proportional to the households passing the filter, shaded darker the larger
 * its share; a count label beside it. Pure function of the description.
 */
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'
import { toDatum, type Datum } from './datum-edge.ts'
import type { AggregatePoint, AggregatesLayer } from './layers.ts'

/** Disc radius in pixels: area ∝ households, between 6 and 40 px. */
export function aggregateRadius(households: number, max: number): number {
  if (max <= 0 || households <= 0) return 6
  return 6 + 34 * Math.sqrt(households / max)
}

/** Fill: one hue, more opaque for a larger share of the largest area's count. */
export function aggregateColour(households: number, max: number): [number, number, number, number] {
  const share = max > 0 ? households / max : 0
  return [197, 48, 48, Math.round(60 + 170 * share)]
}

type Placed = AggregatePoint & { at: [number, number] }

export function aggregateLayers(d: AggregatesLayer, datum: Datum): Layer[] {
  const max = d.points.reduce((m, p) => Math.max(m, p.households), 0)
  const data: Placed[] = d.points.map((p) => ({ ...p, at: toDatum(p.position, datum) as [number, number] }))
  const version = `${datum}:${d.version}`
  const labels = new TextLayer<Placed>({
    id: `${d.id}:labels`,
    data,
    getPosition: (p) => p.at,
    getText: (p) => `${p.name} ${p.households}`,
    getSize: 12,
    getColor: [40, 20, 20, 255],
    getPixelOffset: d.discs ? [0, -46] : [0, 0],
    background: !d.discs,
    getBackgroundColor: [255, 255, 255, 220],
    backgroundPadding: [4, 2],
    pickable: !d.discs,
    characterSet: 'auto',
    fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif',
    updateTriggers: { getPosition: version, getText: version, getPixelOffset: d.discs },
  })
  if (!d.discs) return [labels]
  return [
    new ScatterplotLayer<Placed>({
      id: d.id,
      data,
      getPosition: (p) => p.at,
      getRadius: (p) => aggregateRadius(p.households, max),
      radiusUnits: 'pixels',
      getFillColor: (p) => aggregateColour(p.households, max),
      getLineColor: [120, 20, 20, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      stroked: true,
      pickable: true,
      updateTriggers: { getPosition: version, getRadius: version, getFillColor: version },
    }),
    labels,
  ]
}
