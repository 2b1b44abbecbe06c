/**
 * A large village is drawn from vector tiles first (issue 12: the 100,000-
 * household village's first frame): its households appear as dots from the
 * area tiles, its list is asked for only once they are on the map (the
 * embedded database answers one query at a time), and the dots give way to
 * the village's own layer when the list arrives. The threshold is lowered for
 * the 400-household demo village, and the list's answer is held back 1.5 s so
 * that the preview can be seen.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launch, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')

describe.skipIf(!hasChromium)('tile preview of a large village', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('draws the households from tiles first, asks for the list once they are drawn, then draws its own layer in their place', async () => {
    const context = await signedIn(browser, baseUrl)
    await context.addInitScript(() => localStorage.setItem('cuntu.tilePreviewFrom', '100'))
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const events: string[] = []
    page.on('response', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith(`/api/areas/${VILLAGE}/tiles/`) && r.status() === 200) events.push(u.searchParams.get('detail') === 'preview' ? 'tile' : 'full tile')
    })
    await page.route(`**/api/villages/${VILLAGE}/households*`, async (route) => {
      events.push('list asked')
      const response = await route.fetch()
      await new Promise((r) => setTimeout(r, 1500))
      await route.fulfill({ response })
    })
    await page.goto(`${baseUrl}/?village=${VILLAGE}`)
    await page.waitForFunction(() => (window.__cuntu?.previewCount() ?? 0) > 0, null, { timeout: 30_000 })
    expect(await page.evaluate(() => window.__cuntu!.ready)).toBe(false)
    expect(await page.getByTestId('map-loading').innerText()).toContain('先显示各户位置')
    // The list waited for the tiles.
    expect(events.indexOf('tile')).toBeGreaterThanOrEqual(0)
    expect(events).not.toContain('full tile')
    expect(events.indexOf('list asked') === -1 || events.indexOf('list asked') > events.indexOf('tile')).toBe(true)

    await page.waitForFunction(() => window.__cuntu?.ready === true && window.__cuntu.renderedCount() > 0, null, { timeout: 30_000 })
    await page.evaluate(() => window.__cuntu!.idle())
    expect(await page.evaluate(() => window.__cuntu!.previewCount())).toBe(0)
    expect(await page.evaluate(() => window.__cuntu!.styleLayerIds())).not.toContain('area-households-dots')
    expect(await page.getByTestId('map-loading').count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  }, 90_000)

  it('leaves a small village as it was: no tiles, the list asked for at once', async () => {
    const context = await signedIn(browser, baseUrl)
    const page = await context.newPage()
    const tiles: string[] = []
    page.on('request', (r) => {
      if (r.url().includes('/tiles/')) tiles.push(r.url())
    })
    await page.goto(`${baseUrl}/?village=${VILLAGE}`)
    await page.waitForFunction(() => window.__cuntu?.ready === true && window.__cuntu.renderedCount() > 0, null, { timeout: 30_000 })
    expect(tiles).toEqual([])
    expect(await page.evaluate(() => window.__cuntu!.previewCount())).toBe(0)
    await context.close()
  }, 60_000)
})
