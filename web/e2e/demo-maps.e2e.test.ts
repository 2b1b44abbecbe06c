/**
 * A new user's first start: the demo village's three drawn maps are in the
 * draw panel and the legend (kinds with counts, as the API has them), and the
 * base sketch chosen as the basemap is drawn from the village's own features
 * (water blue inside the pond, fields green) with nothing fetched from beyond
 * 127.0.0.1: no tiles, no glyphs, no fonts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { DrawnFeature, VillageMap } from '@cuntu/server/contract'
import { colourDistance, hexRgb, launch, openMap, screenshotSamples, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')
const SHOTS = process.env.TMPDIR ?? '/tmp'

describe.skipIf(!hasChromium)('the demo village’s drawn maps on first start', () => {
  let browser: Browser
  let context: BrowserContext
  let maps: VillageMap[]
  const features = new Map<string, DrawnFeature[]>()

  beforeAll(async () => {
    browser = await launch()
    context = await signedIn(browser, baseUrl)
    maps = (await (await context.request.get(`${baseUrl}/api/villages/${VILLAGE}/maps`)).json()) as VillageMap[]
    for (const m of maps) features.set(m.id, ((await (await context.request.get(`${baseUrl}/api/maps/${m.id}/features`)).json()) as { features: DrawnFeature[] }).features)
  })
  afterAll(async () => {
    await browser?.close()
  })

  /** Every request that would leave the machine is refused and remembered: the test fails on any. */
  async function offlinePage(): Promise<{ page: Page; remote: string[] }> {
    const page = await context.newPage()
    const remote: string[] = []
    await page.route(/^(?!https?:\/\/127\.0\.0\.1[:/])[a-z]+:\/\//, (route) => {
      if (!/^(data|blob):/.test(route.request().url())) remote.push(route.request().url())
      return route.abort()
    })
    return { page, remote }
  }

  /** The demo's maps by name (other test files in the same run may have added their own). */
  const demoMap = (name: string) => maps.find((m) => m.name === name)!
  const feature = (map: string, name: string) => features.get(demoMap(map).id)!.find((f) => f.name === name)!

  it('lists the three maps in the draw panel and the drawn kinds with their counts in the legend', async () => {
    expect(['村庄底图', '2026 资源地图', '需求地图'].map((n) => demoMap(n)?.purpose)).toEqual(['base', 'asset', 'need'])
    const { page, remote } = await offlinePage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    await page.getByTestId('open-draw').click()
    const panel = page.getByTestId('draw-panel')
    await panel.waitFor()
    for (const m of maps) await panel.getByText(m.name, { exact: true }).first().waitFor()

    const legend = page.getByTestId('drawn-legend')
    await legend.waitFor()
    const expected = new Map<string, number>()
    for (const list of features.values()) for (const f of list) expected.set(f.kind, (expected.get(f.kind) ?? 0) + 1)
    await expect.poll(() => legend.locator('li').count()).toBe(expected.size)
    for (const [kind, n] of expected) expect(await legend.locator(`li[data-kind="${kind}"] [data-testid="drawn-count"]`).textContent(), kind).toBe(String(n))
    expect(expected.get('waterlogging')).toBeGreaterThan(0)
    expect(remote).toEqual([])
    await page.close()
  })

  it('draws the base sketch as the basemap, chosen in settings and kept in the URL, with nothing fetched from outside', async () => {
    const { page, remote } = await offlinePage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    await page.getByTestId('open-settings').click()
    await page.getByTestId('basemap-sketch').check()
    await page.getByTestId('open-settings').click()
    await expect.poll(() => new URL(page.url()).searchParams.get('basemap')).toBe('sketch')
    await expect.poll(() => page.evaluate(() => window.__cuntu!.styleLayerIds())).toEqual(expect.arrayContaining(['sketch-road', 'sketch-water-area', 'sketch-field']))
    const deck = await page.evaluate(() => window.__cuntu!.layerIds())
    // Its names come from deck.gl under everything else; the base map's own overlay layers make way for it.
    expect(deck[0]).toBe('sketch-labels')
    for (const l of maps.filter((m) => m.purpose === 'base').flatMap((m) => m.layers)) expect(deck).not.toContain(`layer-${l.id}`)

    // Close in on the pond and a field: sample half-way between the middle (its label) and a corner.
    const pond = feature('村庄底图', '大塘').geometry as { coordinates: number[][][] }
    const field = feature('村庄底图', '西垌田').geometry as { coordinates: number[][][] }
    const inside = (ring: number[][], corner: number): [number, number] => {
      const pts = ring.slice(0, -1)
      const c = [pts.reduce((s, p) => s + p[0]!, 0) / pts.length, pts.reduce((s, p) => s + p[1]!, 0) / pts.length]
      return [(c[0]! + ring[corner]![0]!) / 2, (c[1]! + ring[corner]![1]!) / 2]
    }
    const pondAt = inside(pond.coordinates[0]!, 0)
    await page.evaluate((p) => window.__cuntu!.jumpTo(p, 18), pondAt)
    await page.evaluate(() => window.__cuntu!.idle())
    const [pondPx] = await screenshotSamples(page, [(await page.evaluate((p) => window.__cuntu!.project(p)!, pondAt))], 2)
    await page.screenshot({ path: `${SHOTS}/cuntu-sketch-basemap.png` })
    const near = (samples: [number, number, number][], hex: string) => Math.min(...samples.map((s) => colourDistance(s, hexRgb(hex))))
    expect(near(pondPx!, '#9fd0ee'), 'the pond is water blue').toBeLessThan(20)
    const fieldAt = inside(field.coordinates[0]!, 1)
    await page.evaluate((p) => window.__cuntu!.jumpTo(p, 18), fieldAt)
    const [fieldPx] = await screenshotSamples(page, [(await page.evaluate((p) => window.__cuntu!.project(p)!, fieldAt))], 2)
    expect(near(fieldPx!, '#dcedc8'), 'the field is light green').toBeLessThan(20)

    // Kept in the URL: a reload opens on the sketch again.
    await page.reload()
    await page.waitForFunction(() => window.__cuntu?.ready === true && window.__cuntu.renderedCount() > 0)
    await expect.poll(() => page.evaluate(() => window.__cuntu!.styleLayerIds())).toContain('sketch-road')
    expect(await page.getByTestId('basemap-fallback').count()).toBe(0)
    expect(remote).toEqual([])
    await page.close()
  })
})
