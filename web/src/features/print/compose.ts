/**
 * A print job end to end: for each page, count what is on it, lay it out,
 * render its map off-screen at the true pixel size, then paint PNG/JPEG on a
 * canvas or assemble the PDF with embedded subset fonts. Cancellable between
 * every step (an AbortSignal), reporting progress as it goes.
 */
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, type PDFImage } from 'pdf-lib'
import type { AreaDetail, Category, PrintParams, PrintSnapshot } from '@cuntu/server/contract'
import { bareCapture, MapRenderSession, printBasemapStyle, renderMapImage, type PrintMapLayer } from '../../map/offscreen.ts'
import { sheetFrame } from '../../map/sheet-frame.ts'
import { LABEL_ZOOM } from '../../map/MapView.tsx'
import type { Basemap } from '../basemaps/basemaps.ts'
import { drawGlyph, type GlyphSpec } from '../households/glyph.ts'
import { applyFilters, gpuFilterValues } from '../households/filter.ts'
import { glyphsOf } from '../households/glyphs.ts'
import type { HouseholdModel } from '../households/model.ts'
import type { Filters, Lang } from '../../state/url-state.ts'
import type { T } from '../../i18n/index.ts'
import { categoryLabel } from '../../i18n/index.ts'
import { loadPrintFonts, type PrintFonts } from './font/fonts.ts'
import { subsetTag } from './font/subset.ts'
import {
  CSS_DPI,
  formatScale,
  MM_PER_INCH,
  niceScale,
  pageMm,
  pagePx,
  scaleBar,
  scaleDenominator,
  zoomForScale,
} from './geometry.ts'
import { countSheet, deidentifiedGlyphs, legendEntries, type SheetCounts } from './legend.ts'
import { layoutSheet, type SheetLayout, type SheetMode } from './layout.ts'
import { paintCanvas } from './paint-canvas.ts'
import { paintPdf, PT_PER_MM } from './paint-pdf.ts'
import { qrModules, snapshotLink } from './qr.ts'
import type { Op } from './sheet.ts'

export interface PrintScene {
  model: HouseholdModel
  /** The registry, priority order. */
  categories: Category[]
  area: AreaDetail
  basemap: Basemap
  tiandituKey: string
  /** The provider's map approval number (审图号) for Chinese basemaps, as the worker entered it. */
  approval: string
  lang: Lang
  t: T
  origin: string
  /** Lower the tile size to exercise stitching (tests); defaults to the GPU's limit. */
  maxTilePx?: number
}

export type Progress = (done: number, total: number) => void

export interface PrintOutput {
  blob: Blob
  fileName: string
  /** Pixel size of PNG/JPEG output; page count of a PDF. */
  width?: number
  height?: number
  pages?: number
  /** The first page's legend as drawn: each row's glyph box in millimetres and the colour its ring should show (tests read the pixels there). */
  legend: { label: string; colour: string | null; households: number | null; box: [number, number, number, number] }[]
  dpi: number
}

/** The WeChat image: 1,400 px wide at 2 device px per CSS px (192 dpi), its height following the legend. */
const WECHAT = { widthPx: 1400, dpi: 192 } as const

interface PageSpec {
  mode: SheetMode
  pageMm: [number, number]
  dpi: number
  title: string
  filters: Filters
  /** WGS84 [w, s, e, n]. */
  bbox: [number, number, number, number]
  /** Count inside `bbox` only (a view or chosen box), or every matching household (village, group). */
  countInBbox: boolean
  overview: boolean
  groupLabels: boolean
}

interface RenderedPage {
  layout: SheetLayout
  images: Map<string, HTMLCanvasElement>
  spec: PageSpec
  counts: SheetCounts
  legend: PrintOutput['legend']
}

const aborted = () => new DOMException('The print was cancelled', 'AbortError')
const check = (signal?: AbortSignal) => {
  if (signal?.aborted) throw aborted()
}

