import { describe, expect, it } from 'vitest'
import { fromDatum, positionsInDatum, toDatum } from './datum-edge.ts'

// The demo village (化州市, Guangdong), WGS84.
const village: [number, number] = [111.0359089, 21.8241172]

describe('datum shifts for the AMap basemap', () => {
  it('leaves WGS84 basemaps alone', () => {
    const p = new Float64Array([...village, Number.NaN, Number.NaN])
    expect(positionsInDatum(p, 'wgs84')).toBe(p)
    expect(toDatum(village, 'wgs84')).toEqual(village)
  })
  it('moves households into GCJ-02 by the expected few hundred metres and back', () => {
    const g = toDatum(village, 'gcj02')
    const metres = Math.hypot((g[0] - village[0]) * 111_320 * Math.cos((village[1] * Math.PI) / 180), (g[1] - village[1]) * 110_540)
    expect(metres).toBeGreaterThan(200)
    expect(metres).toBeLessThan(800)
    const back = fromDatum(g, 'gcj02')
    expect(back[0]).toBeCloseTo(village[0], 6)
    expect(back[1]).toBeCloseTo(village[1], 6)
  })
  it('keeps unplaced households unplaced', () => {
    const out = positionsInDatum(new Float64Array([...village, Number.NaN, Number.NaN]), 'gcj02')
    expect(Number.isNaN(out[2]!)).toBe(true)
    expect(out[0]).not.toBe(village[0])
  })
})
