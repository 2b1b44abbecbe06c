/**
 * Paint a sheet's display list onto a pdf-lib page: text as real text in the
 * embedded subset font (selectable, searchable), lines and boxes as vectors,
 * the map as an image.
 */
import {
  degrees,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setTextRenderingMode,
  TextRenderingMode,
  type PDFFont,
  type PDFImage,
  type PDFPage,
} from 'pdf-lib'
import type { Op } from './sheet.ts'

export const PT_PER_MM = 72 / 25.4

function colour(hex: string) {
  const v = parseInt(hex.replace('#', ''), 16)
  return rgb(((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255)
}

export function paintPdf(page: PDFPage, ops: Op[], images: Map<string, PDFImage>, fonts: { regular: PDFFont; bold: PDFFont }): void {
  const H = page.getHeight()
  const pt = (mm: number) => mm * PT_PER_MM
  for (const o of ops) {
    switch (o.t) {
      case 'rect':
        page.drawRectangle({
          x: pt(o.x),
          y: H - pt(o.y + o.h),
          width: pt(o.w),
          height: pt(o.h),
          color: o.fill ? colour(o.fill) : undefined,
          borderColor: o.stroke ? colour(o.stroke) : undefined,
          borderWidth: o.stroke ? pt(o.lw ?? 0.3) : 0,
          opacity: o.opacity,
          borderOpacity: o.opacity,
        })
        break
      case 'path': {
        // SVG paths in pdf-lib run y-down from the given origin: the page's top-left.
        const d = o.pts.map(([x, y], i) => `${i ? 'L' : 'M'}${pt(x).toFixed(3)} ${pt(y).toFixed(3)}`).join(' ') + (o.closed ? ' Z' : '')
        page.drawSvgPath(d, {
          x: 0,
          y: H,
          color: o.fill ? colour(o.fill) : undefined,
          borderColor: o.stroke ? colour(o.stroke) : undefined,
          borderWidth: o.stroke ? pt(o.lw ?? 0.3) : 0,
        })
        break
      }
      case 'text': {
        const font = o.bold ? fonts.bold : fonts.regular
        const size = pt(o.size)
        const width = font.widthOfTextAtSize(o.text, size)
        const dx = o.align === 'center' ? -width / 2 : o.align === 'right' ? -width : 0
        const r = ((o.rotate ?? 0) * Math.PI) / 180
        const x = pt(o.x) + dx * Math.cos(r)
        const y = H - pt(o.y) + dx * Math.sin(r)
        if (o.invisible) page.pushOperators(pushGraphicsState(), setTextRenderingMode(TextRenderingMode.Invisible))
        page.drawText(o.text, { x, y, size, font, color: colour(o.colour), opacity: o.opacity, rotate: o.rotate ? degrees(o.rotate) : undefined })
        if (o.invisible) page.pushOperators(popGraphicsState())
        break
      }
      case 'image': {
        const img = images.get(o.image)
        if (img) page.drawImage(img, { x: pt(o.x), y: H - pt(o.y + o.h), width: pt(o.w), height: pt(o.h) })
        break
      }
    }
  }
}
