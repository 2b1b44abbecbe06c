/**
 * The household glyph: a ring split into one arc per category (registry colour,
 * priority order, clockwise from 12 o'clock) around a centre dot. All of a
 * household's statuses are visible at once, which the one-colour Excel cell
 * could not do. Moved-out households are hollow with a dashed rim; households
 * not yet linked to the archive carry a cross. Pure geometry here; `drawGlyph`
 * paints onto any 2D canvas (the map's icon atlas and the legend share it).
 */
import type { HouseholdStatus } from '@cuntu/domain'

export interface GlyphSpec {
  status: HouseholdStatus
  /** Category colours, `#rrggbb`, in registry priority order. */
  colours: string[]
}

export interface Segment {
  /** Radians, canvas convention (0 = 3 o'clock, clockwise positive). */
  start: number
  end: number
  colour: string
}

export const NEUTRAL = '#8a8f98'
export const INK = '#263238'
const TOP = -Math.PI / 2

/** One arc per colour, equal shares, a small gap between neighbours so adjacent colours stay apart. */
export function ringSegments(colours: string[], gap = 0.16): Segment[] {
  const n = colours.length
  if (n === 0) return []
  if (n === 1) return [{ start: TOP, end: TOP + 2 * Math.PI, colour: colours[0]! }]
  const share = (2 * Math.PI) / n
  return colours.map((colour, k) => ({ start: TOP + k * share + gap / 2, end: TOP + (k + 1) * share - gap / 2, colour }))
}

/** The atlas key: one icon per distinct status + colour combination. */
export function glyphKey(spec: GlyphSpec): string {
  return `${spec.status}|${spec.colours.join(',')}`
}

/** `#rrggbb` → [r, g, b] 0–255; grey for anything else (a station's custom colour typed wrong must not break the map). */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim())
  if (!m) return [0x8a, 0x8f, 0x98]
  const v = parseInt(m[1]!, 16)
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255]
}

/** Relative luminance (WCAG), 0–1: picks a readable outline for very light colours such as 在民政对象录入 yellow. */
export function luminance(hex: string): number {
  const lin = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  const [r, g, b] = hexToRgb(hex)
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/** Proportions of the glyph, as fractions of its radius R (the icon is 2R square). */
export const GLYPH = { ringOuter: 0.94, ringInner: 0.4, dot: 0.22, neutralDot: 0.42 } as const

type Ctx = Pick<
  CanvasRenderingContext2D,
  'beginPath' | 'arc' | 'closePath' | 'fill' | 'stroke' | 'moveTo' | 'lineTo' | 'setLineDash' | 'save' | 'restore'
> & { fillStyle: unknown; strokeStyle: unknown; lineWidth: number; globalAlpha: number }

/** Paint one glyph centred at (cx, cy) with radius r pixels. */
export function drawGlyph(ctx: Ctx, cx: number, cy: number, r: number, spec: GlyphSpec): void {
  const hollow = spec.status === 'moved_out'
  const outerR = r * GLYPH.ringOuter
  const innerR = r * GLYPH.ringInner
  ctx.save()
  if (spec.colours.length === 0) {
    // No category: a plain neutral dot with a white rim so it reads on any basemap.
    disc(ctx, cx, cy, r * GLYPH.neutralDot + r * 0.1, '#ffffff')
    if (hollow) ring(ctx, cx, cy, r * GLYPH.neutralDot - r * 0.06, r * 0.14, NEUTRAL, true)
    else disc(ctx, cx, cy, r * GLYPH.neutralDot, NEUTRAL)
  } else {
    // A white backing so the ring reads on imagery, then the coloured arcs.
    disc(ctx, cx, cy, outerR + r * 0.06, '#ffffff')
    ctx.globalAlpha = hollow ? 0.55 : 1
    for (const s of ringSegments(spec.colours)) {
      ctx.beginPath()
      ctx.arc(cx, cy, outerR, s.start, s.end)
      ctx.arc(cx, cy, innerR, s.end, s.start, true)
      ctx.closePath()
      ctx.fillStyle = s.colour
      ctx.fill()
    }
    ctx.globalAlpha = 1
    if (!hollow) disc(ctx, cx, cy, r * GLYPH.dot, INK)
  }
  if (hollow) ring(ctx, cx, cy, r * 0.97, r * 0.08, INK, true)
  if (spec.status === 'unlinked') cross(ctx, cx, cy, r * 0.42, r * 0.16)
  ctx.restore()
}

function disc(ctx: Ctx, cx: number, cy: number, r: number, colour: string) {
  ctx.beginPath()
  ctx.arc(cx, cy, r, 0, 2 * Math.PI)
  ctx.fillStyle = colour
  ctx.fill()
}

function ring(ctx: Ctx, cx: number, cy: number, r: number, width: number, colour: string, dashed: boolean) {
  ctx.beginPath()
  ctx.arc(cx, cy, r, 0, 2 * Math.PI)
  ctx.lineWidth = width
  ctx.strokeStyle = colour
  ctx.setLineDash(dashed ? [r * 0.42, r * 0.3] : [])
  ctx.stroke()
  ctx.setLineDash([])
}

function cross(ctx: Ctx, cx: number, cy: number, half: number, width: number) {
  for (const [colour, w] of [
    ['#ffffff', width * 1.9],
    [INK, width],
  ] as const) {
    ctx.beginPath()
    ctx.moveTo(cx - half, cy - half)
    ctx.lineTo(cx + half, cy + half)
    ctx.moveTo(cx + half, cy - half)
    ctx.lineTo(cx - half, cy + half)
    ctx.lineWidth = w
    ctx.strokeStyle = colour
    ctx.stroke()
  }
}
