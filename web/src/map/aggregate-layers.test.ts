import { describe, expect, it } from 'vitest'
import { aggregateColour, aggregateRadius } from './aggregate-layers.ts'

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
})