/** mm → whole CSS pixels in multiples of 16 (so tiles are whole device pixels at dpi/96). */
const cssOf = (mm: number) => Math.max(16, Math.floor((mm / MM_PER_INCH) * CSS_DPI / 16) * 16)
const mmOfCss = (css: number) => (css / CSS_DPI) * MM_PER_INCH

function localStamp(iso: string, withTime: boolean): string {
  const d = new Date(iso)
  const p = (n: number) => String(n).padStart(2, '0')
  const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
  return withTime ? `${day} ${p(d.getHours())}:${p(d.getMinutes())}` : day
}

function glyphCanvas(spec: GlyphSpec, px = 96): HTMLCanvasElement {
  const c = document.createElement('canvas')
  c.width = px
  c.height = px
  drawGlyph(c.getContext('2d')!, px / 2, px / 2, px / 2 - 2, spec)
  return c
}

function measureWith(family: string): (text: string, sizeMm: number, bold?: boolean) => number {
  const ctx = document.createElement('canvas').getContext('2d')!
  return (text, size, bold) => {
    // Measured at 100 px and scaled: canvas rounds small font sizes.
    ctx.font = `${bold ? 700 : 400} 100px "${family}"`
    return (ctx.measureText(text).width / 100) * size
  }
}

let filterVersions = 0

function householdLayer(scene: PrintScene, params: PrintParams, filters: Filters, positions: Float64Array): PrintMapLayer {
  const m = scene.model
  const colour = new Map(scene.categories.map((c) => [c.code, c.colour]))
  const glyphs = params.deidentified ? deidentifiedGlyphs(m, filters.year) : glyphsOf(m, (code) => colour.get(code) ?? '#8a8f98')
  const pass = applyFilters(m, filters).pass
  return {
    kind: 'households',
    state: {
      count: m.count,
      positions,
      positionsVersion: `print:${scene.basemap.datum}`,
      glyphKeys: glyphs.keys,
      glyphs: glyphs.specs,
      filterValues: gpuFilterValues(m, pass),
      // A new number per call: a reused off-screen map (atlas pages) must re-upload each page's filter.
      filterVersion: ++filterVersions,
      groupLabels: Array.from(m.group, (g) => (g < 0 ? '00' : String(g))),
      nameLabels: params.names && m.headName.some((n) => n !== null) ? m.headName : null,
      selected: null,
    },
  }
}

