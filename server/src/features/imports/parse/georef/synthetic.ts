/**
 * Generated villages with known truth, for the fit's tests: houses along lanes
 * on the ground, and the 社区地图 a worker would draw of them. The drawer puts
 * each house in the cell its place in the drawing calls for; when that cell is
 * already taken, it goes in the nearest free cell along the same row (what
 * people do: the grid is as coarse as that). The drawing itself is north-up,
 * turned, or sheared against the ground.
 *
 * Deterministic: a seeded generator, so a failing case can be re-run.
 * Ground positions are metres in a local plane (x east, y north) and WGS84
 * [lng, lat] through tangentPlane around ORIGIN.
 */
import type { Wgs84LngLat } from '@cuntu/domain'
import { tangentPlane } from './plane.ts'

export type DrawingKind = 'north_up' | 'rotated' | 'sheared'

export interface SyntheticHouse {
  col: number
  row: number
  /** True position, metres east / north. */
  x: number
  y: number
  lngLat: Wgs84LngLat
}

export interface SyntheticVillage {
  houses: SyntheticHouse[]
  cols: number
  rows: number
}

/** Near the sample village (Guangdong): only sets the [lng, lat], the fit works in metres. */
export const ORIGIN: Wgs84LngLat = [111.0185, 21.8125]

/** mulberry32: small, seedable, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface VillageOptions {
  kind: DrawingKind
  seed: number
  /** Houses (the measured map had 355). */
  houses?: number
  /** Ground metres per drawn column and row. */
  colMetres?: number
  rowMetres?: number
  /** Turn of a rotated drawing, degrees anticlockwise. */
  rotationDeg?: number
  /** Shear of a sheared drawing: ground x gains shear·(drawing v). */
  shear?: number
  /** Per house: chance a cluster starts, chance it ends (the share of pushed houses). */
  clusterStart?: number
  clusterEnd?: number
}

export function syntheticVillage(o: VillageOptions): SyntheticVillage {
  const rand = rng(o.seed)
  const n = o.houses ?? 355
  const colM = o.colMetres ?? 16
  const rowM = o.rowMetres ?? 22
  const lanes = 12
  const perLane = Math.ceil(n / lanes)
  // In the drawing's own frame (u along the lanes, v across, metres): a lane every
  // other row, houses along it at irregular gaps, a little either side of it.
  const drawn: { u: number; v: number }[] = []
  for (let l = 0; l < lanes && drawn.length < n; l++) {
    let u = rand() * 30
    // Open stretches (gaps of 15-45 m: each house gets its own cell) and the odd
    // cluster (gaps of 4-9 m, closer than a cell, so its houses push each other
    // along the row). About a fifth of the houses stand in clusters: most cells
    // are where they should be and the pushed ones make the tail, the shape of
    // the measured 355-house map (p90 of the best fit a few cells).
    let tight = false
    for (let k = 0; k < perLane && drawn.length < n; k++) {
      if (rand() < (tight ? o.clusterEnd ?? 0.25 : o.clusterStart ?? 0.06)) tight = !tight
      u += tight ? 4 + rand() * 5 : 15 + rand() * 30
      // Both sides of a lane drawn in the lane's one row of cells, as the workbooks do.
      const v = -(l * 2 * rowM + (rand() - 0.5) * rowM * 0.8)
      drawn.push({ u, v })
    }
  }
  const theta = ((o.kind === 'rotated' ? (o.rotationDeg ?? 25) : 0) * Math.PI) / 180
  const shear = o.kind === 'sheared' ? (o.shear ?? 0.6) : 0
  const plane = tangentPlane(ORIGIN)
  const taken = new Set<string>()
  const houses: SyntheticHouse[] = []
  for (const p of drawn) {
    const row = Math.max(1, Math.round(-p.v / rowM) + 1)
    const want = Math.max(1, Math.round(p.u / colM) + 1)
    // Nearest free cell along the row: want, want+1, want-1, want+2, ...
    let col = want
    for (let k = 1; taken.has(`${row},${col}`); k++) col = Math.max(1, want + (k % 2 === 1 ? (k + 1) / 2 : -k / 2))
    taken.add(`${row},${col}`)
    const su = p.u + shear * p.v
    const x = Math.cos(theta) * su - Math.sin(theta) * p.v
    const y = Math.sin(theta) * su + Math.cos(theta) * p.v
    houses.push({ col, row, x, y, lngLat: plane.toLngLat({ x, y }) })
  }
  return { houses, cols: Math.max(...houses.map((h) => h.col)), rows: Math.max(...houses.map((h) => h.row)) }
}

/**
 * Houses a worker would survey: the ones nearest given places on the drawing
 * (fractions of its width and height, 0 = top-left).
 */
export function housesNear(v: SyntheticVillage, places: readonly [number, number][]): SyntheticHouse[] {
  const out: SyntheticHouse[] = []
  for (const [fc, fr] of places) {
    const c = 1 + fc * (v.cols - 1)
    const r = 1 + fr * (v.rows - 1)
    let best: SyntheticHouse | null = null
    for (const h of v.houses) {
      if (out.includes(h)) continue
      if (!best || Math.hypot(h.col - c, h.row - r) < Math.hypot(best.col - c, best.row - r)) best = h
    }
    out.push(best!)
  }
  return out
}

/** Well-spread control points for 3, 4 and 6 houses, as the fit's hint would ask for. */
export const SPREAD_PLACES: Record<3 | 4 | 6, [number, number][]> = {
  3: [[0.05, 0.05], [0.95, 0.2], [0.4, 0.95]],
  4: [[0.05, 0.05], [0.95, 0.05], [0.05, 0.95], [0.95, 0.95]],
  6: [[0.05, 0.05], [0.95, 0.05], [0.05, 0.95], [0.95, 0.95], [0.5, 0.1], [0.5, 0.9]],
}

export function p90(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)]!
}
