/**
 * Label decluttering on the CPU: which labels to draw so that no two overlap.
 *
 * The map neither rotates nor tilts (adapter.ts), so what overlaps on screen
 * at zoom z is exactly what overlaps in Web-Mercator pixels at z: placement is
 * a pure function of the labels and the zoom, worked out once per zoom step.
 * deck.gl's CollisionFilterExtension was tried first; it tests visibility at a
 * label's anchor, so a name drawn below its house (pixel offset) never finds
 * itself in the collision map and every name was hidden.
 */

/** MapLibre's world size at zoom 0, CSS px (512 px tiles). */
const WORLD_PX = 512

/** [x, y] Web-Mercator CSS pixels at zoom `z` of [lng, lat] degrees (any datum: only differences matter). */
export function mercatorPx(lng: number, lat: number, z: number): [number, number] {
  const size = WORLD_PX * 2 ** z
  const s = Math.sin((Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180)
  return [((lng + 180) / 360) * size, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * size]
}

/** Rough advance width of `text` in em: CJK and full-width characters 1 em, the rest 0.6 em. */
export function textEm(text: string): number {
  let w = 0
  for (const ch of text) w += ch.codePointAt(0)! >= 0x2e80 ? 1 : 0.6
  return w
}

export interface LabelBoxes {
  /** Box centres and half sizes, CSS px at the placement zoom; NaN centre = not a candidate (unplaced, filtered out, empty). */
  cx: Float64Array
  cy: Float64Array
  hw: Float32Array
  hh: Float32Array
}

export function labelBoxes(n: number): LabelBoxes {
  return { cx: new Float64Array(n).fill(Number.NaN), cy: new Float64Array(n).fill(Number.NaN), hw: new Float32Array(n), hh: new Float32Array(n) }
}

const CELL = 64

/**
 * Greedy placement: boxes are tried in `order` (highest priority first) and a
 * box is kept when it overlaps no box kept before it. Boxes are indexed in a
 * grid of 64 px cells, so the cost is about linear in the number of boxes.
 * @returns 1 for every kept box, 0 otherwise, by box index.
 */
export function declutter(b: LabelBoxes, order: Iterable<number>): Uint8Array {
  const keep = new Uint8Array(b.cx.length)
  const grid = new Map<string, number[]>()
  for (const i of order) {
    const x = b.cx[i]!
    const y = b.cy[i]!
    if (Number.isNaN(x) || Number.isNaN(y)) continue
    const x0 = Math.floor((x - b.hw[i]!) / CELL)
    const x1 = Math.floor((x + b.hw[i]!) / CELL)
    const y0 = Math.floor((y - b.hh[i]!) / CELL)
    const y1 = Math.floor((y + b.hh[i]!) / CELL)
    let free = true
    search: for (let gx = x0; gx <= x1; gx++)
      for (let gy = y0; gy <= y1; gy++)
        for (const j of grid.get(`${gx}:${gy}`) ?? []) {
          if (Math.abs(b.cx[j]! - x) < b.hw[j]! + b.hw[i]! && Math.abs(b.cy[j]! - y) < b.hh[j]! + b.hh[i]!) {
            free = false
            break search
          }
        }
    if (!free) continue
    keep[i] = 1
    for (let gx = x0; gx <= x1; gx++)
      for (let gy = y0; gy <= y1; gy++) {
        const k = `${gx}:${gy}`
        const cell = grid.get(k)
        if (cell) cell.push(i)
        else grid.set(k, [i])
      }
  }
  return keep
}