async function renderPage(
  scene: PrintScene,
  params: PrintParams,
  snapshot: PrintSnapshot,
  spec: PageSpec,
  fonts: PrintFonts,
  signal: AbortSignal | undefined,
  onTile: (done: number, total: number) => void,
  session: MapRenderSession,
  /** Overview insets already drawn in this job (an atlas repeats the same one), by size. */
  insets: Map<string, HTMLCanvasElement>,
): Promise<RenderedPage> {
  const { t, model, basemap } = scene
  const datum = basemap.datum
  const pass = applyFilters(model, spec.filters).pass
  const counts = countSheet(model, pass, spec.filters.year, spec.countInBbox ? spec.bbox : null)
  const cats = scene.categories.map((c) => ({ code: c.code, colour: c.colour, label: categoryLabel(c, scene.lang) }))
  const legend = legendEntries(counts, cats, params.deidentified, {
    none: t('legend.none'),
    movedOut: t('print.legendMovedOut'),
    unlinked: t('print.legendUnlinked'),
    focus: t('print.focus'),
  })
  const township = scene.area.path.find((p) => p.level === 'township')?.name ?? ''
  const pxPerMm = spec.dpi / MM_PER_INCH
  const pixelRatio = spec.dpi / CSS_DPI
  const measure = measureWith(fonts.family)

  // The map's size decides its scale, so lay out once to learn the box, then fill in scale and bar.
  // WGS84 in: the frame answers where the basemap (maybe GCJ-02) draws the box and each house.
  const frame = sheetFrame(spec.bbox, datum)
  const lat = frame.lat
  const content = (denominator: number | null) => ({
    title: spec.title,
    placeLine: [scene.area.name, township, township ? t('print.station', { township }) : ''].filter(Boolean).join(' · '),
    byLine: t('print.byLine', { author: params.author || snapshot.createdBy, date: localStamp(snapshot.createdAt, false) }),
    legendTitle: t('legend.title'),
    countsHeader: [t('print.householdsShort'), t('print.peopleShort')] as [string, string],
    legend: legend.map((r) => ({ glyph: r.key, label: r.label, households: r.households, people: r.people })),
    legendNote: [
      counts.unplaced > 0 ? t('print.unplaced', { n: counts.unplaced }) : null,
      t('print.countRule'),
    ]
      .filter(Boolean)
      .join(' '),
    scaleText: denominator && spec.mode !== 'wechat' ? t('print.scale', { scale: formatScale(denominator) }) : null,
    bar: null as { mm: number; labels: [string, string, string] } | null,
    northLabel: t('print.north'),
    attribution: [
      basemap.attribution || t('print.ownBasemap'),
      basemap.id.startsWith('tianditu') || basemap.id === 'amap' ? (scene.approval.trim() ? t('print.approval', { no: scene.approval.trim() }) : '') : '',
      t('print.madeWith'),
    ]
      .filter(Boolean)
      .join('  ·  '),
    notesTitle: t('print.notes'),
    notes: params.notes,
    confidential: params.names ? t('app.confidential') : null,
    watermark: params.names ? t('print.watermark', { who: snapshot.createdBy, when: localStamp(snapshot.createdAt, true) }) : null,
    qr: { modules: qrModules(snapshotLink(scene.origin, snapshot.id)), caption: t('print.qrCaption') },
    overview: spec.overview,
  })
  const snap = (w: number, h: number): [number, number] => [mmOfCss(cssOf(w)), mmOfCss(cssOf(h))]
  const first = layoutSheet(spec.pageMm, spec.mode, content(null), measure, snap)
  const cssW = cssOf(first.map.w)
  const cssH = cssOf(first.map.h)
  const fitted = frame.fit(cssW, cssH)
  // Paper gets an exact round scale (1:2,500); the phone image simply fits.
  const denominator = spec.mode === 'wechat' ? fitted : niceScale(fitted)
  const zoom = spec.mode === 'wechat' ? Math.log2(scaleDenominator(0, lat) / fitted) : zoomForScale(denominator, lat)
  const c = content(denominator)
  const bar = scaleBar(denominator, 40 * (spec.mode === 'wechat' ? first.map.w / 185 : Math.min(...spec.pageMm) / 297))
  const unit = t('print.metres')
  c.bar = { mm: bar.mm, labels: ['0', `${bar.metres / 2}`, `${bar.metres} ${unit}`] }
  const layout = layoutSheet(spec.pageMm, spec.mode, c, measure, snap)

  const positions = model.positions
  const style = printBasemapStyle(basemap, scene.tiandituKey, scene.area.boundary ?? null)
  const layers = [householdLayer(scene, params, spec.filters, positions)]
  check(signal)
  const mapCanvas = await renderMapImage({
    style,
    layers,
    cssWidth: cssW,
    cssHeight: cssH,
    pixelRatio,
    frame,
    zoom,
    fontFamily: fonts.family,
    maxTilePx: scene.maxTilePx,
    signal,
    onTile,
  }, session)
  const images = new Map<string, HTMLCanvasElement>([['map', mapCanvas]])
  for (const r of legend) images.set(r.key, glyphCanvas(r.spec))

  const extra: Op[] = []
  /** Paper millimetres of CSS pixels from the map's centre. */
  const toBox = ([dx, dy]: [number, number]): [number, number] => [layout.map.x + layout.map.w / 2 + mmOfCss(dx), layout.map.y + layout.map.h / 2 + mmOfCss(dy)]
  const inBox = ([x, y]: [number, number]) => x >= layout.map.x && x <= layout.map.x + layout.map.w && y >= layout.map.y && y <= layout.map.y + layout.map.h
  // Names: the raster shows them from the label zoom; the PDF adds the same names as invisible text so they can be found.
  if (params.names && zoom >= LABEL_ZOOM) {
    for (let i = 0; i < model.count; i++) {
      const name = model.headName[i]
      if (!name || !counts.on[i] || !model.hasPosition[i]) continue
      const p = toBox(frame.offsetPx([positions[2 * i]!, positions[2 * i + 1]!], zoom))
      if (inBox(p)) extra.push({ t: 'text', x: p[0], y: p[1] + mmOfCss(16 + 11), text: name, size: mmOfCss(13), colour: '#212121', align: 'center', invisible: true })
    }
  }
  if (spec.groupLabels) {
    for (const g of scene.area.groups) {
      const members: [number, number][] = []
      for (let i = 0; i < model.count; i++) {
        if (model.group[i] !== g.number || !model.hasPosition[i] || !counts.on[i]) continue
        members.push([positions[2 * i]!, positions[2 * i + 1]!])
      }
      const at = frame.meanOffsetPx(members, zoom)
      if (!at) continue
      const p = toBox(at)
      const label = t('filters.groupN', { n: g.number })
      const size = 5.5 * (Math.min(...spec.pageMm) / 297)
      const w = measure(label, size, true) + size
      extra.push({ t: 'rect', x: p[0] - w / 2, y: p[1] - size * 1.05, w, h: size * 1.45, fill: '#ffffff', opacity: 0.82 })
      extra.push({ t: 'text', x: p[0], y: p[1], text: label, size, colour: '#1a237e', bold: true, align: 'center' })
    }
  }
  if (layout.overview) {
    const ov = layout.overview
    const village = sheetFrame(scene.area.bbox ?? spec.bbox, datum)
    const ow = cssOf(ov.w)
    const oh = cssOf(ov.h)
    const oz = Math.log2(scaleDenominator(0, village.lat) / village.fit(ow, oh, 0.12))
    check(signal)
    // The inset shows the whole village under the sheet's own filters (not one group's), so an atlas draws it once.
    const insetKey = `${ow}x${oh}`
    let ovCanvas = insets.get(insetKey)
    if (!ovCanvas) {
      ovCanvas = await renderMapImage(
        {
          style,
          layers: [householdLayer(scene, { ...params, names: false }, params.filters, positions)],
          cssWidth: ow,
          cssHeight: oh,
          pixelRatio,
          frame: village,
          zoom: oz,
          fontFamily: fonts.family,
          maxTilePx: scene.maxTilePx,
          signal,
        },
        session,
      )
      insets.set(insetKey, ovCanvas)
    }
    images.set('overview', ovCanvas)
    // The sheet's extent on the inset.
    const [dx0, dy0, dx1, dy1] = frame.viewOn(village, zoom, cssW, cssH, oz)
    const at = (dx: number, dy: number): [number, number] => [ov.x + ((dx + ow / 2) / ow) * ov.w, ov.y + ((dy + oh / 2) / oh) * ov.h]
    const [x0, y0] = at(dx0, dy0)
    const [x1, y1] = at(dx1, dy1)
    const clip = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v))
    const rx0 = clip(x0, ov.x, ov.x + ov.w)
    const ry0 = clip(y0, ov.y, ov.y + ov.h)
    extra.push({ t: 'rect', x: rx0, y: ry0, w: clip(x1, ov.x, ov.x + ov.w) - rx0, h: clip(y1, ov.y, ov.y + ov.h) - ry0, stroke: '#c62828', lw: 0.6 })
  }
  // Extra marks go over the map but under the watermark: insert them right after the map's frame.
  const frameAt = layout.ops.findIndex((o) => o.t === 'rect' && o.x === layout.map.x && o.y === layout.map.y && o.w === layout.map.w)
  layout.ops.splice(frameAt + 1, 0, ...extra)
  void pxPerMm
  const legendDrawn = legend.map((r) => {
    const op = layout.ops.find((o) => o.t === 'image' && o.image === r.key) as Extract<Op, { t: 'image' }> | undefined
    return { label: r.label, colour: r.spec.colours[0] ?? null, households: r.households, box: [op?.x ?? 0, op?.y ?? 0, op?.w ?? 0, op?.h ?? 0] as [number, number, number, number] }
  })
  return { layout, images, spec, counts, legend: legendDrawn }
}

