import { describe, expect, it } from 'vitest'
import { wgs84ToGcj02 } from '@cuntu/domain'
import { aggregateColour, aggregateLayers, aggregateRadius } from './aggregate-layers.ts'
import { routePick, type AggregatesLayer } from './layers.ts'

const layer = (discs: boolean): AggregatesLayer => ({
  type: 'aggregates',
  id: 'area-aggregates',
  points: [{ code: '440982101201', name: '石桥村', position: [111.04, 21.82], households: 400 }],
  version: '1',
  discs,
  pick: (i) => (i === 0 ? { kind: 'area', id: '440982101201' } : null),
})

describe('aggregate discs', () => {
  it('grow with the count by area, from 6 to 40 px', () => {
    expect(aggregateRadius(0, 100)).toBe(6)
    expect(aggregateRadius(100, 100)).toBe(40)
    expect(aggregateRadius(25, 100)).toBe(6 + 34 * 0.5)
  })
  it('shade darker for a larger share', () => {
    expect(aggregateColour(10, 100)[3]).toBeLessThan(aggregateColour(90, 100)[3])
    expect(aggregateColour(0, 0)[3]).toBe(60)
  })
  it('are a disc and a label below household zoom, only a pickable label above it; both drill down to the area', () => {
    const low = aggregateLayers(layer(true), 'wgs84')
    expect(low.map((l) => l.id)).toEqual(['area-aggregates', 'area-aggregates:labels'])
    const high = aggregateLayers(layer(false), 'wgs84')
    expect(high.map((l) => l.id)).toEqual(['area-aggregates:labels'])
    expect(high[0]!.props.pickable).toBe(true)
    for (const l of [...low, ...high]) expect(routePick([layer(true)], l.id, 0)).toEqual({ kind: 'area', id: '440982101201' })
  })
  it('sit where the basemap draws the ground: shifted to GCJ-02 on 高德', () => {
    const [disc] = aggregateLayers(layer(true), 'gcj02')
    const data = disc!.props.data as { at: [number, number] }[]
    const g = wgs84ToGcj02([111.04, 21.82])
    expect(data[0]!.at).toEqual([g[0], g[1]])
  })
})
