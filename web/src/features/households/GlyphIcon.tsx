/** A household glyph drawn in the page (legend, card), by the same function that paints the map's atlas. */
import { useEffect, useRef } from 'react'
import { drawGlyph, type GlyphSpec } from './glyph.ts'

export function GlyphIcon({ spec, size = 20 }: { spec: GlyphSpec; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null)
  const key = `${spec.status}|${spec.colours.join(',')}`
  useEffect(() => {
    const canvas = ref.current
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx) return
    const dpr = window.devicePixelRatio || 1
    canvas.width = size * dpr
    canvas.height = size * dpr
    ctx.clearRect(0, 0, canvas.width, canvas.height)
    drawGlyph(ctx, (size * dpr) / 2, (size * dpr) / 2, (size * dpr) / 2 - 1, spec)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, size])
  return <canvas ref={ref} aria-hidden="true" style={{ width: size, height: size }} className="glyph" />
}
