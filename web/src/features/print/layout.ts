/**
 * Where everything goes on a sheet: title and place, the map, a panel with the
 * legend and its counts, scale (stated and as a bar), north arrow, an overview
 * inset, notes, the QR code to the saved view, attribution (+ 审图号), and, when
 * names are shown, the 保密 stamp and a watermark of who exported it and when.
 * Pure: text is measured through the `measure` it is given.
 *
 * Sizes are designed for A3 and scaled by the page's short side, so an A4
 * sheet is the same sheet, smaller. Landscape puts the panel beside the map,
 * portrait below it; the WeChat image is a narrow portrait with large text and
 * its height follows the content.
 */
import type { Box, Measure, Op } from './sheet.ts'

export type SheetMode = 'landscape' | 'portrait' | 'wechat'

export interface LegendRow {
  /** Image key of the glyph (painted by the map's own glyph code). */
  glyph: string
  label: string
  households: number | null
  people: number | null
}

export interface SheetContent {
  title: string
  /** e.g. 石桥村 · 东城镇 · 东城镇社工站 */
  placeLine: string
  /** e.g. 制图：张三　日期：2026-12-02 */
  byLine: string
  legendTitle: string
  /** Column headings of the counts: households, people. */
  countsHeader: [string, string]
  legend: LegendRow[]
  legendNote: string | null
  /** e.g. 比例尺 1:2,500; null where a scale has no meaning (a phone image). */
  scaleText: string | null
  bar: { mm: number; labels: [string, string, string] } | null
  northLabel: string
  attribution: string
  notesTitle: string
  notes: string
  confidential: string | null
  watermark: string | null
  qr: { modules: boolean[][]; caption: string } | null
  overview: boolean
}

export interface SheetLayout {
  /** Page size in millimetres (the WeChat image's height follows its content). */
  page: [number, number]
  ops: Op[]
  map: Box
  overview: Box | null
}

const INK = '#263238'
const MUTED = '#607d8b'
const RULE = '#90a4ae'
const RED = '#c62828'

