import { describe, expect, it } from 'vitest'
import { groupClusters } from './group-labels.ts'

/** Fixture: households at [east, north] metres from a point at 21.82° N (the demo village's latitude), WGS84 out. */
const LAT0 = 21.82
const LNG0 = 111.04
const M_LAT = 110_574
const M_LNG = M_LAT * Math.cos((LAT0 * Math.PI) / 180)
function village(houses: { g: number; e: number; n: number }[]) {
  const positions = new Float64Array(houses.length * 2)
  houses.forEach((h, i) => {
    positions[2 * i] = LNG0 + h.e / M_LNG
    positions[2 * i + 1] = LAT0 + h.n / M_LAT
  })
  return { positions, group: Int32Array.from(houses, (h) => h.g) }
}
const row = (g: number, e0: number, n0: number, count: number, step = 20) => Array.from({ length: count }, (_, k) => ({ g, e: e0 + k * step, n: n0 }))

describe('groupClusters', () => {
  it('gives a compact group one label at the mean of its households', () => {
    const { positions, group } = village(row(1, 0, 0, 5))
    const out = groupClusters(positions, group)
    expect(out).toHaveLength(1)
    expect(out[0]!.group).toBe(1)
    expect(out[0]!.households).toBe(5)
    expect(out[0]!.position[0]).toBeCloseTo(LNG0 + 40 / M_LNG, 9)
    expect(out[0]!.position[1]).toBeCloseTo(LAT0, 9)
  })

  it('gives a group living in two hamlets 500 m apart two labels, and two interleaved groups one each', () => {
    const houses = [...row(2, 0, 0, 4), ...row(2, 500, 0, 6), ...row(3, 10, 10, 5)]
    const { positions, group } = village(houses)
    const out = groupClusters(positions, group)
    expect(out.map((c) => [c.group, c.households])).toEqual([
      [2, 6],
      [2, 4],
      [3, 5],
    ])
  })

  it('chains neighbours: a lane of houses 100 m apart is one cluster even though its ends are 900 m apart', () => {
    const { positions, group } = village(row(4, 0, 0, 10, 100))
    expect(groupClusters(positions, group)).toHaveLength(1)
  })

  it('drops a stray household far from its group, but keeps a group made only of strays', () => {
    const { positions, group } = village([...row(5, 0, 0, 4), { g: 5, e: 2000, n: 0 }, { g: 6, e: 3000, n: 0 }])
    expect(groupClusters(positions, group).map((c) => [c.group, c.households])).toEqual([
      [5, 4],
      [6, 1],
    ])
  })

  it('skips unplaced households and households with no group', () => {
    const { positions, group } = village([...row(7, 0, 0, 3), { g: -1, e: 0, n: 0 }])
    positions[0] = Number.NaN
    const out = groupClusters(positions, group)
    expect(out).toEqual([{ group: 7, position: [expect.any(Number), expect.any(Number)], households: 2 }])
    expect(groupClusters(new Float64Array(), new Int32Array())).toEqual([])
  })
})
