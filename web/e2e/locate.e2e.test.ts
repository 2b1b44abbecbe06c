/**
 * Finding your way (issue 14) in Debian's chromium against the real server:
 * the legend's list of households not yet placed opens their cards; a
 * household is placed by a map tap or by the phone's position fix (also on
 * the GCJ-02 AMap basemap, stored in WGS84 within 1 m), saved as a versioned,
 * audited edit, and a crossing save shows the conflict view; on a 360×740
 * phone the house the card is about sits above the bottom sheet.
 * Each case places its own household of the demo village's unplaced ones.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { z } from 'zod'
import type { AreaDetail, AuditEntryOut, Household, HouseholdCollection } from '@cuntu/server/contract'
import { DEMO_PASSWORD } from '@cuntu/server/tooling'
import { blankOnlineTiles, launch, metres, openMap, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')
const SHOTS = process.env.TMPDIR ?? '/tmp'


describe.skipIf(!hasChromium)('finding your way: households not yet placed', () => {
  let browser: Browser
  let context: BrowserContext
  let csrf: string
  let bbox: [number, number, number, number]
  /** Unplaced households handed out one per case, so the cases do not depend on each other's order. */
  let unplaced: HouseholdCollection['features']

  const get = async <T>(ctx: BrowserContext, path: string): Promise<T> => {
    const r = await ctx.request.get(`${baseUrl}${path}`)
    if (!r.ok()) throw new Error(`${path}: ${r.status()} ${await r.text()}`)
    return (await r.json()) as T
  }
  const households = () => get<HouseholdCollection>(context, `/api/villages/${VILLAGE}/households`)
  const household = (id: string) => get<Household>(context, `/api/households/${id}`)
  const unplacedCount = async () => (await households()).features.filter((f) => f.geometry === null).length
  /** A ground position inside the village: fractions of its bounding box, west→east and south→north. */
  const inVillage = (fx: number, fy: number): [number, number] => [bbox[0] + (bbox[2] - bbox[0]) * fx, bbox[1] + (bbox[3] - bbox[1]) * fy]
  const take = () => {
    const h = unplaced.shift()
    if (!h) throw new Error('the demo village has run out of unplaced households')
    return h
  }
  const screen = (page: Page, p: [number, number]) => page.evaluate((c) => window.__cuntu!.project(c)!, p)
  const row = (page: Page, id: string) => page.locator(`[data-testid="unplaced-row"][data-id="${id}"]`)

  async function openFromList(page: Page, id: string) {
    const summary = page.getByTestId('unplaced-summary')
    if (!(await page.getByTestId('unplaced').evaluate((d) => (d as HTMLDetailsElement).open))) await summary.click()
    await row(page, id).click()
    const card = page.getByTestId('household-card')
    await card.getByTestId('card-no-location').waitFor()
    return card
  }

  /** The audit log, read by the station lead (workers have no audit viewer). */
  async function auditOf(id: string): Promise<z.infer<typeof AuditEntryOut>[]> {
    const lead = await browser.newContext()
    const r = await lead.request.post(`${baseUrl}/api/auth/login`, { data: { username: 'lead', password: DEMO_PASSWORD } })
    if (!r.ok()) throw new Error(`lead login: ${r.status()}`)
    const rows = await get<z.infer<typeof AuditEntryOut>[]>(lead, `/api/audit?action=household.update&areaCode=${VILLAGE}&limit=500`)
    await lead.close()
    return rows.filter((a) => a.targetIds?.includes(id))
  }

  async function phone(): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale: 'zh-CN' })
    const r = await ctx.request.post(`${baseUrl}/api/auth/login`, { data: { username: 'worker', password: DEMO_PASSWORD } })
    if (!r.ok()) throw new Error(`login: ${r.status()}`)
    return ctx
  }

  beforeAll(async () => {
    browser = await launch()
    context = await signedIn(browser, baseUrl)
    csrf = ((await (await context.request.get(`${baseUrl}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken
    bbox = (await get<AreaDetail>(context, `/api/areas/${VILLAGE}`)).bbox!
    unplaced = (await households()).features.filter((f) => f.geometry === null)
    // The demo village leaves about 2 % unplaced; make sure there are enough for every case (clear a location through the API).
    const placed = (await households()).features.filter((f) => f.geometry !== null)
    while (unplaced.length < 6) {
      const f = placed.pop()!
      const h = await household(f.id)
      const r = await context.request.patch(`${baseUrl}/api/households/${f.id}`, { data: { version: h.version, location: null }, headers: { 'x-csrf-token': csrf } })
      expect(r.status(), await r.text()).toBe(200)
      unplaced.push({ ...f, geometry: null })
    }
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('the legend lists every unplaced household with its 户号 and group, and an entry opens its card', async () => {
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    const n = await unplacedCount()
    const summary = page.getByTestId('unplaced-summary')
    expect(await summary.textContent()).toContain(`另有 ${n} 户尚未定位`)
    await summary.click()
    await expect.poll(() => page.getByTestId('unplaced-row').count()).toBe(n)
    const target = unplaced[0]!
    const text = await row(page, target.id).textContent()
    expect(text).toContain(target.properties.huhao)
    expect(text).toContain(target.properties.group === null ? '未分组' : `第${target.properties.group}组`)
    // Names are not in the list while names are off (the map's download carries none).
    const h = await household(target.id)
    const head = h.members.find((m) => m.relation === '户主')!
    expect(text).not.toContain(head.name)
    await row(page, target.id).click()
    const card = page.getByTestId('household-card')
    await expect.poll(async () => card.locator('h2').textContent()).toContain(target.properties.huhao)
    await card.getByTestId('card-no-location').waitFor()
    expect(await card.getByTestId('locate-tap').textContent()).toBe('在地图上点选位置')
    expect(await card.getByTestId('locate-gps').textContent()).toBe('用手机定位')
    await page.close()

    // With names on (the worker may see them), the list shows the head of household too.
    const named = await context.newPage()
    await openMap(named, `${baseUrl}/?village=${VILLAGE}&names=1`)
    await named.getByTestId('unplaced-summary').click()
    expect(await row(named, target.id).textContent()).toContain(head.name)
    await named.close()
  })

  it('placing by a map tap stores the position as a versioned, audited edit; the house is drawn and the count drops', async () => {
    const target = take()
    const ground = inVillage(0.5, 0.5)
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=19&lng=${ground[0]}&lat=${ground[1]}`)
    const before = await household(target.id)
    const n = await unplacedCount()
    const drawn = await page.evaluate(() => window.__cuntu!.renderedCount())
    const card = await openFromList(page, target.id)
    await card.getByTestId('locate-tap').click()
    expect(await card.getByTestId('locate-hint').textContent()).toContain('在地图上点一下')
    // Focus follows to the placing controls (the button pressed is gone), and back to the card's heading after saving.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('locate-panel')
    // The confirm button appears only once a position is chosen; a tap does not select what is under it.
    expect(await card.getByTestId('locate-confirm').count()).toBe(0)
    const [x, y] = await screen(page, ground)
    await page.mouse.click(x, y)
    await card.getByTestId('locate-confirm').waitFor()
    await page.screenshot({ path: `${SHOTS}/cuntu-locate-tap.png` })
    await card.getByTestId('locate-confirm').click()
    await card.getByTestId('card-saved').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card-title')

    const after = await household(target.id)
    expect(after.location).not.toBeNull()
    expect(metres(after.location!.coordinates, ground)).toBeLessThan(1)
    expect(after.version).toBe(before.version + 1)
    const audit = await auditOf(target.id)
    expect(audit.some((a) => (a.details?.fields as string[] | undefined)?.includes('location'))).toBe(true)
    // Drawn, counted once, gone from the list.
    await expect.poll(() => page.evaluate(() => window.__cuntu!.renderedCount())).toBe(drawn + 1)
    expect(await unplacedCount()).toBe(n - 1)
    await expect.poll(async () => page.getByTestId('unplaced-summary').textContent()).toContain(`另有 ${n - 1} 户尚未定位`)
    expect(await row(page, target.id).count()).toBe(0)
    // Placed now: the card offers to move it instead.
    await card.getByTestId('locate-move').waitFor()
    await page.close()
  })

  it('placing by the phone’s position shows its accuracy before confirming and stores those coordinates within 1 m', async () => {
    const target = take()
    const fix = inVillage(0.3, 0.6)
    await context.grantPermissions(['geolocation'], { origin: baseUrl })
    await context.setGeolocation({ longitude: fix[0], latitude: fix[1], accuracy: 8.4 })
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    const card = await openFromList(page, target.id)
    await card.getByTestId('locate-gps').click()
    expect(await card.getByTestId('locate-accuracy').textContent()).toBe('精度约 8 米')
    // The map shows the fix close enough in to check it against the houses (the URL follows the view).
    await expect.poll(() => Number(new URL(page.url()).searchParams.get('z')), { timeout: 10_000 }).toBeGreaterThanOrEqual(17.99)
    expect(metres(await page.evaluate(() => { const u = new URL(location.href); return [Number(u.searchParams.get('lng')), Number(u.searchParams.get('lat'))] }), fix)).toBeLessThan(5)
    await card.getByTestId('locate-confirm').click()
    await card.getByTestId('card-saved').waitFor()
    const after = await household(target.id)
    expect(metres(after.location!.coordinates, fix)).toBeLessThan(1)
    await page.close()
    await context.clearPermissions()
  })

  it('on the GCJ-02 (AMap) basemap a phone fix (WGS84) and a map tap are both stored in WGS84 within 1 m of the ground position', async () => {
    const [byGps, byTap] = [take(), take()]
    const fix = inVillage(0.7, 0.4)
    const ground = inVillage(0.6, 0.55)
    await context.grantPermissions(['geolocation'], { origin: baseUrl })
    await context.setGeolocation({ longitude: fix[0], latitude: fix[1], accuracy: 5 })
    const page = await context.newPage()
    await blankOnlineTiles(page)
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&basemap=amap&z=19&lng=${ground[0]}&lat=${ground[1]}`)

    let card = await openFromList(page, byGps.id)
    await card.getByTestId('locate-gps').click()
    await card.getByTestId('locate-accuracy').waitFor()
    await card.getByTestId('locate-confirm').click()
    await card.getByTestId('card-saved').waitFor()
    expect(metres((await household(byGps.id)).location!.coordinates, fix)).toBeLessThan(1)

    card = await openFromList(page, byTap.id)
    await card.getByTestId('locate-tap').click()
    // The fix moved the map: bring the ground to tap back into view.
    await page.evaluate((c) => window.__cuntu!.jumpTo(c, 19), ground)
    // The test hook projects WGS84 through the basemap's datum shift, as the drawn households are.
    const [x, y] = await screen(page, ground)
    await page.mouse.click(x, y)
    await card.getByTestId('locate-confirm').click()
    await card.getByTestId('card-saved').waitFor()
    expect(metres((await household(byTap.id)).location!.coordinates, ground)).toBeLessThan(1)
    await page.close()
    await context.clearPermissions()
  })

  it('a denied location permission says so and offers the map tap instead', async () => {
    const target = unplaced[0]!
    const denied = await signedIn(browser, baseUrl)
    // Granting nothing denies the rest, geolocation included.
    await denied.grantPermissions([], { origin: baseUrl })
    const page = await denied.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    const card = await openFromList(page, target.id)
    await card.getByTestId('locate-gps').click()
    const error = card.getByTestId('locate-error')
    await error.waitFor()
    expect(await error.getAttribute('data-failure')).toBe('denied')
    expect(await error.textContent()).toContain('没有定位权限')
    await card.getByTestId('locate-tap').click()
    await card.getByTestId('locate-hint').waitFor()
    await card.getByTestId('locate-cancel').click()
    await card.getByTestId('locate-tap').waitFor()
    expect((await household(target.id)).location).toBeNull()
    await denied.close()
  })

  it('a placement crossing another worker’s save shows both positions; keeping mine saves over theirs', async () => {
    const target = take()
    const mine = inVillage(0.45, 0.35)
    const theirs = inVillage(0.55, 0.65)
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=18&lng=${mine[0]}&lat=${mine[1]}`)
    const card = await openFromList(page, target.id)
    await card.getByTestId('locate-tap').click()
    const [x, y] = await screen(page, mine)
    await page.mouse.click(x, y)
    await card.getByTestId('locate-confirm').waitFor()

    // Meanwhile a colleague places the same household elsewhere.
    const current = await household(target.id)
    const other = await context.request.patch(`${baseUrl}/api/households/${target.id}`, {
      data: { version: current.version, location: { type: 'Point', coordinates: theirs } },
      headers: { 'x-csrf-token': csrf },
    })
    expect(other.status(), await other.text()).toBe(200)

    await card.getByTestId('locate-confirm').click()
    const conflict = card.getByTestId('conflict')
    await conflict.waitFor()
    const cells = await conflict.locator('tr', { hasText: '位置' }).locator('td').allTextContents()
    expect(cells[0]).toContain(mine[1].toFixed(6).slice(0, 8))
    expect(cells[1]).toContain(theirs[1].toFixed(6).slice(0, 8))
    await conflict.getByRole('button', { name: '保留我的修改' }).click()
    await card.getByTestId('card-saved').waitFor()
    const saved = await household(target.id)
    expect(metres(saved.location!.coordinates, mine)).toBeLessThan(1)
    expect(saved.version).toBe(current.version + 2)
    await page.close()
  })

  it('on a 360×740 phone the house the card is about stays above the bottom sheet: opened by a tap on the map, or placed from the list', async () => {
    const ctx = await phone()
    const page = await ctx.newPage()
    // A placed household low on the screen, where the sheet will cover it.
    const house = (await households()).features.find((f) => f.geometry !== null && f.properties.memberCount >= 4)!
    const [lng, lat] = house.geometry!.coordinates
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=18&lng=${lng}&lat=${lat + 0.0005}`)
    const header = (await page.locator('.topbar').boundingBox())!
    const [x, y0] = await screen(page, [lng, lat])
    let y = y0
    expect(y).toBeGreaterThan(500)
    expect(y).toBeLessThan(700)
    await page.touchscreen.tap(x, y)
    const card = page.getByTestId('household-card')
    await expect.poll(() => card.getByTestId('member').count()).toBeGreaterThan(0)
    await page.waitForTimeout(700)
    await page.evaluate(() => window.__cuntu!.idle())
    let sheet = (await card.boundingBox())!
    y = (await screen(page, [lng, lat]))[1]
    await page.screenshot({ path: `${SHOTS}/cuntu-phone-card.png` })
    expect(y).toBeLessThan(sheet.y)
    expect(y).toBeGreaterThan(header.y + header.height)
    // The header is compact: well under a third of the screen (it was 130 px of 740).
    expect(header.height).toBeLessThan(80)

    // Closing the card leaves the map where it is (the sheet's padding goes without a jump).
    await page.keyboard.press('Escape')
    await card.waitFor({ state: 'detached' })
    await page.evaluate(() => window.__cuntu!.idle())
    expect(Math.abs((await screen(page, [lng, lat]))[1] - y)).toBeLessThan(1)

    // From the list: place a household by the phone's position where the sheet would cover it; after saving it is above the sheet.
    const target = take()
    const fix: [number, number] = [lng + 0.0002, lat - 0.0006]
    await ctx.grantPermissions(['geolocation'], { origin: baseUrl })
    await ctx.setGeolocation({ longitude: fix[0], latitude: fix[1], accuracy: 6 })
    await page.getByTestId('open-filters').tap()
    const opened = await openFromList(page, target.id)
    // The drawer closed, so the card is seen.
    await expect.poll(async () => (await page.getByTestId('sidebar').boundingBox())!.x + 100).toBeLessThan(0)
    await opened.getByTestId('locate-gps').tap()
    await opened.getByTestId('locate-accuracy').waitFor()
    await opened.getByTestId('locate-confirm').tap()
    await opened.getByTestId('card-saved').waitFor()
    expect(metres((await household(target.id)).location!.coordinates, fix)).toBeLessThan(1)
    // The map eases the fix into view once the fly has ended: a loaded machine may take a few seconds.
    await expect.poll(async () => {
      await page.evaluate(() => window.__cuntu!.idle())
      return (await screen(page, fix))[1] < (await card.boundingBox())!.y
    }, { timeout: 10_000 }).toBe(true)
    sheet = (await card.boundingBox())!
    y = (await screen(page, fix))[1]
    await page.screenshot({ path: `${SHOTS}/cuntu-phone-placed.png` })
    expect(y).toBeLessThan(sheet.y)
    expect(y).toBeGreaterThan(header.y + header.height)
    await ctx.close()
  })
})
