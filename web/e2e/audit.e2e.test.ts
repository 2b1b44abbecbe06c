/**
 * The station lead's audit viewer in the browser: a household the worker
 * opened is shown by its 户号, and details read as words in the UI's
 * language ("按姓名搜索 · 命中 1 户"), not "hits=1 · kind=name".
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import type { HouseholdCollection } from '@cuntu/server/contract'
import { DEMO_PASSWORD } from '@cuntu/server/tooling'
import { launch } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')

describe.skipIf(!hasChromium)('audit viewer', () => {
  let browser: Browser
  let lead: BrowserContext
  let viewed: { id: string; huhao: string }

  async function as(username: string): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const r = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } })
    if (!r.ok()) throw new Error(`login ${username}: ${r.status()}`)
    return context
  }

  beforeAll(async () => {
    browser = await launch()
    // The worker opens one household's card and searches for another by its head's name (both audited).
    const worker = await as('worker')
    const list = (await (await worker.request.get(`${baseUrl}/api/villages/${VILLAGE}/households?names=1`)).json()) as HouseholdCollection
    const [a, b] = list.features.filter((f) => f.properties.headName)
    viewed = { id: a!.properties.id, huhao: a!.properties.huhao }
    const v = await worker.request.get(`${baseUrl}/api/households/${viewed.id}`)
    expect(v.ok(), `${v.status()} ${await v.text()}`).toBe(true)
    const csrf = ((await (await worker.request.get(`${baseUrl}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken
    const s = await worker.request.post(`${baseUrl}/api/villages/${VILLAGE}/search`, { data: { q: b!.properties.headName }, headers: { 'x-csrf-token': csrf } })
    expect(s.ok(), `${s.status()} ${await s.text()}`).toBe(true)
    await worker.close()
    lead = await as('lead')
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function openLog(url: string) {
    const page = await lead.newPage()
    await page.goto(url)
    await page.getByTestId('open-admin').click()
    const log = page.getByTestId('audit-log')
    await log.waitFor()
    await expect.poll(() => log.getByTestId('audit-row').count()).toBeGreaterThan(0)
    return { page, log }
  }

  it('shows the household the worker opened by its 户号, and the search in Chinese words', async () => {
    const { page, log } = await openLog(`${baseUrl}/?village=${VILLAGE}`)
    await log.getByTestId('audit-action').selectOption('household.view')
    const row = log.locator(`[data-testid=audit-row][data-targets~="${viewed.id}"]`).first()
    await row.waitFor()
    const target = row.locator('code.huhao')
    expect(await target.textContent()).toBe(viewed.huhao)
    // The full id is still there for whoever needs it, as the tooltip.
    expect(await target.getAttribute('title')).toBe(viewed.id)

    await log.getByTestId('audit-action').selectOption('search')
    const search = log.locator('[data-testid=audit-row][data-action=search]').filter({ hasText: 'worker' }).first()
    await search.waitFor()
    const text = (await search.textContent()) ?? ''
    expect(text).toMatch(/按姓名搜索 · 检索词 \d+ 字 · 命中 \d+ 户/)
    expect(text).not.toMatch(/hits=|kind=|length=/)
    await page.close()
  })

  it('says the details in English when the UI is English', async () => {
    const { page, log } = await openLog(`${baseUrl}/?village=${VILLAGE}&lang=en`)
    await log.getByTestId('audit-action').selectOption('search')
    const search = log.locator('[data-testid=audit-row][data-action=search]').filter({ hasText: 'worker' }).first()
    await search.waitFor()
    expect(await search.textContent()).toMatch(/search by name · query \d+ characters · \d+ hits?/)
    await page.close()
  })
})
