/** Render tests for printed maps: a folder per case under render/, compared with its expected image (see render/README.md). */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import pixelmatch from 'pixelmatch'
import { launch, openMap, signedIn } from './browser.ts'
import { printParams, waitForPrintHook } from './print-helpers.ts'
import type { PrintFilters } from '@cuntu/server/contract'

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'render')
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')
const UPDATE = process.env.UPDATE_RENDER === '1'

interface Case {
  bbox: [number, number, number, number]
  cssWidth: number
  cssHeight: number
  dpi: number
  filters?: Partial<PrintFilters>
  deidentified?: boolean
  maxTilePx?: number
  sameAs?: string
  threshold?: number
  maxDiffRatio?: number
}

const cases = readdirSync(DIR).filter((d) => existsSync(path.join(DIR, d, 'case.json')))

describe.skipIf(!hasChromium)('print render tests', () => {
  let browser: Browser
  let page: Page
  let village: [number, number, number, number]

  beforeAll(async () => {
    browser = await launch()
    const context = await signedIn(browser, baseUrl)
    page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=440982101201`)
    village = (await waitForPrintHook(page)).bbox
  })
  afterAll(async () => {
    await browser?.close()
  })

  it.each(cases)(
    '%s',
    async (name) => {
      const c = JSON.parse(readFileSync(path.join(DIR, name, 'case.json'), 'utf8')) as Case
      const [w, s, e, n] = village
      const bbox: [number, number, number, number] = [w + (e - w) * c.bbox[0], s + (n - s) * c.bbox[1], w + (e - w) * c.bbox[2], s + (n - s) * c.bbox[3]]
      const base = printParams({ bbox })
      const params = { ...base, extent: { kind: 'bbox' as const, bbox, group: null }, filters: { ...base.filters, ...c.filters }, deidentified: !!c.deidentified }
      const b64 = await page.evaluate(
        ({ params, size }) => window.__cuntuPrint!.map(params, size),
        { params, size: { cssWidth: c.cssWidth, cssHeight: c.cssHeight, dpi: c.dpi, maxTilePx: c.maxTilePx } },
      )
      const actualBytes = Buffer.from(b64, 'base64')
      const expectedFile = path.join(DIR, c.sameAs ?? name, 'expected.png')
      if (UPDATE && !c.sameAs) {
        writeFileSync(expectedFile, actualBytes)
        return
      }
      expect(existsSync(expectedFile), `${expectedFile} is missing: run with UPDATE_RENDER=1 and look at it`).toBe(true)
      const actual = PNG.sync.read(actualBytes)
      const expected = PNG.sync.read(readFileSync(expectedFile))
      expect([actual.width, actual.height]).toEqual([expected.width, expected.height])
      const diff = new PNG({ width: actual.width, height: actual.height })
      const differing = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: c.threshold ?? 0.1 })
      const ratio = differing / (actual.width * actual.height)
      if (ratio > (c.maxDiffRatio ?? 0.005)) {
        writeFileSync(path.join(DIR, name, 'actual.png'), actualBytes)
        writeFileSync(path.join(DIR, name, 'diff.png'), PNG.sync.write(diff))
      }
      expect(ratio, `${name}: ${differing} pixels differ (see ${name}/diff.png)`).toBeLessThanOrEqual(c.maxDiffRatio ?? 0.005)
      // Not blank: a render that lost its layers would still "match" an equally blank expectation.
      expect(new Set(Array.from({ length: 2000 }, (_, i) => actual.data.readUInt32BE(Math.floor((i / 2000) * (actual.data.length / 4)) * 4))).size).toBeGreaterThan(3)
    },
    180_000,
  )
})
