/**
 * Which part of the map a panel covers (the phone's bottom-sheet card), as
 * MapLibre camera padding, so a fly puts the house in the part still visible.
 * Pure: boxes are CSS pixels in one frame (the page), padding in CSS pixels
 * from each edge of the map container.
 */

export interface Box {
  left: number
  top: number
  right: number
  bottom: number
}

export interface Padding {
  top: number
  right: number
  bottom: number
  left: number
}

export const NO_PADDING: Padding = { top: 0, right: 0, bottom: 0, left: 0 }

/**
 * The padding that keeps a camera target out from under `cover`. Only a panel
 * spanning most of one side counts: a sheet across the bottom pads the bottom,
 * a panel down the right (or left) side pads that side. A panel beside the map
 * (the laptop's card column) does not overlap it and gives no padding. At most
 * `maxShare` of the map's height or width is padded, so a sheet covering
 * nearly everything still leaves a target somewhere visible.
 */
export function coverPadding(map: Box, cover: Box | null, maxShare = 0.8): Padding {
  if (!cover) return NO_PADDING
  const w = map.right - map.left
  const h = map.bottom - map.top
  if (w <= 0 || h <= 0) return NO_PADDING
  const overlapW = Math.min(map.right, cover.right) - Math.max(map.left, cover.left)
  const overlapH = Math.min(map.bottom, cover.bottom) - Math.max(map.top, cover.top)
  if (overlapW <= 0 || overlapH <= 0) return NO_PADDING
  const clamp = (v: number, of: number) => Math.round(Math.min(Math.max(v, 0), of * maxShare))
  if (overlapW >= w * 0.6) {
    // Across the map: a bottom sheet, or (rarely) a top banner.
    return cover.bottom >= map.bottom - 1 ? { ...NO_PADDING, bottom: clamp(map.bottom - cover.top, h) } : { ...NO_PADDING, top: clamp(cover.bottom - map.top, h) }
  }
  if (overlapH >= h * 0.6) {
    return cover.right >= map.right - 1 ? { ...NO_PADDING, right: clamp(map.right - cover.left, w) } : { ...NO_PADDING, left: clamp(cover.right - map.left, w) }
  }
  return NO_PADDING
}

export const samePadding = (a: Partial<Padding>, b: Partial<Padding>) => a.top === b.top && a.right === b.right && a.bottom === b.bottom && a.left === b.left

/**
 * Whether a point (CSS px from the map container's top-left) lies in the
 * uncovered part of a `width`×`height` map, at least `margin` px inside it.
 */
export function inUncovered(point: [number, number], width: number, height: number, padding: Padding, margin = 24): boolean {
  const [x, y] = point
  return x >= padding.left + margin && x <= width - padding.right - margin && y >= padding.top + margin && y <= height - padding.bottom - margin
}
