/**
 * Map labels in the real client: each village group named once per cluster of
 * its houses at village zoom (not "1" beside every house), and with names on,
 * no two labels overlapping at house zoom.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import type { HouseholdCollection } from '@cuntu/server/contract'
import { launch, openMap, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')

type Box = { kind: 'place' | 'name'; text: string | null; x: number; y: number; hw: number; hh: number }
const overlap = (a: Box, b: Box) => Math.abs(a.x - b.x) < a.hw + b.hw && Math.abs(a.y - b.y) < a.hh + b.hh

describe.skipIf(!hasChromium)('map labels', () => {
  let browser: Browser
  let context: BrowserContext
  let placed: [number, number][]
  let groups: number[]

  beforeAll(async () => {
    browser = await launch()
    context = await signedIn(browser, baseUrl)
    const r = await context.request.get(`${baseUrl}/api/villages/${VILLAGE}/households`)
    const fc = (await r.json()) as HouseholdCollection
    const withPlace = fc.features.filter((f) => f.geometry !== null)
    placed = withPlace.map((f) => f.geometry!.coordinates as [number, number])
    groups = [...new Set(withPlace.map((f) => f.properties.group).filter((g): g is number => g !== null))].sort((a, b) => a - b)
  })
  afterAll(async () => {
    await browser?.close()
  })

  const centre = (): [number, number] => {
    const xs = placed.map((p) => p[0])
    const ys = placed.map((p) => p[1])
    return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2]
  }

  it('names each village group once at village zoom, not on every house', async () => {
    const page = await context.newPage()
    const [lng, lat] = centre()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=15.5&lng=${lng}&lat=${lat}`)
    const labels = await page.evaluate(() => window.__cuntu!.labels())
    const texts = labels.filter((l) => l.kind === 'place').map((l) => l.text)
    // The demo village's groups each live in one hamlet: one label per group, every group, nothing else.
    expect(texts).toEqual(groups.map((g) => `第${g}组`))
    expect(labels.some((l) => l.kind === 'name')).toBe(false)
    // The per-house group-number layer is gone.
    expect(await page.evaluate(() => window.__cuntu!.layerIds())).not.toContain('households:group-labels')
    // Each label sits among its houses, inside the map.
    const map = (await page.getByTestId('map').boundingBox())!
    for (const l of labels) {
      expect(l.x).toBeGreaterThan(map.x)
      expect(l.x).toBeLessThan(map.x + map.width)
    }
    await page.close()
  })

  it('with names on at house zoom, draws names without any two labels overlapping, and hides the ones that would', async () => {
    const page = await context.newPage()
    // The densest spot: the household with most neighbours within 40 m.
    const near = (a: [number, number], b: [number, number]) => Math.hypot((a[0] - b[0]) * 103_000, (a[1] - b[1]) * 110_600) < 40
    const dense = placed.reduce((best, p) => (placed.filter((q) => near(p, q)).length > placed.filter((q) => near(best, q)).length ? p : best))
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&names=1&z=17.5&lng=${dense[0]}&lat=${dense[1]}`)
    const map = (await page.getByTestId('map').boundingBox())!
    const labels = (await page.evaluate(() => window.__cuntu!.labels())).filter(
      (l) => l.x > map.x && l.x < map.x + map.width && l.y > map.y && l.y < map.y + map.height,
    )
    const names = labels.filter((l) => l.kind === 'name')
    expect(names.length).toBeGreaterThan(10)
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i]!, labels[j]!), `labels ${i} and ${j} overlap`).toBe(false)
    // Some houses in view keep their ring but not their name: the ones whose name would have overlapped.
    const housesInView = await page.evaluate(
      ({ pts, box }) =>
        pts.filter((p) => {
          const [x, y] = window.__cuntu!.project(p)!
          return x > box.x && x < box.x + box.width && y > box.y && y < box.y + box.height
        }).length,
      { pts: placed, box: map },
    )
    expect(names.length).toBeLessThan(housesInView)
    await page.close()
  })
})
