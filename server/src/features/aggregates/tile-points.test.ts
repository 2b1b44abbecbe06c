import { describe, expect, it } from 'vitest'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { encodeAggregateTile } from '@cuntu/db'
import { aggregatePoints } from './tile-points.ts'

const row = (code: string, centre: [number, number] | null) => ({ code, name: `村${code.slice(-3)}`, households: 40, people: 130, byCategory: { dibao: 3 }, centre })

describe('aggregatePoints', () => {
  it('keeps areas whose centre is in the tile and drops the rest and those without a position', () => {
    // 111.0°E 21.8°N lies in z10 tile 827/448; 112.5°E does not.
    const points = aggregatePoints([row('440982101201', [111.0, 21.8]), row('440982101202', [112.5, 21.8]), row('440982101203', null)], 'village', 10, 827, 448)
    expect(points.map((p) => p.properties.code)).toEqual(['440982101201'])
    expect(points[0]!.properties).toEqual({ code: '440982101201', name: '村201', level: 'village', households: 40, people: 130, n_dibao: 3 })
  })

  it('round-trips through the tile encoder in layer `areas`', () => {
    expect(encodeAggregateTile([]).length).toBe(0)
    const tile = encodeAggregateTile(aggregatePoints([row('440982101201', [111.0, 21.8])], 'village', 10, 827, 448))
    const layer = new VectorTile(new Pbf(tile)).layers.areas!
    expect(layer.length).toBe(1)
    expect(layer.feature(0).properties).toMatchObject({ code: '440982101201', households: 40, n_dibao: 3 })
  })
})
