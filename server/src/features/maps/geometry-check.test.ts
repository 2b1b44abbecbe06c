import { describe, expect, it } from 'vitest'
import { checkGeometry, MAX_VERTICES } from './geometry-check.ts'

const sq = [
  [111.035, 21.823],
  [111.036, 21.823],
  [111.036, 21.824],
  [111.035, 21.824],
  [111.035, 21.823],
]

describe('checkGeometry', () => {
  it('accepts a point, a line and a closed polygon', () => {
    expect(checkGeometry({ type: 'Point', coordinates: [111.035, 21.823] })).toBeNull()
    expect(checkGeometry({ type: 'LineString', coordinates: [sq[0]!, sq[1]!] })).toBeNull()
    expect(checkGeometry({ type: 'Polygon', coordinates: [sq] })).toBeNull()
  })
  it('names the point out of range', () => {
    expect(checkGeometry({ type: 'LineString', coordinates: [sq[0]!, [191, 21.8]] })).toEqual({
      code: 'geometry_out_of_range',
      params: { index: 2, lng: 191, lat: 21.8 },
    })
    expect(checkGeometry({ type: 'Point', coordinates: [111, -95] })?.code).toBe('geometry_out_of_range')
  })
  it('refuses repeated points, short lines, open and degenerate rings', () => {
    expect(checkGeometry({ type: 'LineString', coordinates: [sq[0]!, sq[0]!, sq[1]!] })).toEqual({ code: 'geometry_duplicate_vertices', params: { index: 2 } })
    expect(checkGeometry({ type: 'LineString', coordinates: [sq[0]!] })?.code).toBe('geometry_too_few_points')
    expect(checkGeometry({ type: 'LineString', coordinates: [sq[0]!, sq[0]!, sq[0]!] })?.code).toBe('geometry_zero_length')
    expect(checkGeometry({ type: 'Polygon', coordinates: [sq.slice(0, 4)] })?.code).toBe('geometry_ring_not_closed')
    expect(checkGeometry({ type: 'Polygon', coordinates: [[sq[0]!, sq[1]!, sq[0]!, sq[1]!, sq[0]!]] })?.code).toBe('geometry_too_few_points')
  })
  it('refuses more than MAX_VERTICES points', () => {
    const line = Array.from({ length: MAX_VERTICES + 1 }, (_, i) => [111 + i * 1e-5, 21.8])
    expect(checkGeometry({ type: 'LineString', coordinates: line })).toEqual({ code: 'geometry_too_many_vertices', params: { count: MAX_VERTICES + 1, max: MAX_VERTICES } })
  })
  it('refuses NaN and Infinity', () => {
    expect(checkGeometry({ type: 'Point', coordinates: [Number.NaN, 21] })?.code).toBe('geometry_not_finite')
  })
})
