import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { applyAffine, fitAffine, offsetMetres, type ControlPoint } from './affine.ts'
import { samplePath } from '@cuntu/fixtures/samples.ts'

/** fixtures/samples/sample-map-controlpoints.json: three houses with known cell and position. */
const SAMPLE: ControlPoint[] = [
  { row: 11, col: 4, lon: 111.016119, lat: 21.813212 },
  { row: 7, col: 13, lon: 111.018341, lat: 21.814109 },
  { row: 24, col: 26, lon: 111.021513, lat: 21.810623 },
]

describe('fitAffine', () => {
  it('fits three control points exactly (residuals 0: nothing checks the fit)', () => {
    const fit = fitAffine(SAMPLE)
    expect(fit.rmsMetres).toBeLessThan(1e-6)
    for (const p of SAMPLE) {
      const q = applyAffine(fit.transform, p)
      expect(q.lon).toBeCloseTo(p.lon, 9)
      expect(q.lat).toBeCloseTo(p.lat, 9)
    }
  })

  it('recovers a known transform from noisy points and reports residuals in metres', () => {
    const truth = { a: 0.0002, b: 0.00001, c: 111.0, d: -0.00001, e: -0.0002, f: 21.82 }
    const noise = [0, 0.00002, -0.00002, 0.00001, 0]
    const points: ControlPoint[] = [
      [2, 3], [5, 20], [20, 4], [18, 25], [10, 12],
    ].map(([row, col], i) => {
      const p = applyAffine(truth, { row: row!, col: col! })
      return { row: row!, col: col!, lon: p.lon + noise[i]!, lat: p.lat }
    })
    const fit = fitAffine(points)
    expect(fit.transform.a).toBeCloseTo(truth.a, 5)
    expect(fit.transform.e).toBeCloseTo(truth.e, 5)
    expect(fit.residuals).toHaveLength(5)
    // Checked against numpy.linalg.lstsq on the same points: RMS 0.1157 m, worst 0.22 m (point 4).
    expect(fit.rmsMetres).toBeCloseTo(0.1157, 3)
    expect(fit.residuals[4]!.metres).toBeCloseTo(0.2201, 3)
  })

  it('places the sample map within a few hundred metres of the surveyed houses', () => {
    // Locations from sample-locations.csv for three other houses on the sample map.
    const fit = fitAffine(SAMPLE)
    const checks = [
      { row: 2, col: 12, lon: 111.018095, lat: 21.814995 }, // L2 钟伟建 0200132
      { row: 20, col: 21, lon: 111.020233, lat: 21.811335 }, // U20 邓超 0200161
      { row: 13, col: 3, lon: 111.015862, lat: 21.812872 }, // C13 彭珍 0200103
    ]
    for (const c of checks) {
      const { east, north } = offsetMetres(c, applyAffine(fit.transform, c))
      expect(Math.hypot(east, north)).toBeLessThan(300)
    }
  })

  it('rejects fewer than three points and points on one line', () => {
    expect(() => fitAffine(SAMPLE.slice(0, 2))).toThrow(RangeError)
    expect(() =>
      fitAffine([
        { row: 1, col: 1, lon: 111, lat: 21 },
        { row: 2, col: 2, lon: 111.001, lat: 21.001 },
        { row: 3, col: 3, lon: 111.002, lat: 21.002 },
      ]),
    ).toThrow(/one line/)
  })

  it('the sample control-point file matches the cells used here', () => {
    const file = JSON.parse(readFileSync(samplePath('sample-map-controlpoints.json'), 'utf8')) as {
      huhao: string
      cell: { row: number; col: number }
      lon: number
      lat: number
    }[]
    expect(file.map((p) => ({ row: p.cell.row, col: p.cell.col, lon: p.lon, lat: p.lat }))).toEqual(SAMPLE)
  })
})

describe('offsetMetres', () => {
  it('one thousandth of a degree of latitude is about 111 m', () => {
    expect(offsetMetres({ lon: 111, lat: 21.8 }, { lon: 111, lat: 21.801 }).north).toBeCloseTo(111.2, 0)
  })
})
