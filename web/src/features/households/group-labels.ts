/**
 * Where the village-group labels go: one per spatial cluster of a group's
 * households, not one per house. Households of one group chain into a cluster
 * when each is within `linkMetres` of another (single linkage), so a group
 * living in two hamlets gets two labels and a compact group one. The label
 * sits at the cluster's mean position. Pure: positions in, positions out.
 */

export interface GroupCluster {
  group: number
  /** [lng, lat], WGS84 degrees: the mean of the cluster's households. */
  position: [number, number]
  households: number
}

export interface ClusterOptions {
  /** Households this close (metres, ground distance) belong to the same cluster. */
  linkMetres: number
  /** Smaller clusters get no label of their own, unless they are the group's only or largest one. */
  minHouseholds: number
}

export const CLUSTER_DEFAULTS: ClusterOptions = { linkMetres: 120, minHouseholds: 3 }

const M_PER_DEG_LAT = 110_574

/**
 * @param positions [lng, lat] pairs, WGS84 degrees; NaN where unplaced (skipped).
 * @param group village group per household, -1 for none (skipped: those are not yet linked to a group).
 * @returns clusters ordered by group, then by size (largest first).
 */
export function groupClusters(positions: Float64Array, group: Int32Array, options: Partial<ClusterOptions> = {}): GroupCluster[] {
  const { linkMetres, minHouseholds } = { ...CLUSTER_DEFAULTS, ...options }
  const n = group.length
  const placed: number[] = []
  let latSum = 0
  for (let i = 0; i < n; i++) {
    if (group[i]! < 0 || !Number.isFinite(positions[2 * i]!) || !Number.isFinite(positions[2 * i + 1]!)) continue
    placed.push(i)
    latSum += positions[2 * i + 1]!
  }
  if (placed.length === 0) return []
  // Local equirectangular metres: exact enough over a village, and cheap.
  const mPerDegLng = M_PER_DEG_LAT * Math.cos(((latSum / placed.length) * Math.PI) / 180)
  const x = (i: number) => positions[2 * i]! * mPerDegLng
  const y = (i: number) => positions[2 * i + 1]! * M_PER_DEG_LAT

  // Union-find over households; neighbours found through a grid of linkMetres cells per group.
  const parent = new Map<number, number>(placed.map((i) => [i, i]))
  const find = (i: number): number => {
    let r = i
    while (parent.get(r)! !== r) r = parent.get(r)!
    let c = i
    while (c !== r) {
      const next = parent.get(c)!
      parent.set(c, r)
      c = next
    }
    return r
  }
  const cellKey = (g: number, cx: number, cy: number) => `${g}:${cx}:${cy}`
  const cells = new Map<string, number[]>()
  for (const i of placed) {
    const k = cellKey(group[i]!, Math.floor(x(i) / linkMetres), Math.floor(y(i) / linkMetres))
    const list = cells.get(k)
    if (list) list.push(i)
    else cells.set(k, [i])
  }
  const link2 = linkMetres * linkMetres
  for (const i of placed) {
    const g = group[i]!
    const cx = Math.floor(x(i) / linkMetres)
    const cy = Math.floor(y(i) / linkMetres)
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const j of cells.get(cellKey(g, cx + dx, cy + dy)) ?? []) {
          if (j <= i) continue
          const ddx = x(i) - x(j)
          const ddy = y(i) - y(j)
          if (ddx * ddx + ddy * ddy <= link2) {
            const a = find(i)
            const b = find(j)
            if (a !== b) parent.set(a, b)
          }
        }
  }

  const sums = new Map<number, { group: number; lng: number; lat: number; n: number }>()
  for (const i of placed) {
    const r = find(i)
    const s = sums.get(r) ?? { group: group[i]!, lng: 0, lat: 0, n: 0 }
    s.lng += positions[2 * i]!
    s.lat += positions[2 * i + 1]!
    s.n++
    sums.set(r, s)
  }
  const all = [...sums.values()].sort((a, b) => a.group - b.group || b.n - a.n || a.lng - b.lng)
  return all
    .filter((s, k) => s.n >= minHouseholds || k === 0 || all[k - 1]!.group !== s.group)
    .map((s) => ({ group: s.group, position: [s.lng / s.n, s.lat / s.n], households: s.n }))
}
