import { describe, expect, it } from 'vitest'
import { asGcj02, gcj02ToWgs84, outOfChina, wgs84ToGcj02, type Wgs84LngLat } from './coords.ts'

describe('wgs84ToGcj02', () => {
  it('matches the published reference value (wandergis/coordtransform, Tiananmen)', () => {
    const g = wgs84ToGcj02([116.404, 39.915])
    expect(g[0]).toBeCloseTo(116.41024449916938, 10)
    expect(g[1]).toBeCloseTo(39.91640428150164, 10)
  })
  it('shifts a point in the sample village (Guangdong) by a few hundred metres', () => {
    const w: Wgs84LngLat = [111.016119, 21.813212]
    const g = wgs84ToGcj02(w)
    const metres = Math.hypot((g[0] - w[0]) * 111_320 * Math.cos((w[1] * Math.PI) / 180), (g[1] - w[1]) * 110_540)
    expect(metres).toBeGreaterThan(100)
    expect(metres).toBeLessThan(1000)
  })
  it('leaves points outside China unchanged', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85])
    expect(outOfChina([2.35, 48.85])).toBe(true)
  })
  it('gives a GCJ-02 position that is not taken for WGS84 without gcj02ToWgs84', () => {
    const g = wgs84ToGcj02([111.016119, 21.813212])
    // @ts-expect-error a GCJ-02 position is not a WGS84 one
    const w: Wgs84LngLat = g
    expect(w).toBe(g)
    // @ts-expect-error nor is a plain pair GCJ-02 without asGcj02
    gcj02ToWgs84([111.02, 21.81] as [number, number])
  })
})

describe('gcj02ToWgs84', () => {
  it('inverts the forward transform to better than 1e-7°', () => {
    const points: Wgs84LngLat[] = [
      [116.404, 39.915],
      [111.016119, 21.813212],
      [126.6, 45.75],
      [87.6, 43.8],
      [109.5, 18.25],
    ]
    for (const w of points) {
      const back = gcj02ToWgs84(wgs84ToGcj02(w))
      expect(Math.abs(back[0] - w[0])).toBeLessThan(1e-7)
      expect(Math.abs(back[1] - w[1])).toBeLessThan(1e-7)
    }
  })
  it('is closer to the truth than the one-step approximation in published libraries', () => {
    // coordtransform's gcj02towgs84(116.404, 39.915) is the one-step 116.39775550083061, 39.91359571849836;
    // mapped forward again it misses the GCJ point by ~5e-7° (≈ 6 cm). The iteration does not.
    const oneStep = wgs84ToGcj02([116.39775550083061, 39.91359571849836])
    expect(Math.abs(oneStep[1] - 39.915)).toBeGreaterThan(1e-7)
    const w = gcj02ToWgs84(asGcj02([116.404, 39.915]))
    expect(w[0]).toBeCloseTo(116.3977557546, 9)
    expect(w[1]).toBeCloseTo(39.9135962356, 9)
    const g = wgs84ToGcj02(w)
    expect(Math.abs(g[0] - 116.404)).toBeLessThan(1e-9)
    expect(Math.abs(g[1] - 39.915)).toBeLessThan(1e-9)
  })
  it('leaves points outside China unchanged', () => {
    expect(gcj02ToWgs84(asGcj02([-0.12, 51.5]))).toEqual([-0.12, 51.5])
  })
})
