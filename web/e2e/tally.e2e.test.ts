/**
 * The per-group tally on a phone: text column heads (full label as tooltip),
 * every column reachable by scrolling the table sideways, the group names kept
 * in place while it scrolls.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launch, openMap, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')

describe.skipIf(!hasChromium)('per-group tally', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('at 360 px scrolls sideways inside the drawer with the group column sticky, under short text heads', async () => {
    const phone = await signedIn(browser, baseUrl, { width: 360, height: 740 })
    const page = await phone.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    await page.getByTestId('open-filters').click()
    // The drawer slides in from the left: measure once it has arrived.
    await expect.poll(async () => (await page.getByTestId('sidebar').boundingBox())!.x, { timeout: 10_000 }).toBeGreaterThanOrEqual(0)
    const table = page.getByTestId('group-tally')
    await table.scrollIntoViewIfNeeded()

    // Text heads, not colour dots: the short label shown, the full label as the tooltip.
    const heads = await table.locator('thead th[data-code]').evaluateAll((ths) => ths.map((th) => ({ text: th.textContent?.trim(), title: th.getAttribute('title'), code: th.getAttribute('data-code') })))
    expect(heads.length).toBeGreaterThan(8)
    expect(heads.find((h) => h.code === 'disability_12')).toEqual({ code: 'disability_12', text: '残疾1-2级', title: '一二级残疾' })
    expect(heads.every((h) => h.text && h.title)).toBe(true)
    expect(await table.locator('thead .swatch').count()).toBe(0)

    const scroller = page.getByTestId('group-tally-scroll')
    const sidebar = (await page.getByTestId('sidebar').boundingBox())!
    const view = (await scroller.boundingBox())!
    // The table is wider than the drawer, and the scroller stays inside it: nothing is cut off, it scrolls.
    const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth])
    expect(scrollWidth).toBeGreaterThan(clientWidth)
    expect(view.x + view.width).toBeLessThanOrEqual(sidebar.x + sidebar.width + 0.5)

    const firstCell = table.locator('tbody tr').first().locator('th')
    const before = (await firstCell.boundingBox())!
    const lastHead = table.locator('thead th').last()
    await scroller.evaluate((el) => (el.scrollLeft = el.scrollWidth))
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
    const after = (await firstCell.boundingBox())!
    // The group name did not move; the last column came into view.
    expect(after.x).toBeCloseTo(before.x, 0)
    const last = (await lastHead.boundingBox())!
    expect(last.x + last.width).toBeLessThanOrEqual(view.x + view.width + 1)
    // A cell scrolled under the group column is covered by it (the sticky column is opaque and on top).
    const covered = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest('th')?.getAttribute('scope') ?? null,
      { x: after.x + 4, y: after.y + after.height / 2 },
    )
    expect(covered).toBe('row')
    await phone.close()
  })
})