function canvasBlob(canvas: HTMLCanvasElement, type: string, quality?: number): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('image encoding failed'))), type, quality))
}

/** Paint one page onto a canvas at its true pixel size. */
function paintPage(page: RenderedPage, fonts: PrintFonts): HTMLCanvasElement {
  const { spec, layout } = page
  const canvas = document.createElement('canvas')
  const pxPerMm = spec.dpi / MM_PER_INCH
  if (spec.mode === 'wechat') {
    canvas.width = WECHAT.widthPx
    canvas.height = Math.round(layout.page[1] * pxPerMm)
  } else {
    const [w, h] = pagePx(spec.pageMm[0] > spec.pageMm[1] ? (spec.pageMm[0] > 300 ? 'A3' : 'A4') : spec.pageMm[1] > 300 ? 'A3' : 'A4', spec.mode === 'landscape' ? 'landscape' : 'portrait', spec.dpi)
    canvas.width = w
    canvas.height = h
  }
  const ctx = canvas.getContext('2d')!
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  paintCanvas(ctx, layout.ops, pxPerMm, page.images, fonts.family)
  return canvas
}

async function assemblePdf(pages: RenderedPage[], fonts: PrintFonts, meta: { title: string; author: string; subject: string }, signal?: AbortSignal): Promise<Blob> {
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  doc.setTitle(meta.title)
  doc.setAuthor(meta.author)
  doc.setSubject(meta.subject)
  doc.setCreator('村图 Cuntu')
  doc.setProducer('村图 Cuntu (pdf-lib)')
  const texts = (bold: boolean) =>
    [...new Set(pages.flatMap((p) => p.layout.ops.flatMap((o) => (o.t === 'text' && !!o.bold === bold ? [...o.text] : []))))].join('') + '0123456789'
  const regularText = texts(false)
  const boldText = texts(true)
  const cps = (s: string) => [...s].map((ch) => ch.codePointAt(0)!)
  const regular = await doc.embedFont(fonts.subset(fonts.regular, cps(regularText)), { subset: false, customName: `${subsetTag(regularText)}+NotoSansSC-Regular` })
  const bold = await doc.embedFont(fonts.subset(fonts.bold, cps(boldText)), { subset: false, customName: `${subsetTag(boldText)}+NotoSansSC-Bold` })
  const glyphCache = new Map<string, PDFImage>()
  for (const p of pages) {
    check(signal)
    const page = doc.addPage([p.layout.page[0] * PT_PER_MM, p.layout.page[1] * PT_PER_MM])
    const images = new Map<string, PDFImage>()
    for (const [key, canvas] of p.images) {
      if (key === 'map' || key === 'overview') {
        // The map raster as JPEG: a fraction of the PNG's size, and pdf-lib embeds it without re-encoding.
        images.set(key, await doc.embedJpg(await (await canvasBlob(canvas, 'image/jpeg', 0.9)).arrayBuffer()))
      } else {
        let img = glyphCache.get(key)
        if (!img) {
          img = await doc.embedPng(await (await canvasBlob(canvas, 'image/png')).arrayBuffer())
          glyphCache.set(key, img)
        }
        images.set(key, img)
      }
    }
    paintPdf(page, p.layout.ops, images, { regular, bold })
  }
  const bytes = await doc.save()
  return new Blob([bytes as BlobPart], { type: 'application/pdf' })
}

