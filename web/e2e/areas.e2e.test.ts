/**
 * Any area on one screen (issue 12): the station lead opens the township from
 * ?area=, sees its villages with counts equal to the stats API, changes a
 * category filter (counts follow without a reload), drills into a village and
 * opens a card; the bureau opens the county.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { AreaStats, HouseholdCollection } from '@cuntu/server/contract'
import { DEMO_PASSWORD } from '@cuntu/server/tooling'
import { launch } from './browser.ts'

const TOWNSHIP = '440982101000'
const COUNTY = '440982000000'
const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl').replace('//127.0.0.1:', '//localhost:')
const hasChromium = inject('chromium')

describe.skipIf(!hasChromium)('areas above the village in the browser', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function signIn(username: string, path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const r = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } })
    if (!r.ok()) throw new Error(`login failed: ${r.status()} ${await r.text()}`)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${baseUrl}${path}`)
    await page.getByTestId('area-view').waitFor({ timeout: 30_000 })
    expect(errors).toEqual([])
    return page
  }

  const stats = async (page: Page, code: string, query = '') =>
    (await (await page.context().request.get(`${baseUrl}/api/areas/${code}/stats${query}`)).json()) as AreaStats

  it('the lead opens the township: village counts equal the stats API, a filter updates them in place, a village drills down to a card', async () => {
    const page = await signIn('lead', `/?area=${TOWNSHIP}`)
    const expected = await stats(page, TOWNSHIP)
    const row = page.getByTestId(`area-row-${VILLAGE}`)
    await expect.poll(() => row.getByTestId('households').innerText()).toBe(String(expected.children.find((c) => c.code === VILLAGE)!.households))
    await expect.poll(() => page.getByTestId('area-total').innerText()).toContain(String(expected.households))
    await expect.poll(() => page.getByTestId('breadcrumbs').innerText()).toContain(expected.name)

    // Tick 低保: counts follow, the page does not reload.
    await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 42))
    await page.getByTestId('area-cat-dibao').check()
    const dibao = await stats(page, TOWNSHIP, '?categories=dibao')
    await expect.poll(() => row.getByTestId('households').innerText()).toBe(String(dibao.children.find((c) => c.code === VILLAGE)!.households))
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(42)
    expect(page.url()).toContain('cats=dibao')

    // Drill into the village: its map, then a card.
    await row.getByRole('button').click()
    await page.waitForFunction(() => window.__cuntu?.ready === true && window.__cuntu.renderedCount() > 0, null, { timeout: 30_000 })
    expect(page.url()).toContain(`village=${VILLAGE}`)
    const list = (await (await page.context().request.get(`${baseUrl}/api/villages/${VILLAGE}/households?categories=dibao`)).json()) as HouseholdCollection
    const f = list.features.find((h) => h.geometry)!
    const [lng, lat] = f.geometry!.coordinates
    await page.evaluate(([lng, lat]) => window.__cuntu!.jumpTo([lng, lat], 19.5), [lng, lat] as [number, number])
    await page.evaluate(() => window.__cuntu!.idle())
    const [x, y] = (await page.evaluate((c) => window.__cuntu!.project(c), [lng, lat] as [number, number]))!
    await page.mouse.click(x, y)
    await page.getByTestId('household-card').waitFor()
    // And back up to the township from the village's top bar.
    await page.getByTestId('up-area').click()
    await page.getByTestId('area-view').waitFor()
    await page.context().close()
  })

  it('the bureau opens the county and sees its townships', async () => {
    const page = await signIn('bureau', `/?area=${COUNTY}`)
    const expected = await stats(page, COUNTY)
    expect(expected.children.length).toBeGreaterThan(0)
    for (const c of expected.children.filter((c) => c.households > 0)) {
      await expect.poll(() => page.getByTestId(`area-row-${c.code}`).getByTestId('households').innerText()).toBe(String(c.households))
    }
    await page.context().close()
  })
})
