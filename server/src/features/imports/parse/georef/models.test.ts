import { describe, expect, it } from 'vitest'
import { applyGrid, fitAffineGrid, fitNorthUp, fitRotated, leaveOneOut, shapeOf, type GridPoint, type GridTransform } from './models.ts'
import { tangentPlane } from './plane.ts'

const CELLS = [[1, 1], [1, 30], [20, 2], [18, 28], [10, 15], [5, 22]] as const

function pointsOf(t: GridTransform, noise: readonly number[] = []): GridPoint[] {
  return CELLS.map(([row, col], i) => {
    const q = applyGrid(t, { row, col })
    return { row, col, x: q.x + (noise[i] ?? 0), y: q.y - (noise[i] ?? 0) }
  })
}

describe('grid models', () => {
  it('north-up recovers each axis its own scale and offset', () => {
    const truth: GridTransform = { kind: 'north_up', a: 16, b: 0, tx: -200, d: 0, e: -22, ty: 150 }
    const t = fitNorthUp(pointsOf(truth))!
    expect(t.a).toBeCloseTo(16, 9)
    expect(t.e).toBeCloseTo(-22, 9)
    expect(t.tx).toBeCloseTo(-200, 9)
    const s = shapeOf(t)
    expect(s.metresPerCol).toBeCloseTo(16, 9)
    expect(s.metresPerRow).toBeCloseTo(22, 9)
    expect(s.rotationDeg).toBeCloseTo(0, 9)
    expect(s.shearDeg).toBeCloseTo(0, 9)
  })

  it('rotated recovers a turn of the drawing and its two scales', () => {
    const th = (25 * Math.PI) / 180
    const truth: GridTransform = {
      kind: 'rotated', a: Math.cos(th) * 16, b: -Math.sin(th) * -22, tx: 10, d: Math.sin(th) * 16, e: Math.cos(th) * -22, ty: -40,
    }
    const t = fitRotated(pointsOf(truth))!
    const s = shapeOf(t)
    expect(s.rotationDeg).toBeCloseTo(25, 4)
    expect(s.metresPerCol).toBeCloseTo(16, 4)
    expect(s.metresPerRow).toBeCloseTo(22, 4)
    expect(s.shearDeg).toBeCloseTo(0, 6)
    expect(fitRotated(pointsOf(truth).slice(0, 2))).toBeNull()
  })

  it('affine recovers a shear', () => {
    const truth: GridTransform = { kind: 'affine', a: 16, b: -0.6 * -22, tx: 0, d: 0, e: -22, ty: 0 }
    const t = fitAffineGrid(pointsOf(truth))!
    expect(t.b).toBeCloseTo(truth.b, 9)
    expect(shapeOf(t).shearDeg).toBeCloseTo(-(Math.atan(0.6) * 180) / Math.PI, 6)
    expect(fitAffineGrid([{ col: 1, row: 1, x: 0, y: 0 }, { col: 2, row: 2, x: 1, y: 1 }, { col: 3, row: 3, x: 2, y: 2 }])).toBeNull()
  })

  it('leave-one-out is zero only when the points agree exactly, and grows with the noise', () => {
    const truth: GridTransform = { kind: 'north_up', a: 16, b: 0, tx: 0, d: 0, e: -22, ty: 0 }
    expect(Math.max(...leaveOneOut('north_up', pointsOf(truth))!)).toBeLessThan(1e-9)
    const loo = leaveOneOut('north_up', pointsOf(truth, [0, 5, -5, 3, 0, 0]))!
    expect(loo).toHaveLength(CELLS.length)
    expect(Math.max(...loo)).toBeGreaterThan(3)
    // Without one of three points the affine is underdetermined: no leave-one-out.
    expect(leaveOneOut('affine', pointsOf(truth).slice(0, 3))).toBeNull()
  })
})

describe('tangentPlane', () => {
  it('round-trips [lng, lat] and measures about 111 m per thousandth of a degree of latitude', () => {
    const p = tangentPlane([111, 21.8])
    const q = p.toPlane([111.01, 21.801])
    expect(q.y).toBeCloseTo(111.2, 0)
    expect(q.x).toBeCloseTo(1032.6, 0)
    const back = p.toLngLat(q)
    expect(back[0]).toBeCloseTo(111.01, 12)
    expect(back[1]).toBeCloseTo(21.801, 12)
  })
})