function fileStem(scene: PrintScene, snapshot: PrintSnapshot, params: PrintParams): string {
  const day = localStamp(snapshot.createdAt, false)
  return `${scene.area.name}-${params.kind === 'atlas' ? '图册' : params.kind === 'wechat' ? '微信' : '地图'}-${day}${params.names ? '-保密' : ''}`
}

/** A single sheet (PNG or PDF) or the WeChat image (JPEG). */
export async function printSheet(scene: PrintScene, params: PrintParams, snapshot: PrintSnapshot, signal?: AbortSignal, onProgress?: Progress): Promise<PrintOutput> {
  const fonts = await loadPrintFonts()
  check(signal)
  const wechat = params.kind === 'wechat'
  const spec: PageSpec = {
    mode: wechat ? 'wechat' : params.page.orientation,
    pageMm: wechat ? [(WECHAT.widthPx / WECHAT.dpi) * MM_PER_INCH, 0] : pageMm(params.page.size, params.page.orientation),
    dpi: wechat ? WECHAT.dpi : params.page.dpi,
    title: params.title,
    filters: params.filters,
    bbox: params.extent.bbox,
    countInBbox: params.extent.kind === 'view' || params.extent.kind === 'bbox',
    overview: params.overview && !wechat,
    groupLabels: false,
  }
  let tiles = 1
  const session = new MapRenderSession()
  let page: RenderedPage
  try {
    page = await renderPage(
      scene,
      params,
      snapshot,
      spec,
      fonts,
      signal,
      (done, total) => {
        tiles = total
        onProgress?.(done, total + 2)
      },
      session,
      new Map(),
    )
  } finally {
    session.close()
  }
  check(signal)
  const stem = fileStem(scene, snapshot, params)
  if (params.format === 'pdf') {
    const blob = await assemblePdf([page], fonts, { title: params.title, author: params.author || snapshot.createdBy, subject: params.names ? '保密资料，请勿外传' : '' }, signal)
    onProgress?.(tiles + 2, tiles + 2)
    return { blob, fileName: `${stem}.pdf`, pages: 1, legend: page.legend, dpi: spec.dpi }
  }
  const canvas = paintPage(page, fonts)
  onProgress?.(tiles + 1, tiles + 2)
  let blob = await canvasBlob(canvas, wechat ? 'image/jpeg' : 'image/png', wechat ? 0.86 : undefined)
  // WeChat recompresses large pictures badly; stay under 2 MB.
  for (let q = 0.78; wechat && blob.size > 2_000_000 && q > 0.4; q -= 0.08) blob = await canvasBlob(canvas, 'image/jpeg', q)
  onProgress?.(tiles + 2, tiles + 2)
  return { blob, fileName: `${stem}.${wechat ? 'jpg' : 'png'}`, width: canvas.width, height: canvas.height, legend: page.legend, dpi: spec.dpi }
}

