/**
 * Printed maps in Debian's chromium against the real server: true pixel sizes,
 * legend counts and colours against the stats API, names hidden by default and
 * shown only with the right (checked with poppler on the real PDF), real
 * embedded subset CJK text, the atlas's pages, saved snapshots reopening as
 * the live view, and the audit of every print.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import type { Category, HouseholdCollection, VillageStats } from '@cuntu/server/contract'
import { DEMO_PASSWORD } from '@cuntu/server/tooling'
import { colourDistance, hexRgb, launch, openMap } from './browser.ts'
import { pdffonts, pdfPages, pdftotext, pngSize, printParams, runPrint, saveTemp, waitForPrintHook } from './print-helpers.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')
const SLOW = 300_000

describe.skipIf(!hasChromium)('printed maps', () => {
  let browser: Browser
  const contexts: Record<string, BrowserContext> = {}

  async function as(username: string): Promise<BrowserContext> {
    if (contexts[username]) return contexts[username]
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true })
    const r = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } })
    if (!r.ok()) throw new Error(`login ${username}: ${r.status()}`)
    contexts[username] = context
    return context
  }
  async function open(username: string, query = ''): Promise<Page> {
    const page = await (await as(username)).newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}${query}`)
    return page
  }
  async function api<T>(username: string, path: string): Promise<T> {
    const r = await (await as(username)).request.get(`${baseUrl}${path}`)
    if (!r.ok()) throw new Error(`${path}: ${r.status()}`)
    return (await r.json()) as T
  }
  const printAudits = async () => (await api<{ details: Record<string, unknown>; username: string }[]>('lead', '/api/audit?action=print&limit=200')).length

  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it(
    'A4 300 dpi landscape is exactly 3508 × 2480 px, A3 4961 × 3508 (tiled past a lowered GPU limit too)',
    async () => {
      const page = await open('worker')
      const { bbox } = await waitForPrintHook(page)
      const a4 = await runPrint(page, printParams({ bbox, page: { size: 'A4', orientation: 'landscape', dpi: 300 } }))
      expect(pngSize(Buffer.from(a4.base64!, 'base64'))).toEqual([3508, 2480])
      // Tiles of at most 2048 device px: the map is stitched from several renders and the sheet keeps its size.
      const a3 = await runPrint(page, printParams({ bbox, overview: true, page: { size: 'A3', orientation: 'landscape', dpi: 300 } }), { bytes: true, maxTilePx: 2048 })
      expect(pngSize(Buffer.from(a3.base64!, 'base64'))).toEqual([4961, 3508])
      expect([a3.width, a3.height]).toEqual([4961, 3508])
      await page.close()
    },
    SLOW,
  )

  it(
    'the legend’s counts and colours match the stats API for the same filter',
    async () => {
      const page = await open('worker', '&cats=dibao,wubao')
      const { bbox } = await waitForPrintHook(page)
      const categories = await api<Category[]>('worker', '/api/categories')
      const stats = await api<VillageStats>('worker', `/api/villages/${VILLAGE}/stats?categories=dibao,wubao`)
      const filters = { cats: ['dibao', 'wubao'], match: 'any' as const, group: null, status: null, age: null, dis: null, grade: null, year: null }
      const png = await runPrint(page, printParams({ bbox, filters }))
      const pdf = await runPrint(page, printParams({ bbox, filters, format: 'pdf' }))

      // Counts: the PDF's legend text, row by row, against the stats API.
      const text = pdftotext(saveTemp(Buffer.from(pdf.base64!, 'base64'), 'pdf'), true)
      const shown = categories.filter((c) => (stats.byCategory[c.code] ?? 0) > 0)
      expect(shown.length).toBeGreaterThan(2)
      for (const c of shown) {
        const row = new RegExp(`(?:^|\\s)${c.labelZh.replace(/[()（）]/g, '.')}\\s+(\\d+)\\s+\\d+`, 'm').exec(text)
        expect(row?.[1], c.labelZh).toBe(String(stats.byCategory[c.code]))
      }
      expect(png.legend!.filter((r) => r.colour && r.label !== '户籍已迁出').map((r) => [r.label, r.households])).toEqual(
        shown.map((c) => [c.labelZh, stats.byCategory[c.code]]),
      )

      // Colours: the pixels of each row's ring on the PNG are the registry colour.
      const img = PNG.sync.read(Buffer.from(png.base64!, 'base64'))
      const pxPerMm = png.dpi! / 25.4
      for (const r of png.legend!.filter((x) => x.colour && x.label !== '户籍已迁出')) {
        const [x, y, w] = r.box
        const cx = (x + w / 2) * pxPerMm
        const cy = (y + w / 2) * pxPerMm
        const radius = (w / 2) * pxPerMm * 0.67
        const i = (Math.round(cy - radius) * img.width + Math.round(cx)) * 4
        const pixel = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!]
        expect(colourDistance(pixel, hexRgb(r.colour!)), `${r.label} ${pixel} vs ${r.colour}`).toBeLessThan(40)
      }
      await page.close()
    },
    SLOW,
  )

  it(
    'names hidden by default: no name in the PDF (worker, the default sheet by two clicks); the names-on PDF of the same view has them; real subset text',
    async () => {
      const lead = await open('lead')
      const named = await api<HouseholdCollection>('lead', `/api/villages/${VILLAGE}/households?names=1`)
      const names = [...new Set(named.features.map((f) => f.properties.headName).filter((n): n is string => !!n && n.length >= 2))]
      expect(names.length).toBeGreaterThan(50)
      // A close view of a few households, past the label zoom.
      const placed = named.features.filter((f) => f.geometry)
      const [lng, lat] = placed[0]!.geometry!.coordinates
      const bbox: [number, number, number, number] = [lng - 0.0006, lat - 0.0004, lng + 0.0006, lat + 0.0004]
      const view = { kind: 'bbox' as const, bbox, group: null }
      const before = await printAudits()

      const on = await runPrint(lead, printParams({ bbox, extent: view, format: 'pdf', names: true }))
      const onText = pdftotext(saveTemp(Buffer.from(on.base64!, 'base64'), 'pdf'))
      const inView = placed.filter((f) => {
        const [x, y] = f.geometry!.coordinates
        return x > bbox[0] && x < bbox[2] && y > bbox[1] && y < bbox[3] && f.properties.headName
      })
      expect(inView.length).toBeGreaterThan(0)
      for (const f of inView) expect(onText).toContain(f.properties.headName!)
      expect(onText).toContain('保密资料，请勿外传')
      const off = await runPrint(lead, printParams({ bbox, extent: view, format: 'pdf', names: false }))
      const offText = pdftotext(saveTemp(Buffer.from(off.base64!, 'base64'), 'pdf'))
      for (const n of names) expect(offText.includes(n), n).toBe(false)
      expect(offText).not.toContain('保密资料')

      // The worker's default: open 出图, press 生成 (A3 landscape PDF, current view, no names).
      const page = await open('worker')
      await page.getByTestId('open-print').click()
      await expect.poll(() => page.getByTestId('print-names').isDisabled()).toBe(true)
      await page.getByTestId('print-run').click()
      const link = page.getByTestId('print-download')
      await link.waitFor({ timeout: 240_000 })
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
      const file = await download.path()
      const text = pdftotext(file)
      expect(text).toContain('石桥村 困难群众和特殊群体分布图')
      expect(text).toContain('图例')
      expect(text).toMatch(/比例尺 1:[\d,]+/)
      for (const n of names) expect(text.includes(n), n).toBe(false)
      const fonts = pdffonts(file)
      expect(fonts).toMatch(/^[A-Z]{6}\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/m)
      expect(fonts).toMatch(/^[A-Z]{6}\+NotoSansSC-Bold\s/m)
      expect(await printAudits()).toBe(before + 3)
      await page.close()
      await lead.close()
    },
    SLOW,
  )

  it(
    'a worker cannot print names: 403, nothing saved or audited',
    async () => {
      const page = await open('worker')
      const { bbox } = await waitForPrintHook(page)
      const before = await printAudits()
      const saved = (await api<unknown[]>('worker', `/api/villages/${VILLAGE}/prints`)).length
      const error = await page.evaluate(
        (params) =>
          window.__cuntuPrint!.run(params).then(
            () => null,
            (e: { status?: number; message: string }) => ({ status: e.status, message: e.message }),
          ),
        printParams({ bbox, names: true }),
      )
      expect(error?.status).toBe(403)
      expect(await printAudits()).toBe(before)
      expect((await api<unknown[]>('worker', `/api/villages/${VILLAGE}/prints`)).length).toBe(saved)
      await page.close()
    },
    SLOW,
  )

  it(
    'an atlas has the overview plus one page per group',
    async () => {
      const page = await open('worker')
      const { bbox, groups } = await waitForPrintHook(page)
      const atlas = await runPrint(page, printParams({ bbox, kind: 'atlas', format: 'pdf', overview: true, page: { size: 'A4', orientation: 'landscape', dpi: 150 } }))
      const file = saveTemp(Buffer.from(atlas.base64!, 'base64'), 'pdf')
      expect(groups.length).toBeGreaterThanOrEqual(2)
      expect(pdfPages(file)).toBe(groups.length + 1)
      const text = pdftotext(file)
      for (const g of groups) expect(text).toContain(`第${g}组`)
      await page.close()
    },
    SLOW,
  )

  it(
    'the WeChat image: about 2,000 px on its long side, under 2 MB, shown as a plain <img>',
    async () => {
      const page = await open('worker')
      await page.getByTestId('open-print').click()
      // The segmented control's label takes the click (the radio itself is visually hidden).
      await page.locator('label', { has: page.getByTestId('print-kind-wechat') }).click()
      await page.getByTestId('print-run').click()
      const img = page.getByTestId('wechat-image')
      await img.waitFor({ timeout: 240_000 })
      const size = await img.evaluate((el: HTMLImageElement) => el.decode().then(() => [el.naturalWidth, el.naturalHeight]))
      expect(Math.max(...size)).toBeGreaterThan(1700)
      expect(Math.max(...size)).toBeLessThan(2600)
      // The same blob through the dialog's download link (the page's CSP keeps fetch() off blob: URLs).
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('print-download').dispatchEvent('click')])
      const jpeg = readFileSync(await download.path())
      saveTemp(jpeg, 'jpg')
      expect(jpeg.readUInt16BE(0)).toBe(0xffd8)
      expect(jpeg.length).toBeLessThan(2_000_000)
      await page.close()
    },
    SLOW,
  )

  it(
    'a saved snapshot reopens with the same filters, extent and layers',
    async () => {
      const page = await open('worker', '&cats=disability_12&group=3')
      const { bbox: village } = await waitForPrintHook(page)
      const bbox: [number, number, number, number] = [
        village[0] + (village[2] - village[0]) * 0.2,
        village[1] + (village[3] - village[1]) * 0.2,
        village[0] + (village[2] - village[0]) * 0.6,
        village[1] + (village[3] - village[1]) * 0.6,
      ]
      const filters = { cats: ['disability_12'], match: 'any' as const, group: 3, status: null, age: null, dis: null, grade: null, year: null }
      const r = await runPrint(page, printParams({ bbox, filters, extent: { kind: 'bbox', bbox, group: null } }), { bytes: false })
      await page.close()

      // A fresh page with other filters; reopen from the saved list.
      const other = await open('worker', '&cats=dibao')
      await other.getByTestId('open-print').click()
      const item = other.getByTestId('print-snapshot').first()
      await item.waitFor()
      await item.getByTestId('print-reopen').click()
      await other.getByTestId('print-reopened').waitFor()
      await expect.poll(() => new URL(other.url()).searchParams.get('cats')).toBe('disability_12')
      expect(new URL(other.url()).searchParams.get('group')).toBe('3')
      await other.evaluate(() => window.__cuntu!.idle())
      const shown = await other.evaluate(() => {
        // The map's box on the page.
        const el = document.querySelector('[data-testid="map"]')!.getBoundingClientRect()
        return [el.left, el.top, el.right, el.bottom]
      })
      expect(shown.length).toBe(4)
      const corners = await other.evaluate((b) => [window.__cuntu!.project([b[0], b[3]]), window.__cuntu!.project([b[2], b[1]])], bbox)
      // The saved extent lies inside the map on screen.
      expect(corners[0]![0]).toBeGreaterThanOrEqual(shown[0]! - 1)
      expect(corners[0]![1]).toBeGreaterThanOrEqual(shown[1]! - 1)
      expect(corners[1]![0]).toBeLessThanOrEqual(shown[2]! + 1)
      expect(corners[1]![1]).toBeLessThanOrEqual(shown[3]! + 1)
      // …and fills most of it (it was fitted, not left at the old zoom).
      expect((corners[1]![0] - corners[0]![0]) / (shown[2]! - shown[0]!)).toBeGreaterThan(0.5)
      expect(await other.evaluate(() => window.__cuntu!.renderedCount())).toBeGreaterThan(0)
      const snap = await api<{ params: { layers: string[] } }>('worker', `/api/prints/${r.snapshotId}`)
      expect(snap.params.layers).toEqual(['households'])
      await other.close()
    },
    SLOW,
  )
})
