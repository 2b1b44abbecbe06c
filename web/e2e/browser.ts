/** Helpers for the browser tests: signed-in contexts, waiting for the map, reading pixels. */
import { metresBetween } from '../src/map/datum-edge.ts'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { CHROMIUM_PATH, launch } from '@cuntu/scripts/chromium'
import { DEMO_PASSWORD } from '@cuntu/server/tooling'

export { CHROMIUM_PATH, launch }

/** A context signed in as the demo village's social worker. */
export async function signedIn(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' })
  const r = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username: 'worker', password: DEMO_PASSWORD } })
  if (!r.ok()) throw new Error(`login failed: ${r.status()} ${await r.text()}`)
  return context
}

/** Open a view and wait until the households are drawn. */
export async function openMap(page: Page, url: string): Promise<void> {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url)
  await page.waitForFunction(() => window.__cuntu?.ready === true && window.__cuntu.renderedCount() > 0, null, { timeout: 30_000 })
  await page.evaluate(() => window.__cuntu!.idle())
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
}

/**
 * Take a real page screenshot and, for each point (page CSS px), return the
 * RGB pixels within `radius` of it. Decoded in the page, so no PNG library is needed.
 */
export async function screenshotSamples(page: Page, points: [number, number][], radius: number): Promise<[number, number, number][][]> {
  const png = (await page.screenshot()).toString('base64')
  return page.evaluate(
    async ({ b64, points, radius }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
      const c = document.createElement('canvas')
      c.width = bmp.width
      c.height = bmp.height
      const ctx = c.getContext('2d')!
      ctx.drawImage(bmp, 0, 0)
      const img = ctx.getImageData(0, 0, c.width, c.height)
      const scale = bmp.width / window.innerWidth
      return points.map(([px, py]) => {
        const out: [number, number, number][] = []
        for (let dy = -radius; dy <= radius; dy++)
          for (let dx = -radius; dx <= radius; dx++) {
            if (dx * dx + dy * dy > radius * radius) continue
            const x = Math.round((px + dx) * scale)
            const y = Math.round((py + dy) * scale)
            if (x < 0 || y < 0 || x >= img.width || y >= img.height) continue
            const i = (y * img.width + x) * 4
            out.push([img.data[i]!, img.data[i + 1]!, img.data[i + 2]!])
          }
        return out
      })
    },
    { b64: png, points, radius },
  )
}

export const colourDistance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!)

export function hexRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16)
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255]
}

/** Ground distance in metres between two WGS84 [lng, lat] (the map's own measure, for GeoJSON positions). */
export const metres = (a: readonly number[], b: readonly number[]) => metresBetween([a[0]!, a[1]!], [b[0]!, b[1]!])

/** A 1×1 transparent PNG. */
const BLANK_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64')

/** Online basemaps cannot load here (no network in tests): answer every request that leaves 127.0.0.1 with a blank tile, so the map settles. */
export async function blankOnlineTiles(page: Page): Promise<void> {
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_PNG }))
}
