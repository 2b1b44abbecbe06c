/**
 * Paper, pixels and map scale for printed sheets. Pure numbers, no map engine.
 * Conventions: paper in millimetres from the top-left corner; map positions
 * [lng, lat] in degrees (the basemap's datum); Web-Mercator zoom as MapLibre
 * spells it (a 512 CSS-pixel world at zoom 0); one CSS pixel is 1/96 inch.
 */

export type PaperSize = 'A4' | 'A3'
export type Orientation = 'landscape' | 'portrait'

/** ISO 216 sizes, portrait, millimetres. */
const PAPER_MM: Record<PaperSize, [number, number]> = { A4: [210, 297], A3: [297, 420] }

export const MM_PER_INCH = 25.4
export const CSS_DPI = 96
/** Mean earth radius MapLibre uses for its scale (WGS84 semi-major axis), metres. */
const EARTH_RADIUS = 6378137
const WORLD_PX = 512

/** [width, height] of the page in millimetres. */
export function pageMm(size: PaperSize, orientation: Orientation): [number, number] {
  const [w, h] = PAPER_MM[size]
  return orientation === 'portrait' ? [w, h] : [h, w]
}

/** Device pixels for `mm` at `dpi`, rounded the way print drivers do (A4 at 300 dpi: 2480 × 3508). */
export const mmToPx = (mm: number, dpi: number) => Math.round((mm / MM_PER_INCH) * dpi)

/** [width, height] of the whole sheet in device pixels. */
export function pagePx(size: PaperSize, orientation: Orientation, dpi: number): [number, number] {
  const [w, h] = pageMm(size, orientation)
  return [mmToPx(w, dpi), mmToPx(h, dpi)]
}

/** Device pixels per CSS pixel so that symbols keep their on-screen size on paper. */
export const pixelRatioFor = (dpi: number) => dpi / CSS_DPI

/** Metres on the ground per CSS pixel at `zoom` and latitude `lat` (degrees). */
export function metresPerCssPx(zoom: number, lat: number): number {
  return (2 * Math.PI * EARTH_RADIUS * Math.cos((lat * Math.PI) / 180)) / (WORLD_PX * 2 ** zoom)
}

/** The scale denominator (1:N) of a map printed at 96 CSS px per inch. */
export function scaleDenominator(zoom: number, lat: number): number {
  return metresPerCssPx(zoom, lat) / (MM_PER_INCH / 1000 / CSS_DPI)
}

/** The zoom that prints at exactly 1:`denominator` at latitude `lat`. */
export function zoomForScale(denominator: number, lat: number): number {
  const mpp = denominator * (MM_PER_INCH / 1000 / CSS_DPI)
  return Math.log2((2 * Math.PI * EARTH_RADIUS * Math.cos((lat * Math.PI) / 180)) / (WORLD_PX * mpp))
}

const NICE = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 7.5]

/** The smallest round scale (500, 1,000, 1,250, 2,500 …) at least `denominator`, so the stated scale is exact. */
export function niceScale(denominator: number): number {
  const mag = 10 ** Math.floor(Math.log10(Math.max(denominator, 1)))
  for (const m of [...NICE, 10]) if (m * mag >= denominator - 1e-6) return Math.round(m * mag)
  return Math.round(10 * mag)
}

/** Web-Mercator world position in CSS pixels at `zoom` of a [lng, lat]. */
export function project([lng, lat]: [number, number], zoom: number): [number, number] {
  const world = WORLD_PX * 2 ** zoom
  const s = Math.sin((Math.max(-85.05113, Math.min(85.05113, lat)) * Math.PI) / 180)
  return [((lng + 180) / 360) * world, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world]
}

export function unproject([x, y]: [number, number], zoom: number): [number, number] {
  const world = WORLD_PX * 2 ** zoom
  const lng = (x / world) * 360 - 180
  const n = Math.PI - (2 * Math.PI * y) / world
  return [lng, (180 / Math.PI) * Math.atan(Math.sinh(n))]
}