/** Greedy line breaking that works for Chinese (any character may break) and keeps Latin words whole where it can. */
export function wrap(text: string, width: number, size: number, measure: Measure): string[] {
  const lines: string[] = []
  for (const para of text.split('\n')) {
    let line = ''
    for (const token of para.match(/[A-Za-z0-9.,:;'"!?()-]+|\s+|./gu) ?? []) {
      const next = line + token
      if (line && measure(next, size) > width) {
        lines.push(line.trimEnd())
        line = token.trimStart()
        // A single token wider than the line: break it by character.
        while (measure(line, size) > width && line.length > 1) {
          let cut = line.length - 1
          while (cut > 1 && measure(line.slice(0, cut), size) > width) cut--
          lines.push(line.slice(0, cut))
          line = line.slice(cut)
        }
      } else line = next
    }
    lines.push(line.trimEnd())
  }
  return lines
}

/** Shorten `text` with … until it fits `width`. */
function fit(text: string, width: number, size: number, measure: Measure, bold = false): string {
  if (measure(text, size, bold) <= width) return text
  let t = text
  while (t.length > 1 && measure(`${t}…`, size, bold) > width) t = t.slice(0, -1)
  return `${t}…`
}

export function layoutSheet(
  pageIn: [number, number],
  mode: SheetMode,
  c: SheetContent,
  measure: Measure,
  /** Snap the map's size (mm) down to what the renderer draws exactly (whole tiles of CSS pixels). */
  snap: (w: number, h: number) => [number, number] = (w, h) => [w, h],
): SheetLayout {
  const [W] = pageIn
  const k = mode === 'wechat' ? (W / 185) * 1.1 : Math.min(pageIn[0], pageIn[1]) / 297
  const m = 10 * k
  const gap = 5 * k
  const ops: Op[] = []
  const text = (x: number, y: number, s: string, size: number, o: Partial<Extract<Op, { t: 'text' }>> = {}) =>
    ops.push({ t: 'text', x, y, text: s, size, colour: INK, ...o })

  // ── header ────────────────────────────────────────────────────────────────
  const titleSize = 10 * k
  const stampW = c.confidential ? measure(c.confidential, 4.6 * k, true) + 6 * k : 0
  const titleY = m + titleSize * 0.95
  const subSize = 4.2 * k
  const contentW = W - 2 * m
  const titleW = contentW - (stampW ? stampW + gap : 0)
  const titleLines = mode === 'wechat' ? wrap(c.title, titleW, titleSize, (t, s) => measure(t, s, true)).slice(0, 2) : [fit(c.title, titleW, titleSize, measure, true)]
  titleLines.forEach((line, i) => text(m, titleY + i * titleSize * 1.25, line, titleSize, { bold: true }))
  let y = titleY + (titleLines.length - 1) * titleSize * 1.25 + subSize * 1.9
  if (mode === 'wechat') {
    text(m, y, fit(c.placeLine, contentW, subSize, measure), subSize, { colour: MUTED })
    y += subSize * 1.5
    text(m, y, fit(c.byLine, contentW, subSize, measure), subSize, { colour: MUTED })
  } else {
    const byW = measure(c.byLine, subSize)
    text(m, y, fit(c.placeLine, contentW - byW - gap, subSize, measure), subSize, { colour: MUTED })
    text(W - m, y, c.byLine, subSize, { colour: MUTED, align: 'right' })
  }
  if (c.confidential) {
    const sh = 8 * k
    ops.push({ t: 'rect', x: W - m - stampW, y: m, w: stampW, h: sh, stroke: RED, lw: 0.6 * k })
    text(W - m - stampW / 2, m + sh * 0.7, c.confidential, 4.6 * k, { colour: RED, bold: true, align: 'center' })
  }
  const top = y + subSize * 1.1
  ops.push({ t: 'path', pts: [[m, top - subSize * 0.3], [W - m, top - subSize * 0.3]], stroke: RULE, lw: 0.3 * k })

  // ── map area and panel ────────────────────────────────────────────────────
  const footH = 5 * k
  let H = pageIn[1]
  let area: Box
  let panel: Box
  let columns: number
  if (mode === 'landscape') {
    const panelW = 88 * k
    area = { x: m, y: top + 2 * k, w: W - 2 * m - panelW - gap, h: H - m - top - 2 * k - footH }
    panel = { x: W - m - panelW, y: top + 2 * k, w: panelW, h: H - m - top - 2 * k }
    columns = 1
  } else if (mode === 'portrait') {
    const mapH = (H - top - m) * 0.64
    area = { x: m, y: top + 2 * k, w: contentW, h: mapH }
    panel = { x: m, y: area.y + mapH + footH + gap, w: contentW, h: H - m - (area.y + mapH + footH + gap) }
    columns = 3
  } else {
    // Map 4:3 above the legend, so the whole image stays near 2,000 px tall on a phone.
    const mapH = contentW * 0.75
    area = { x: m, y: top + 2 * k, w: contentW, h: mapH }
    panel = { x: m, y: area.y + mapH + footH + gap, w: contentW, h: 0 }
    columns = 2
  }
  const [mw, mh] = snap(area.w, area.h)
  const map: Box = { x: area.x + (area.w - mw) / 2, y: area.y + (area.h - mh) / 2, w: mw, h: mh }
  ops.push({ t: 'image', ...map, image: 'map' })
  ops.push({ t: 'rect', ...map, stroke: INK, lw: 0.35 * k })
  const attr = fit(c.attribution, map.w, 3 * k, measure)
  text(map.x, map.y + map.h + 3.6 * k, attr, 3 * k, { colour: MUTED })

  // ── panel blocks ──────────────────────────────────────────────────────────
  type Block = (x: number, y: number, w: number) => number
  const legend: Block = (x, y0, w) => {
    let yy = y0 + 5 * k
    text(x, yy, c.legendTitle, 5 * k, { bold: true })
    const cw = 14 * k
    text(x + w, yy, c.countsHeader[1], 3.4 * k, { colour: MUTED, align: 'right' })
    text(x + w - cw, yy, c.countsHeader[0], 3.4 * k, { colour: MUTED, align: 'right' })
    yy += 3 * k
    const rowH = 6.2 * k
    const g = 4.8 * k
    for (const r of c.legend) {
      ops.push({ t: 'image', x, y: yy + (rowH - g) / 2, w: g, h: g, image: r.glyph })
      const base = yy + rowH * 0.68
      text(x + g + 2 * k, base, fit(r.label, w - g - 2 * k - 2 * cw - 2 * k, 3.8 * k, measure), 3.8 * k)
      if (r.households !== null) text(x + w - cw, base, String(r.households), 3.8 * k, { align: 'right' })
      if (r.people !== null) text(x + w, base, String(r.people), 3.8 * k, { align: 'right', colour: MUTED })
      yy += rowH
    }
    if (c.legendNote) {
      for (const line of wrap(c.legendNote, w, 3.2 * k, measure)) {
        yy += 4.2 * k
        text(x, yy, line, 3.2 * k, { colour: MUTED })
      }
      yy += 1.5 * k
    }
    return yy - y0 + 2 * k
  }
  const scale: Block = (x, y0, w) => {
    const arrowW = 9 * k
    let yy = y0 + 4.5 * k
    if (c.scaleText) {
      text(x, yy, c.scaleText, 4.2 * k, { bold: true })
      yy += 3 * k
    }
    if (c.bar) {
      const barMm = Math.min(c.bar.mm, w - arrowW - 4 * k)
      const segs = 4
      for (let i = 0; i < segs; i++) {
        ops.push({ t: 'rect', x: x + (i * barMm) / segs, y: yy, w: barMm / segs, h: 1.6 * k, fill: i % 2 ? '#ffffff' : INK, stroke: INK, lw: 0.25 * k })
      }
      const ly = yy + 1.6 * k + 3.6 * k
      text(x, ly, c.bar.labels[0], 3 * k, { align: 'left', colour: MUTED })
      text(x + barMm / 2, ly, c.bar.labels[1], 3 * k, { align: 'center', colour: MUTED })
      text(x + barMm, ly, c.bar.labels[2], 3 * k, { align: 'center', colour: MUTED })
      yy = ly + 1.5 * k
    }
    // North arrow: the map is never rotated, so north is straight up.
    const ax = x + w - arrowW / 2
    const ay = y0 + 2 * k
    const ah = 11 * k
    ops.push({ t: 'path', pts: [[ax, ay + 3.6 * k], [ax + arrowW * 0.38, ay + ah], [ax, ay + ah * 0.78]], closed: true, fill: INK })
    ops.push({ t: 'path', pts: [[ax, ay + 3.6 * k], [ax - arrowW * 0.38, ay + ah], [ax, ay + ah * 0.78]], closed: true, fill: '#ffffff', stroke: INK, lw: 0.3 * k })
    text(ax, ay + 3 * k, c.northLabel, 3.4 * k, { align: 'center', bold: true })
    return Math.max(yy - y0, ah + 3 * k) + 3 * k
  }
  let overview: Box | null = null
  const inset: Block = (x, y0, w) => {
    const h = w * 0.62
    overview = { x, y: y0 + 1 * k, w, h }
    ops.push({ t: 'image', ...overview, image: 'overview' })
    ops.push({ t: 'rect', ...overview, stroke: RULE, lw: 0.3 * k })
    return h + 4 * k
  }
  const notes: Block = (x, y0, w) => {
    const size = 3.4 * k
    const lines = c.notes.trim() ? wrap(c.notes.trim(), w - 4 * k, size, measure).slice(0, 8) : []
    const h = Math.max(18 * k, 8 * k + lines.length * size * 1.45)
    ops.push({ t: 'rect', x, y: y0, w, h, stroke: RULE, lw: 0.3 * k })
    text(x + 2 * k, y0 + 5 * k, c.notesTitle, 3.8 * k, { bold: true })
    lines.forEach((line, i) => text(x + 2 * k, y0 + 10 * k + i * size * 1.45, line, size))
    return h + 4 * k
  }
  const qr: Block = (x, y0, w) => {
    if (!c.qr) return 0
    const n = c.qr.modules.length
    const side = Math.min(24 * k, w * 0.4)
    const cell = side / (n + 2)
    ops.push({ t: 'rect', x, y: y0, w: side, h: side, fill: '#ffffff' })
    c.qr.modules.forEach((row, r) =>
      row.forEach((on, q) => {
        if (on) ops.push({ t: 'rect', x: x + (q + 1) * cell, y: y0 + (r + 1) * cell, w: cell * 1.02, h: cell * 1.02, fill: '#000000' })
      }),
    )
    const lines = wrap(c.qr.caption, w - side - 3 * k, 3.1 * k, measure).slice(0, 5)
    lines.forEach((line, i) => text(x + side + 3 * k, y0 + 5 * k + i * 4.2 * k, line, 3.1 * k, { colour: MUTED }))
    return side + 3 * k
  }

  const withOverview = c.overview && mode !== 'wechat'
  const plan: Block[][] =
    columns === 1
      ? [[legend, scale, ...(withOverview ? [inset] : []), notes, qr]]
      : columns === 3
        ? [[legend], [scale, ...(withOverview ? [inset] : [])], [notes, qr]]
        : [[legend], [scale, notes, qr]]
  const colW = (panel.w - (columns - 1) * gap) / columns
  let bottom = panel.y
  plan.forEach((blocks, i) => {
    let yy = panel.y
    for (const b of blocks) yy += b(panel.x + i * (colW + gap), yy, colW)
    bottom = Math.max(bottom, yy)
  })
  if (mode === 'wechat') H = bottom + m

  // ── watermark: who exported it and when, across the whole sheet ──────────
  if (c.watermark) {
    const size = 5 * k
    const stepX = Math.max(70 * k, measure(c.watermark, size) + 25 * k)
    const stepY = 45 * k
    for (let yy = stepY * 0.6, row = 0; yy < H; yy += stepY, row++) {
      for (let xx = (row % 2) * (stepX / 2) - stepX / 2; xx < W; xx += stepX) {
        ops.push({ t: 'text', x: xx, y: yy, text: c.watermark, size, colour: '#78909c', opacity: 0.16, rotate: 24 })
      }
    }
  }
  return { page: [W, H], ops, map, overview }
}
