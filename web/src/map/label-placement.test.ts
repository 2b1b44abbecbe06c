import { describe, expect, it } from 'vitest'
import { declutter, labelBoxes, mercatorPx, textEm } from './label-placement.ts'

function boxes(list: [number, number, number, number][]) {
  const b = labelBoxes(list.length)
  list.forEach(([x, y, hw, hh], i) => {
    b.cx[i] = x
    b.cy[i] = y
    b.hw[i] = hw
    b.hh[i] = hh
  })
  return b
}

describe('declutter', () => {
  it('keeps boxes that do not touch and drops one overlapping a box placed before it', () => {
    const b = boxes([
      [0, 0, 20, 8],
      [30, 0, 20, 8], // overlaps the first (gap 30 < 40)
      [100, 0, 20, 8],
      [0, 20, 20, 8], // 20 below the first: clear (needs 16)
    ])
    expect(Array.from(declutter(b, [0, 1, 2, 3]))).toEqual([1, 0, 1, 1])
  })

  it('lets the higher priority win: the order decides, not the index', () => {
    const b = boxes([
      [0, 0, 20, 8],
      [30, 0, 20, 8],
    ])
    expect(Array.from(declutter(b, [1, 0]))).toEqual([0, 1])
  })

  it('finds overlaps across grid cells, and skips NaN boxes (unplaced or filtered out)', () => {
    const b = boxes([
      [63, 63, 5, 5],
      [66, 66, 5, 5],
      [Number.NaN, 0, 5, 5],
      [300, 300, 200, 5],
      [150, 302, 5, 5],
    ])
    expect(Array.from(declutter(b, [0, 1, 2, 3, 4]))).toEqual([1, 0, 0, 1, 0])
  })

  it('never keeps two overlapping boxes among many random ones', () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
    const list = Array.from({ length: 500 }, (): [number, number, number, number] => [rnd() * 800, rnd() * 600, 10 + rnd() * 30, 8])
    const b = boxes(list)
    const keep = declutter(b, list.keys())
    const kept = list.filter((_, i) => keep[i])
    expect(kept.length).toBeGreaterThan(20)
    for (let i = 0; i < kept.length; i++)
      for (let j = i + 1; j < kept.length; j++) {
        const [a, c] = [kept[i]!, kept[j]!]
        expect(Math.abs(a[0] - c[0]) >= a[2] + c[2] || Math.abs(a[1] - c[1]) >= a[3] + c[3]).toBe(true)
      }
  })
})

describe('mercatorPx and textEm', () => {
  it('doubles distances per zoom level and puts 0°,0° at the world centre', () => {
    expect(mercatorPx(0, 0, 0)).toEqual([256, 256])
    const [x1] = mercatorPx(111.04, 21.82, 17)
    const [x2] = mercatorPx(111.0401, 21.82, 17)
    const [x3] = mercatorPx(111.0401, 21.82, 18)
    const [x4] = mercatorPx(111.04, 21.82, 18)
    expect(x3 - x4).toBeCloseTo(2 * (x2 - x1), 6)
  })
  it('counts a Chinese character as 1 em and a digit as 0.6 em', () => {
    expect(textEm('第3组')).toBeCloseTo(2.6)
    expect(textEm('')).toBe(0)
  })
})
