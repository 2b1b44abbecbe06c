/**
 * An online basemap with no network: its tile requests are made to fail (aborted,
 * or left hanging) with page.route, never sent to the internet. The client must
 * say so and fall back to the offline basemap, not show blank paper.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launch, openMap, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')

describe.skipIf(!hasChromium)('basemap fallback', () => {
  let browser: Browser
  let context: BrowserContext
  beforeAll(async () => {
    browser = await launch()
    context = await signedIn(browser, baseUrl)
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function offlineIsActive(page: Page) {
    await expect.poll(() => page.evaluate(() => window.__cuntu!.tileSources())).toEqual([])
    expect(new URL(page.url()).searchParams.get('basemap')).toBeNull()
    await page.getByTestId('open-settings').click()
    expect(await page.locator('input[name="basemap"]').first().isChecked()).toBe(true)
    expect(await page.getByLabel(/离线|Offline/).first().isChecked()).toBe(true)
  }

  it('OSM tiles refused (no network): says so and switches to the offline basemap', async () => {
    const page = await context.newPage()
    let refused = 0
    await page.route('https://tile.openstreetmap.org/**', (route) => {
      refused++
      return route.abort('internetdisconnected')
    })
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&basemap=osm`)
    const notice = page.getByTestId('basemap-fallback')
    await notice.waitFor({ timeout: 15_000 })
    expect(await notice.textContent()).toContain('底图加载失败（可能没有网络），已切换到离线底图')
    expect(refused).toBeGreaterThan(0)
    await offlineIsActive(page)
    // Dismissed, it stays gone: the offline map is the map now.
    await page.getByRole('button', { name: '知道了' }).click()
    await expect.poll(() => notice.count()).toBe(0)
    await page.close()
  })

  it('tiles that never answer: falls back after the timeout, in English when the UI is English', async () => {
    const page = await context.newPage()
    let asked = 0
    // Never answered, like a network that drops packets; the route is removed at the end so nothing is left hanging.
    await page.route('https://tile.openstreetmap.org/**', () => {
      asked++
    })
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&basemap=osm&lang=en`)
    const notice = page.getByTestId('basemap-fallback')
    await notice.waitFor({ timeout: 20_000 })
    expect(await notice.textContent()).toContain('The basemap did not load (perhaps there is no network); switched to the offline basemap')
    expect(asked).toBeGreaterThan(0)
    await offlineIsActive(page)
    await page.unrouteAll({ behavior: 'ignoreErrors' })
    await page.close()
  })
})
