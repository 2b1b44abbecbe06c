/**
 * One icon per distinct glyph (status + category colours) painted into a single
 * canvas atlas at runtime. A village has a few dozen combinations and even
 * 100,000 households only a few hundred, so the atlas stays small and every
 * household is one textured quad on the GPU.
 */
import { drawGlyph, glyphKey, type GlyphSpec } from '../features/households/glyph.ts'

/** Atlas cell in pixels; drawn at 2× the largest on-screen size so rings stay crisp. */
export const ICON_PX = 64

export interface IconAtlas {
  /**
   * The painted canvas, handed to deck.gl as the texture source directly: a
   * data URL would go through fetch, which the server's CSP (connect-src 'self') blocks.
   */
  image: HTMLCanvasElement
  mapping: Record<string, { x: number; y: number; width: number; height: number; anchorY: number; mask: boolean }>
}

export function buildIconAtlas(specs: GlyphSpec[]): IconAtlas {
  const unique = new Map(specs.map((s) => [glyphKey(s), s]))
  const perRow = Math.max(1, Math.ceil(Math.sqrt(unique.size)))
  const rows = Math.max(1, Math.ceil(unique.size / perRow))
  const canvas = document.createElement('canvas')
  canvas.width = perRow * ICON_PX
  canvas.height = rows * ICON_PX
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('2D canvas unavailable')
  const mapping: IconAtlas['mapping'] = {}
  let k = 0
  for (const [key, spec] of unique) {
    const x = (k % perRow) * ICON_PX
    const y = Math.floor(k / perRow) * ICON_PX
    drawGlyph(ctx, x + ICON_PX / 2, y + ICON_PX / 2, ICON_PX / 2 - 2, spec)
    mapping[key] = { x, y, width: ICON_PX, height: ICON_PX, anchorY: ICON_PX / 2, mask: false }
    k++
  }
  return { image: canvas, mapping }
}
