import { describe, expect, it } from 'vitest'
import { drawGlyph, glyphKey, hexToRgb, luminance, ringSegments } from './glyph.ts'

describe('ringSegments', () => {
  it('gives one full circle from 12 o’clock for a single category', () => {
    const [s, ...rest] = ringSegments(['#e6194b'])
    expect(rest).toEqual([])
    expect(s!.start).toBeCloseTo(-Math.PI / 2)
    expect(s!.end - s!.start).toBeCloseTo(2 * Math.PI)
  })
  it('splits the ring into equal arcs in the given (priority) order with gaps between', () => {
    const segs = ringSegments(['#e6194b', '#4363d8', '#3cb44b'], 0.1)
    expect(segs.map((s) => s.colour)).toEqual(['#e6194b', '#4363d8', '#3cb44b'])
    for (const s of segs) expect(s.end - s.start).toBeCloseTo((2 * Math.PI) / 3 - 0.1)
    // clockwise and non-overlapping
    expect(segs[1]!.start).toBeGreaterThan(segs[0]!.end)
    expect(segs[2]!.end).toBeLessThan(-Math.PI / 2 + 2 * Math.PI)
  })
  it('is empty without categories', () => {
    expect(ringSegments([])).toEqual([])
  })
})

describe('glyph keys and colours', () => {
  it('distinguishes status and colour order', () => {
    expect(glyphKey({ status: 'active', colours: ['#e6194b', '#4363d8'] })).not.toBe(glyphKey({ status: 'moved_out', colours: ['#e6194b', '#4363d8'] }))
    expect(glyphKey({ status: 'active', colours: [] })).toBe('active|')
  })
  it('parses registry colours and falls back to grey', () => {
    expect(hexToRgb('#e6194b')).toEqual([230, 25, 75])
    expect(hexToRgb('red')).toEqual([138, 143, 152])
    expect(luminance('#ffe119')).toBeGreaterThan(0.6)
    expect(luminance('#000075')).toBeLessThan(0.05)
  })
})

describe('drawGlyph', () => {
  /** A recording canvas: checks which colours are painted, without a browser. */
  function recorder() {
    const fills: string[] = []
    const strokes: string[] = []
    const ctx = {
      fillStyle: '' as unknown,
      strokeStyle: '' as unknown,
      lineWidth: 1,
      globalAlpha: 1,
      beginPath() {},
      arc() {},
      closePath() {},
      moveTo() {},
      lineTo() {},
      setLineDash() {},
      save() {},
      restore() {},
      fill() {
        fills.push(String(ctx.fillStyle))
      },
      stroke() {
        strokes.push(String(ctx.strokeStyle))
      },
    }
    return { ctx, fills, strokes }
  }
  it('paints every category colour once plus the centre dot', () => {
    const r = recorder()
    drawGlyph(r.ctx, 32, 32, 30, { status: 'active', colours: ['#e6194b', '#4363d8'] })
    expect(r.fills).toEqual(['#ffffff', '#e6194b', '#4363d8', '#263238'])
    expect(r.strokes).toEqual([])
  })
  it('marks moved-out with a dashed rim and unlinked with a cross', () => {
    const moved = recorder()
    drawGlyph(moved.ctx, 32, 32, 30, { status: 'moved_out', colours: ['#e6194b'] })
    expect(moved.fills).not.toContain('#263238')
    expect(moved.strokes).toEqual(['#263238'])
    const unlinked = recorder()
    drawGlyph(unlinked.ctx, 32, 32, 30, { status: 'unlinked', colours: [] })
    expect(unlinked.strokes).toEqual(['#ffffff', '#263238'])
  })
})