/** Scale denominator that fits `bbox` ([w, s, e, n], degrees) into a map of `cssW` × `cssH` CSS pixels, with `pad` (0–1) spare. */
export function fitDenominator(bbox: [number, number, number, number], cssW: number, cssH: number, pad = 0.06): number {
  const lat = (bbox[1] + bbox[3]) / 2
  const [x0, y0] = project([bbox[0], bbox[3]], 0)
  const [x1, y1] = project([bbox[2], bbox[1]], 0)
  // Zoom at which the box just fits, then the scale that zoom gives.
  const zx = Math.log2((cssW * (1 - pad)) / Math.max(x1 - x0, 1e-12))
  const zy = Math.log2((cssH * (1 - pad)) / Math.max(y1 - y0, 1e-12))
  return scaleDenominator(Math.min(zx, zy), lat)
}

/** The centre of a bbox in Web-Mercator terms (not the mean of the latitudes). */
export function bboxCentre(bbox: [number, number, number, number]): [number, number] {
  const [x0, y0] = project([bbox[0], bbox[3]], 0)
  const [x1, y1] = project([bbox[2], bbox[1]], 0)
  return unproject([(x0 + x1) / 2, (y0 + y1) / 2], 0)
}

/** The [w, s, e, n] a map of `cssW` × `cssH` CSS pixels shows around `centre` at `zoom`. */
export function viewBbox(centre: [number, number], zoom: number, cssW: number, cssH: number): [number, number, number, number] {
  const [cx, cy] = project(centre, zoom)
  const [w, n] = unproject([cx - cssW / 2, cy - cssH / 2], zoom)
  const [e, s] = unproject([cx + cssW / 2, cy + cssH / 2], zoom)
  return [w, s, e, n]
}

export interface Tile {
  /** Offset and size in CSS pixels within the whole map image. */
  x: number
  y: number
  w: number
  h: number
  /** The map centre that draws this tile. */
  centre: [number, number]
}

/**
 * Split a `cssW` × `cssH` map into tiles no larger than `maxDevicePx` device
 * pixels a side (the GPU's largest canvas), each with the centre that draws it,
 * so the stitched image is pixel-identical to one big render. Tile sides are
 * multiples of 16 CSS px so that at dpi/96 ratios (25/8, 25/16) they are whole device pixels.
 */
export function tilesFor(cssW: number, cssH: number, pixelRatio: number, maxDevicePx: number, centre: [number, number], zoom: number): Tile[] {
  const maxCss = Math.max(16, Math.floor(maxDevicePx / pixelRatio / 16) * 16)
  const nx = Math.ceil(cssW / maxCss)
  const ny = Math.ceil(cssH / maxCss)
  const tw = Math.ceil(cssW / nx / 16) * 16
  const th = Math.ceil(cssH / ny / 16) * 16
  const [cx, cy] = project(centre, zoom)
  const tiles: Tile[] = []
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x = i * tw
      const y = j * th
      const w = Math.min(tw, cssW - x)
      const h = Math.min(th, cssH - y)
      tiles.push({ x, y, w, h, centre: unproject([cx - cssW / 2 + x + w / 2, cy - cssH / 2 + y + h / 2], zoom) })
    }
  }
  return tiles
}

/** Scale-bar length: the roundest ground distance (1, 2 or 5 × 10ⁿ metres) that fits `maxMm` of paper at 1:`denominator`. */
export function scaleBar(denominator: number, maxMm: number): { metres: number; mm: number } {
  const maxMetres = (maxMm / 1000) * denominator
  const mag = 10 ** Math.floor(Math.log10(maxMetres))
  const metres = [5, 2, 1].map((m) => m * mag).find((m) => m <= maxMetres) ?? mag
  return { metres, mm: (metres / denominator) * 1000 }
}

/** "1:2,500" with thousands separators whatever the locale. */
export const formatScale = (d: number) => `1:${Math.round(d).toLocaleString('en-US')}`
