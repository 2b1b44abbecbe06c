import { describe, expect, it } from 'vitest'
import { layoutSheet, wrap, type SheetContent } from './layout.ts'
import { sheetText, type Op } from './sheet.ts'

/** Every character one em wide (CJK-like); enough to test placement without a font. */
const measure = (text: string, size: number) => [...text].length * size

const content = (over: Partial<SheetContent> = {}): SheetContent => ({
  title: '石桥村 困难群众和特殊群体分布图',
  placeLine: '石桥村 · 河东镇 · 河东镇社工站',
  byLine: '制图：张三　日期：2026-12-02',
  legendTitle: '图例',
  countsHeader: ['户', '人'],
  legend: [
    { glyph: 'glyph:a', label: '低保', households: 28, people: 113 },
    { glyph: 'glyph:b', label: '无类别', households: 195, people: 727 },
  ],
  legendNote: null,
  scaleText: '比例尺 1:2,500',
  bar: { mm: 40, labels: ['0', '50', '100 米'] },
  northLabel: '北',
  attribution: '底图：本村自绘示意图',
  notesTitle: '备注',
  notes: '第三季度入户计划',
  confidential: null,
  watermark: null,
  qr: { modules: [[true, false], [false, true]], caption: '扫码打开' },
  overview: true,
  ...over,
})

const texts = (ops: Op[]) => ops.flatMap((o) => (o.t === 'text' ? [o.text] : []))
const inside = (o: { x: number; y: number; w: number; h: number }, [W, H]: [number, number]) => o.x >= 0 && o.y >= 0 && o.x + o.w <= W && o.y + o.h <= H

describe('sheet layout', () => {
  it('A3 landscape: title, legend with counts, scale, north, notes, QR; the map and panel inside the page', () => {
    const l = layoutSheet([420, 297], 'landscape', content(), measure)
    const t = texts(l.ops)
    for (const s of ['石桥村 困难群众和特殊群体分布图', '图例', '低保', '28', '113', '比例尺 1:2,500', '北', '备注', '底图：本村自绘示意图']) expect(t).toContain(s)
    expect(inside(l.map, [420, 297])).toBe(true)
    expect(l.map.w).toBeGreaterThan(280)
    expect(l.overview && inside(l.overview, [420, 297])).toBe(true)
    expect(l.ops.filter((o) => o.t === 'image' && o.image.startsWith('glyph:'))).toHaveLength(2)
    expect(l.ops.some((o) => o.t === 'rect' && o.fill === '#000000')).toBe(true)
    expect(t.some((s) => s.includes('保密'))).toBe(false)
  })

  it('names shown: the 保密 stamp and a watermark across the page', () => {
    const l = layoutSheet([420, 297], 'landscape', content({ confidential: '保密资料，请勿外传', watermark: '张三 导出 2026-12-02 10:00' }), measure)
    expect(texts(l.ops)).toContain('保密资料，请勿外传')
    const marks = l.ops.filter((o) => o.t === 'text' && o.text.startsWith('张三 导出'))
    expect(marks.length).toBeGreaterThan(6)
  })

  it('snaps the map to the renderer’s size and centres it in its area', () => {
    const l = layoutSheet([297, 210], 'landscape', content(), measure, (w, h) => [Math.floor(w / 10) * 10, Math.floor(h / 10) * 10])
    expect(l.map.w % 10).toBe(0)
    expect(l.map.h % 10).toBe(0)
  })

  it('portrait puts the panel below the map; the WeChat image grows with its legend', () => {
    const p = layoutSheet([297, 420], 'portrait', content(), measure)
    const legendY = (p.ops.find((o) => o.t === 'text' && o.text === '图例') as Extract<Op, { t: 'text' }>).y
    expect(legendY).toBeGreaterThan(p.map.y + p.map.h)
    const few = layoutSheet([185, 0], 'wechat', content(), measure)
    const many = layoutSheet([185, 0], 'wechat', content({ legend: Array.from({ length: 12 }, (_, i) => ({ glyph: `glyph:${i}`, label: `类${i}`, households: i, people: i })) }), measure)
    expect(many.page[1]).toBeGreaterThan(few.page[1])
    expect(few.overview).toBeNull()
  })

  it('wraps Chinese anywhere and keeps Latin words whole', () => {
    expect(wrap('一二三四五六', 3, 1, measure)).toEqual(['一二三', '四五六'])
    expect(wrap('ab cd', 3, 1, measure)).toEqual(['ab', 'cd'])
    expect(wrap('第一行\n第二行', 10, 1, measure)).toEqual(['第一行', '第二行'])
  })

  it('collects the characters a sheet uses (the font subset)', () => {
    const l = layoutSheet([420, 297], 'landscape', content(), measure)
    const chars = sheetText(l.ops)
    for (const ch of '石桥村图例低保北') expect(chars).toContain(ch)
    expect(new Set(chars).size).toBe([...chars].length)
  })
})
