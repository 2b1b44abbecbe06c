/** Paint a sheet's display list onto a 2D canvas (PNG, JPEG, the WeChat image). */
import type { Op } from './sheet.ts'

export function paintCanvas(
  ctx: CanvasRenderingContext2D,
  ops: Op[],
  pxPerMm: number,
  images: Map<string, CanvasImageSource>,
  fontFamily: string,
): void {
  const s = pxPerMm
  ctx.save()
  ctx.textBaseline = 'alphabetic'
  for (const o of ops) {
    switch (o.t) {
      case 'rect':
        ctx.globalAlpha = o.opacity ?? 1
        if (o.fill) {
          ctx.fillStyle = o.fill
          ctx.fillRect(o.x * s, o.y * s, o.w * s, o.h * s)
        }
        if (o.stroke) {
          ctx.strokeStyle = o.stroke
          ctx.lineWidth = (o.lw ?? 0.3) * s
          ctx.strokeRect(o.x * s, o.y * s, o.w * s, o.h * s)
        }
        ctx.globalAlpha = 1
        break
      case 'path':
        ctx.beginPath()
        o.pts.forEach(([x, y], i) => (i ? ctx.lineTo(x * s, y * s) : ctx.moveTo(x * s, y * s)))
        if (o.closed) ctx.closePath()
        if (o.fill) {
          ctx.fillStyle = o.fill
          ctx.fill()
        }
        if (o.stroke) {
          ctx.strokeStyle = o.stroke
          ctx.lineWidth = (o.lw ?? 0.3) * s
          ctx.stroke()
        }
        break
      case 'text': {
        // Invisible text exists for the PDF's search layer only; the raster already shows it.
        if (o.invisible) break
        ctx.save()
        ctx.globalAlpha = o.opacity ?? 1
        ctx.fillStyle = o.colour
        ctx.font = `${o.bold ? 700 : 400} ${o.size * s}px "${fontFamily}"`
        ctx.textAlign = o.align ?? 'left'
        ctx.translate(o.x * s, o.y * s)
        if (o.rotate) ctx.rotate((-o.rotate * Math.PI) / 180)
        ctx.fillText(o.text, 0, 0)
        ctx.restore()
        break
      }
      case 'image': {
        const img = images.get(o.image)
        if (img) ctx.drawImage(img, o.x * s, o.y * s, o.w * s, o.h * s)
        break
      }
    }
  }
  ctx.restore()
}
