/**
 * Area aggregates as a layer: each child area (a township's villages, a
 * county's townships) a disc at the centroid of its households, its area
 * proportional to the households passing the filter, shaded darker the larger
 * its share; a count label beside it. Pure function of state, stable ids.
 */
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers'
import type { Layer } from '@deck.gl/core'

export interface AggregatePoint {
  code: string
  name: string
  /** [lng, lat] in the basemap's datum. */
  position: [number, number]
  households: number
}

/** The pickable layer's id: a click on it drills down into that area. */
export const AGGREGATES_LAYER = 'area-aggregates'

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

export function aggregateLayers(points: readonly AggregatePoint[], version: string): Layer[] {
  const max = points.reduce((m, p) => Math.max(m, p.households), 0)
  return [
    new ScatterplotLayer<AggregatePoint>({
      id: AGGREGATES_LAYER,
      data: points as AggregatePoint[],
      getPosition: (p) => p.position,
      getRadius: (p) => aggregateRadius(p.households, max),
      radiusUnits: 'pixels',
      getFillColor: (p) => aggregateColour(p.households, max),
      getLineColor: [120, 20, 20, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      stroked: true,
      pickable: true,
      updateTriggers: { getRadius: version, getFillColor: version },
    }),
    new TextLayer<AggregatePoint>({
      id: `${AGGREGATES_LAYER}-labels`,
      data: points as AggregatePoint[],
      getPosition: (p) => p.position,
      getText: (p) => `${p.name} ${p.households}`,
      getSize: 12,
      getColor: [40, 20, 20, 255],
      getPixelOffset: [0, -46],
      characterSet: 'auto',
      fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif',
      updateTriggers: { getText: version },
    }),
  ]
}
