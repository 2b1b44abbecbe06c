/**
 * A printed sheet as a display list: boxes, lines, text and images in
 * millimetres from the page's top-left corner. One list, two painters (a 2D
 * canvas for PNG and JPEG, pdf-lib for PDF with real text), so the PNG and the
 * PDF of a sheet cannot drift apart.
 */

export type Op =
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lw?: number; opacity?: number }
  | { t: 'path'; pts: [number, number][]; closed?: boolean; fill?: string; stroke?: string; lw?: number }
  | {
      t: 'text'
      /** Anchor point; `y` is the baseline. */
      x: number
      y: number
      text: string
      /** Font size (em height) in millimetres. */
      size: number
      colour: string
      bold?: boolean
      align?: 'left' | 'center' | 'right'
      opacity?: number
      /** Degrees, counter-clockwise, about the anchor. */
      rotate?: number
      /** Drawn invisibly over the map image (PDF only): names stay searchable where the raster shows them. */
      invisible?: boolean
    }
  | { t: 'image'; x: number; y: number; w: number; h: number; image: string }

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** Width in millimetres of `text` at `size` mm in the sheet's font. */
export type Measure = (text: string, size: number, bold?: boolean) => number

/** Every character a sheet's text uses (what the PDF's font subset must hold). */
export function sheetText(ops: Op[]): string {
  return [...new Set(ops.flatMap((o) => (o.t === 'text' ? [...o.text] : [])))].join('')
}
