/**
 * The map-first client in Debian's chromium against the real server (see
 * global-setup.ts). Each test opens its own signed-in page; nothing is shared
 * between cases but the seeded demo village.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Category, Household, HouseholdCollection, VillageStats } from '@cuntu/server/contract'
import { colourDistance, hexRgb, launch, openMap, screenshotSamples, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')

describe.skipIf(!hasChromium)('map-first client', () => {
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let all: HouseholdCollection
  let categories: Category[]

  const api = async <T>(path: string): Promise<T> => {
    const r = await context.request.get(`${baseUrl}${path}`)
    if (!r.ok()) throw new Error(`${path}: ${r.status()}`)
    return (await r.json()) as T
  }
  const placed = (fc: HouseholdCollection) => fc.features.filter((f) => f.geometry !== null)

  /** A new page zoomed in on the household; a click on the map opens its card. */
  async function openCardOf(target: HouseholdCollection['features'][number]) {
    page = await context.newPage()
    const [lng, lat] = target.geometry!.coordinates
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=19.5&lng=${lng}&lat=${lat}`)
    const [x, y] = (await page.evaluate((c) => window.__cuntu!.project(c), [lng, lat] as [number, number]))!
    await page.mouse.click(x, y)
    const card = page.getByTestId('household-card')
    await card.waitFor()
    return card
  }

  beforeAll(async () => {
    browser = await launch()
    context = await signedIn(browser, baseUrl)
    all = await api<HouseholdCollection>(`/api/villages/${VILLAGE}/households`)
    categories = await api<Category[]>('/api/categories')
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('draws every placed household of the demo village', async () => {
    page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    expect(await page.evaluate(() => window.__cuntu!.renderedCount())).toBe(placed(all).length)
    expect(await page.evaluate(() => window.__cuntu!.matchingCount())).toBe(all.features.length)
    // …and they are really on screen: around (nearly) every household some pixel is not the plain background
    // (a ring's centre may be hollow, so look within a few pixels).
    const points = await page.evaluate(
      (coords) => coords.map((c) => window.__cuntu!.project(c)!),
      placed(all).map((f) => f.geometry!.coordinates),
    )
    const samples = await screenshotSamples(page, points, 5)
    const background = [[0xfb, 0xfa, 0xf5], [0xf3, 0xef, 0xe6]]
    const drawn = samples.filter((pxs) => pxs.some((px) => background.every((b) => colourDistance(px, b) > 40))).length
    expect(drawn / points.length).toBeGreaterThan(0.97)
    await page.close()
  })

  it('opens the household card with its members on click, and closes it with Esc', async () => {
    const target = placed(all).find((f) => f.properties.memberCount >= 3)!
    const card = await openCardOf(target)
    const household = await api<Household>(`/api/households/${target.id}`)
    await expect.poll(() => card.getByTestId('member').count()).toBe(household.members.length)
    expect(await card.locator('h2').textContent()).toContain(household.huhao)
    for (const m of household.members) expect(await card.textContent()).toContain(m.name)
    // Focus moved into the card; Esc closes it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card-title')
    await page.keyboard.press('Escape')
    await card.waitFor({ state: 'detached' })
    await page.close()
  })

  it('an edit that crosses another worker\'s save shows both versions field by field; keeping mine saves over theirs', async () => {
    const target = placed(all).find((f) => f.properties.memberCount >= 2)!
    const card = await openCardOf(target)
    await card.getByTestId('edit-household').click()
    const door = card.getByLabel('门牌号')
    await door.fill('榕树巷 8 号')
    await card.getByLabel('住房情况').fill('砖混结构，2023 年加固')

    // Meanwhile a colleague, signed in on another device, saves a different door number.
    const other = await signedIn(browser, baseUrl)
    const { csrfToken } = (await (await other.request.get(`${baseUrl}/api/auth/session`)).json()) as { csrfToken: string }
    const current = await api<Household>(`/api/households/${target.id}`)
    const theirs = await other.request.patch(`${baseUrl}/api/households/${target.id}`, {
      data: { version: current.version, doorNumber: '榕树巷 6 号' },
      headers: { 'x-csrf-token': csrfToken },
    })
    expect(theirs.status(), await theirs.text()).toBe(200)
    await other.close()

    await card.getByRole('button', { name: '保存' }).click()
    const conflict = card.getByTestId('conflict')
    await conflict.waitFor()
    expect(await conflict.textContent()).toContain('此户已被他人修改')
    const doorRow = conflict.locator('tr', { hasText: '门牌号' })
    expect(await doorRow.locator('td').allTextContents()).toEqual(['榕树巷 8 号', '榕树巷 6 号'])
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/cuntu-conflict.png` })

    await conflict.getByRole('button', { name: '保留我的修改' }).click()
    await conflict.waitFor({ state: 'detached' })
    await expect.poll(async () => (await api<Household>(`/api/households/${target.id}`)).doorNumber).toBe('榕树巷 8 号')
    const saved = await api<Household>(`/api/households/${target.id}`)
    expect(saved.housing).toBe('砖混结构，2023 年加固')
    expect(saved.version).toBe(current.version + 2)
    expect(await card.textContent()).toContain('榕树巷 8 号')
    await page.close()
  })

  it('ticks 低保, 精准扶贫 years and a member\'s disability on the card; the legend and the stats follow, and unticking puts it back', async () => {
    const target = placed(all).find((f) => f.properties.categories.length === 0 && f.properties.status === 'active')!
    const card = await openCardOf(target)
    const legend = async () => Number(await page.getByTestId('legend-count-dibao').textContent())
    const dibaoBefore = (await api<VillageStats>(`/api/villages/${VILLAGE}/stats`)).byCategory.dibao ?? 0
    expect(await legend()).toBe(dibaoBefore)
    await card.getByTestId('edit-categories').click()
    await card.getByTestId('edit-cat-dibao').check()
    // 低保 and 低保边缘 exclude each other: the editor says so and will not save the pair.
    await card.getByTestId('edit-cat-dibao_edge').check()
    expect(await card.getByTestId('categories-exclusive').textContent()).toContain('“低保”和“低保边缘”不能同时登记')
    expect(await card.getByTestId('save-categories').isDisabled()).toBe(true)
    await card.getByTestId('edit-cat-dibao_edge').uncheck()
    expect(await card.getByTestId('categories-exclusive').count()).toBe(0)
    await card.getByTestId('edit-cat-poverty_relief').check()
    // A per-year category needs its years before it can be saved.
    expect(await card.getByTestId('save-categories').isDisabled()).toBe(true)
    await card.getByTestId('edit-years-poverty_relief').fill('2017、2018')
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/cuntu-edit-categories.png` })
    await card.getByTestId('save-categories').click()
    await card.getByTestId('edit-categories').waitFor()
    // A saved edit says so.
    expect(await card.getByTestId('card-saved').textContent()).toContain('已保存')
    // The group is written as filters and search write it.
    if (target.properties.group !== null) expect(await card.locator('.card-summary').textContent()).toContain(`第${target.properties.group}组`)
    const saved = await api<Household>(`/api/households/${target.id}`)
    expect(saved.categories.filter((a) => a.memberId === null).map((a) => `${a.code}:${a.year ?? ''}`).sort()).toEqual(['dibao:', 'poverty_relief:2017', 'poverty_relief:2018'])
    expect(saved.categories.every((a) => a.source === 'manual')).toBe(true)
    expect(await card.getByTestId('card-categories').textContent()).toContain('2018年')
    await expect.poll(legend, { timeout: 10_000 }).toBe(dibaoBefore + 1)
    expect((await api<VillageStats>(`/api/villages/${VILLAGE}/stats`)).byCategory.dibao).toBe(dibaoBefore + 1)

    await card.getByTestId('edit-categories').click()
    await card.getByTestId('edit-cat-dibao').uncheck()
    await card.getByTestId('edit-cat-poverty_relief').uncheck()
    await card.getByTestId('save-categories').click()
    await card.getByTestId('edit-categories').waitFor()
    await expect.poll(legend, { timeout: 10_000 }).toBe(dibaoBefore)
    expect((await api<Household>(`/api/households/${target.id}`)).categories).toEqual([])

    // A member's disability: grade and type; the grade puts it under 一二级残疾, and the household shows it.
    const d12 = async () => Number(await page.getByTestId('legend-count-disability_12').textContent())
    const d12Before = await d12()
    const member = card.getByTestId('member').first()
    await member.getByTestId('edit-member-categories').click()
    await member.getByTestId('edit-disability-grade').selectOption('2')
    expect(await member.getByTestId('save-categories').isDisabled()).toBe(true)
    await member.getByTestId('edit-disability-type').selectOption('physical')
    await member.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/cuntu-member-categories.png` })
    await member.getByTestId('save-categories').click()
    await member.getByTestId('edit-member-categories').waitFor()
    expect(await member.textContent()).toContain('肢体')
    await expect.poll(d12, { timeout: 10_000 }).toBe(d12Before + 1)
    const withDisability = await api<Household>(`/api/households/${target.id}`)
    expect(withDisability.categoryCodes).toEqual(['disability_12'])
    expect(withDisability.members[0]!.categories.map((c) => [c.code, c.disabilityType, c.disabilityGrade])).toEqual([['disability_12', 'physical', 2]])
    await member.getByTestId('edit-member-categories').click()
    await member.getByTestId('edit-disability-grade').selectOption('0')
    await member.getByTestId('save-categories').click()
    await member.getByTestId('edit-member-categories').waitFor()
    await expect.poll(d12, { timeout: 10_000 }).toBe(d12Before)
    await page.close()
  })

  it('filtering 低保 shows exactly what the stats API counts, and the legend agrees', async () => {
    page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    await page.getByTestId('filter-cat-dibao').check()
    await expect.poll(() => page.url()).toContain('cats=dibao')
    const stats = await api<VillageStats>(`/api/villages/${VILLAGE}/stats?categories=dibao`)
    const list = await api<HouseholdCollection>(`/api/villages/${VILLAGE}/households?categories=dibao`)
    expect(await page.evaluate(() => window.__cuntu!.matchingCount())).toBe(stats.households)
    expect(await page.evaluate(() => window.__cuntu!.renderedCount())).toBe(placed(list).length)
    expect(Number(await page.getByTestId('legend-count-dibao').textContent())).toBe(stats.byCategory.dibao)
    for (const [code, n] of Object.entries(stats.byCategory)) {
      expect(Number(await page.getByTestId(`legend-count-${code}`).textContent()), code).toBe(n)
    }
    // The same counts survive a reload from the URL (a bookmarked view).
    await openMap(page, page.url())
    expect(await page.evaluate(() => window.__cuntu!.matchingCount())).toBe(stats.households)
    await page.close()
  })

  it('finds each category colour on screen where a household of that category is', async () => {
    page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=17`)
    for (const c of categories) {
      // Households holding this category, active ones first (moved-out rings are drawn faded).
      const holders = placed(all)
        .filter((f) => f.properties.categories.includes(c.code) && f.properties.status === 'active')
        .sort((a, b) => a.properties.categories.length - b.properties.categories.length)
        .slice(0, 3)
      if (holders.length === 0) continue
      let found = false
      for (const h of holders) {
        const [lng, lat] = h.geometry!.coordinates
        await page.evaluate(([lng, lat]) => window.__cuntu!.jumpTo([lng, lat], 18.5), [lng, lat] as [number, number])
        const p = (await page.evaluate((c) => window.__cuntu!.project(c), [lng, lat] as [number, number]))!
        const [pixels] = await screenshotSamples(page, [p], 14)
        if (pixels!.some((px) => colourDistance(px, hexRgb(c.colour)) < 40)) {
          found = true
          break
        }
      }
      expect(found, `${c.code} ${c.colour}`).toBe(true)
    }
    await page.close()
  })

  it('on a phone (360×740) shows the map, the filters drawer and the card as a bottom sheet', async () => {
    const phone = await signedIn(browser, baseUrl, { width: 360, height: 740 })
    page = await phone.newPage()
    const target = placed(all)[0]!
    const [lng, lat] = target.geometry!.coordinates
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=19.5&lng=${lng}&lat=${lat}`)
    const map = await page.getByTestId('map').boundingBox()
    expect(map!.width).toBe(360)
    expect(map!.height).toBeGreaterThan(500)
    await page.getByTestId('open-filters').click()
    // The drawer slides in (a CSS transition): on a loaded machine it takes longer than the poll's default second.
    await expect.poll(async () => (await page.getByTestId('sidebar').boundingBox())!.x, { timeout: 10_000 }).toBeGreaterThanOrEqual(0)
    await page.getByTestId('filter-cat-dibao').waitFor({ state: 'visible' })
    await page.getByRole('button', { name: '关闭筛选' }).click()
    await expect.poll(async () => {
      const b = (await page.getByTestId('sidebar').boundingBox())!
      return b.x + b.width
    }).toBeLessThanOrEqual(0)
    const [x, y] = (await page.evaluate((c) => window.__cuntu!.project(c), [lng, lat] as [number, number]))!
    await page.mouse.click(x, y)
    const card = page.getByTestId('household-card')
    await card.waitFor()
    const box = (await card.boundingBox())!
    expect(box.width).toBe(360)
    expect(box.y + box.height).toBeCloseTo(740, 0)
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/cuntu-phone-card.png` })
    await phone.close()
  })
})