/** Placed households of one group: their [w, s, e, n], padded so the outermost rings are not cut. */
function groupBbox(m: HouseholdModel, group: number): [number, number, number, number] | null {
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (let i = 0; i < m.count; i++) {
    if (m.group[i] !== group || !m.hasPosition[i]) continue
    const lng = m.positions[2 * i]!
    const lat = m.positions[2 * i + 1]!
    w = Math.min(w, lng)
    e = Math.max(e, lng)
    s = Math.min(s, lat)
    n = Math.max(n, lat)
  }
  if (!Number.isFinite(w)) return null
  const pad = Math.max(e - w, n - s) * 0.06 + 0.0004
  return [w - pad, s - pad, e + pad, n + pad]
}

/** One PDF: the village's overview page, then one page per village group zoomed to it, each with its own legend counts. */
export async function printAtlas(scene: PrintScene, params: PrintParams, snapshot: PrintSnapshot, signal?: AbortSignal, onProgress?: Progress): Promise<PrintOutput> {
  const fonts = await loadPrintFonts()
  const groups = scene.area.groups.map((g) => g.number).filter((g) => groupBbox(scene.model, g) !== null)
  const villageBbox = scene.area.bbox ?? params.extent.bbox
  const mode = params.page.orientation
  const base = { mode, pageMm: pageMm(params.page.size, params.page.orientation), dpi: params.page.dpi } as const
  const specs: PageSpec[] = [
    { ...base, title: params.title, filters: params.filters, bbox: villageBbox, countInBbox: false, overview: false, groupLabels: true },
    ...groups.map(
      (g): PageSpec => ({
        ...base,
        title: `${params.title} · ${scene.t('filters.groupN', { n: g })}`,
        filters: { ...params.filters, group: g },
        bbox: groupBbox(scene.model, g)!,
        countInBbox: false,
        overview: params.overview,
        groupLabels: false,
      }),
    ),
  ]
  const total = specs.length + 1
  const pages: RenderedPage[] = []
  const session = new MapRenderSession()
  const insets = new Map<string, HTMLCanvasElement>()
  try {
    for (const spec of specs) {
      check(signal)
      pages.push(await renderPage(scene, params, snapshot, spec, fonts, signal, () => {}, session, insets))
      onProgress?.(pages.length, total)
    }
  } finally {
    session.close()
  }
  const blob = await assemblePdf(pages, fonts, { title: params.title, author: params.author || snapshot.createdBy, subject: params.names ? '保密资料，请勿外传' : '' }, signal)
  onProgress?.(total, total)
  return { blob, fileName: `${fileStem(scene, snapshot, params)}.pdf`, pages: pages.length, legend: pages[0]!.legend, dpi: params.page.dpi }
}

