/**
 * Importing a GeoJSON file into a drawn map in Debian's chromium against the
 * real server: the file chosen in the draw panel, the dry-run report row by row
 * (a bow-tie refused with its reason, an unknown kind listed), a default kind
 * chosen, the refused row skipped, 确认导入; then the features are in the
 * legend and on the map (a click on the imported polygon selects it).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { AreaDetail, DrawnFeature, VillageMap } from '@cuntu/server/contract'
import { launch, openMap, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')
const SHOTS = process.env.TMPDIR ?? '/tmp'

describe.skipIf(!hasChromium)('importing GeoJSON into a drawn map', () => {
  let browser: Browser
  let context: BrowserContext
  let csrf: string
  /** South-east of the village's households, away from what other browser tests draw: [lng, lat] WGS84. */
  let origin: [number, number]
  const at = (dxM: number, dyM: number): [number, number] => [
    Number((origin[0] + dxM / (111_320 * Math.cos((origin[1] * Math.PI) / 180))).toFixed(7)),
    Number((origin[1] + dyM / 110_540).toFixed(7)),
  ]

  const api = async <T>(path: string, init: { method?: string; data?: unknown } = {}): Promise<{ status: number; body: T }> => {
    const r = await context.request.fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', data: init.data as object, headers: { 'x-csrf-token': csrf } })
    const text = await r.text()
    return { status: r.status(), body: (text ? JSON.parse(text) : null) as T }
  }
  const clickAt = async (page: Page, p: [number, number]) => {
    const [x, y] = await page.evaluate((c) => window.__cuntu!.project(c)!, p)
    await page.mouse.click(x, y)
  }

  beforeAll(async () => {
    browser = await launch()
    context = await signedIn(browser, baseUrl)
    csrf = ((await (await context.request.get(`${baseUrl}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken
    const area = (await api<AreaDetail>(`/api/areas/${VILLAGE}`)).body
    origin = [area.bbox![2] + 0.0006, area.bbox![1] - 0.0006]
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('chooses a file, reads the dry-run report, confirms; the features are in the legend and on the map', async () => {
    const name = `导入测试 ${Date.now()}`
    const created = await api<VillageMap>(`/api/villages/${VILLAGE}/maps`, { method: 'POST', data: { name, purpose: 'asset' } })
    expect(created.status).toBe(201)
    const park = [[at(0, 0), at(60, 0), at(60, 40), at(0, 40), at(0, 0)]]
    const bowtie = [[at(100, 0), at(140, 40), at(140, 0), at(100, 40), at(100, 0)]]
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: '导入的公园', kind_label: '公园' }, geometry: { type: 'Polygon', coordinates: park } },
        { type: 'Feature', properties: { name: '导入的志愿队', kind: 'volunteer_team' }, geometry: { type: 'Point', coordinates: at(30, 80) } },
        { type: 'Feature', properties: { name: '蝴蝶结', kind: 'park' }, geometry: { type: 'Polygon', coordinates: bowtie } },
        { type: 'Feature', properties: { name: '不认识的', kind: 'spaceport' }, geometry: { type: 'Point', coordinates: at(70, 80) } },
      ],
    })

    const page = await context.newPage()
    const [lng, lat] = at(30, 30)
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=18&lng=${lng}&lat=${lat}`)
    await page.getByTestId('open-draw').click()
    const panel = page.getByTestId('draw-panel')
    await panel.waitFor()
    await panel.getByRole('radio', { name, exact: true }).first().check()
    // The demo village's own maps are on the legend too: the import adds to what is there.
    const legend = page.getByTestId('drawn-legend')
    const countOf = async (kind: string) => {
      const li = legend.locator(`li[data-kind="${kind}"] [data-testid="drawn-count"]`)
      return (await li.count()) === 0 ? 0 : Number(await li.textContent())
    }
    await legend.locator('li').first().waitFor()
    const parksBefore = await countOf('park')
    const teamsBefore = await countOf('volunteer_team')
    await panel.getByTestId('import-features-open').click()
    await panel.getByTestId('import-features-input').setInputFiles({ name: '村里的资源.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(file) })

    const summary = panel.getByTestId('import-summary')
    await summary.waitFor()
    expect(await summary.textContent()).toContain('可导入 2 个，自动修复 0 个，无法导入 2 个')
    const rows = panel.getByTestId('import-row')
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['created', 'created', 'refused', 'refused'])
    expect(await rows.nth(2).textContent()).toContain('自相交')
    expect(await rows.nth(3).textContent()).toContain('spaceport')
    // Refused rows: nothing can be confirmed until they are dealt with.
    expect(await panel.getByTestId('import-confirm').isDisabled()).toBe(true)
    expect((await api<{ features: DrawnFeature[] }>(`/api/maps/${created.body.id}/features`)).body.features).toHaveLength(0)

    await panel.getByTestId('import-default-kind').selectOption('volunteer_team')
    await expect.poll(async () => summary.textContent()).toContain('可导入 3 个，自动修复 0 个，无法导入 1 个')
    await panel.getByTestId('import-skip-refused').check()
    await page.screenshot({ path: `${SHOTS}/cuntu-draw-import-report.png` })
    await panel.getByTestId('import-confirm').click()
    await page.getByTestId('draw-notice').waitFor()
    expect(await page.getByTestId('draw-notice').textContent()).toContain('已导入 3 个要素到图层“村里的资源”')

    const list = (await api<{ features: DrawnFeature[] }>(`/api/maps/${created.body.id}/features`)).body.features
    expect(list.map((f) => [f.name, f.kind])).toEqual([['导入的公园', 'park'], ['导入的志愿队', 'volunteer_team'], ['不认识的', 'volunteer_team']])
    await expect.poll(() => countOf('park')).toBe(parksBefore + 1)
    expect(await countOf('volunteer_team')).toBe(teamsBefore + 2)

    // On the map: a click inside the imported polygon selects it.
    await page.evaluate(() => window.__cuntu!.idle())
    await clickAt(page, at(30, 20))
    const details = page.getByTestId('feature-details')
    await details.waitFor()
    expect(await details.getByTestId('feature-name').inputValue()).toBe('导入的公园')
    await page.screenshot({ path: `${SHOTS}/cuntu-draw-import-done.png` })
    await page.close()
  })
})
