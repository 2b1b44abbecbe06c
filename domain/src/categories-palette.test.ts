import { describe, expect, it } from 'vitest'
import { BUILTIN_CATEGORIES } from './categories.ts'
import { colourDistance, deltaE2000, lab, parseHex, type Vision } from './colour-distance.ts'

describe('colour distance', () => {
  it('converts sRGB to CIELAB (D65) as the reference tables do', () => {
    const [L, a, b] = lab([255, 0, 0])
    expect(L).toBeCloseTo(53.24, 1)
    expect(a).toBeCloseTo(80.09, 1)
    expect(b).toBeCloseTo(67.2, 1)
    expect(lab([255, 255, 255])[0]).toBeCloseTo(100, 3)
  })

  it('matches the CIEDE2000 test data of Sharma, Wu & Dalal (2005)', () => {
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 4)
    expect(deltaE2000([50, -1.3802, -84.2814], [50, 0, -82.7485])).toBeCloseTo(1.0, 4)
    expect(deltaE2000([50, 2.5, 0], [73, 25, -18])).toBeCloseTo(27.1492, 4)
    expect(deltaE2000([2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514])).toBeCloseTo(0.9082, 4)
  })

  it('simulates dichromacy: red and green collapse under deuteranopia, blue and yellow stay apart', () => {
    expect(colourDistance('#d62728', '#2ca02c', 'deuteranopia')).toBeLessThan(colourDistance('#d62728', '#2ca02c') / 3)
    expect(colourDistance('#1f77b4', '#ffd700', 'deuteranopia')).toBeGreaterThan(40)
    expect(parseHex('#0a0B0c')).toEqual([10, 11, 12])
  })
})

/** The minimum ΔE2000 between any two built-in category colours: a household ring can show any of them side by side. */
const MINIMUM: Record<Vision, number> = { normal: 20, protanopia: 10, deuteranopia: 10 }

describe('the category palette', () => {
  it.each(Object.entries(MINIMUM) as [Vision, number][])('keeps every pair of category colours apart in %s vision (ΔE2000 ≥ %d)', (vision, min) => {
    const pairs: { pair: string; dE: number }[] = []
    BUILTIN_CATEGORIES.forEach((a, i) =>
      BUILTIN_CATEGORIES.slice(i + 1).forEach((b) => pairs.push({ pair: `${a.labelZh} ${a.colour} / ${b.labelZh} ${b.colour}`, dE: colourDistance(a.colour, b.colour, vision) })),
    )
    const tooClose = pairs.filter((p) => p.dE < min).map((p) => `${p.pair}: ${p.dE.toFixed(1)}`)
    expect(tooClose).toEqual([])
  })
})