/**
 * The benchmark's baseline: the same view as the sheet's map, at the whole
 * page's pixel size, captured straight from one map canvas (no layout, fonts,
 * tiling or encoding beyond the canvas's own PNG).
 */
export async function bareSheetCapture(scene: PrintScene, params: PrintParams): Promise<{ blob: Blob; width: number; height: number }> {
  const [pw, ph] = pagePx(params.page.size, params.page.orientation, params.page.dpi)
  const pixelRatio = params.page.dpi / CSS_DPI
  const cssW = Math.floor(pw / pixelRatio / 16) * 16
  const cssH = Math.floor(ph / pixelRatio / 16) * 16
  const frame = sheetFrame(params.extent.bbox, scene.basemap.datum)
  const zoom = zoomForScale(niceScale(frame.fit(cssW, cssH)), frame.lat)
  const blob = await bareCapture({
    style: printBasemapStyle(scene.basemap, scene.tiandituKey, scene.area.boundary ?? null),
    layers: [householdLayer(scene, params, params.filters, scene.model.positions)],
    cssWidth: cssW,
    cssHeight: cssH,
    pixelRatio,
    frame,
    zoom,
  })
  return { blob, width: Math.round(cssW * pixelRatio), height: Math.round(cssH * pixelRatio) }
}

/**
 * The map image alone, as the sheet draws it (same layers, datum, scale rule),
 * for the render tests: `cssWidth × cssHeight` CSS px at `dpi`.
 */
export async function renderSheetMap(scene: PrintScene, params: PrintParams, cssWidth: number, cssHeight: number, dpi: number): Promise<HTMLCanvasElement> {
  const frame = sheetFrame(params.extent.bbox, scene.basemap.datum)
  const zoom = zoomForScale(niceScale(frame.fit(cssWidth, cssHeight)), frame.lat)
  const fonts = await loadPrintFonts()
  return renderMapImage({
    style: printBasemapStyle(scene.basemap, scene.tiandituKey, scene.area.boundary ?? null),
    layers: [householdLayer(scene, params, params.filters, scene.model.positions)],
    cssWidth,
    cssHeight,
    pixelRatio: dpi / CSS_DPI,
    frame,
    zoom,
    fontFamily: fonts.family,
    maxTilePx: scene.maxTilePx,
  })
}
