/**
 * Accounts, scoping and the audit log in the browser (issue 3): each demo role
 * signs in through the sign-in form and sees exactly its scope; a supervisor
 * breaks the glass with a reason; a station lead manages accounts; and the
 * lead's audit viewer lists the household views and searches the worker made
 * earlier in this run. The cases run in order and share one server (see
 * global-setup.ts); each signs in with its own browser context.
 *
 * Set CUNTU_SCREENSHOTS=<dir> to also save desktop and phone screenshots of
 * the audit viewer, the account list and the break-the-glass prompt.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { HouseholdCollection } from '@cuntu/server/contract'
import { base32Decode, DEMO_PASSWORD, hotp } from '@cuntu/server/tooling'
import { launch } from './browser.ts'

const VILLAGE = '440982101201'
// localhost, not 127.0.0.1: chromium keeps the `__Host-` (Secure) session cookie a page sets over plain http only on localhost.
const baseUrl = inject('baseUrl').replace('//127.0.0.1:', '//localhost:')
const hasChromium = inject('chromium')
const SHOTS = process.env.CUNTU_SCREENSHOTS
const PHONE = { width: 360, height: 740 }
const DESKTOP = { width: 1280, height: 800 }

/** The current TOTP code for a base32 secret (RFC 6238, 30 s steps). */
const totpNow = (secret: string) => hotp(base32Decode(secret), Math.floor(Date.now() / 30_000))
/** The next step's code (accepted for clock drift): a code is good once, so the one that enabled the factor cannot sign in. */
const totpNext = (secret: string) => hotp(base32Decode(secret), Math.floor(Date.now() / 30_000) + 1)

describe.skipIf(!hasChromium)('accounts, scope and audit in the browser', () => {
  let browser: Browser
  let placed: HouseholdCollection['features']
  /** Household ids whose cards the worker opened in the browser. */
  const viewedByWorker: string[] = []
  const newUser = `e2e.worker${process.pid}`
  const newPassword = 'quiet river stone 4'

  beforeAll(async () => {
    browser = await launch()
    if (SHOTS) mkdirSync(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
  })

  async function shoot(page: Page, name: string) {
    if (!SHOTS) return
    await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`) })
    const size = page.viewportSize()!
    await page.setViewportSize(PHONE)
    await page.waitForTimeout(300)
    await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`) })
    await page.setViewportSize(size)
  }

  /** A fresh browser signed in through the sign-in form; waits for the map unless told otherwise. */
  async function signIn(username: string, password = DEMO_PASSWORD, { waitMap = true } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    const responses: string[] = []
    page.on('response', (r) => { if (r.url().includes('/api/')) responses.push(`${r.status()} ${r.url()}`) })
    await page.goto(`${baseUrl}/?village=${VILLAGE}`)
    await page.locator('input[name=username]').fill(username)
    await page.locator('input[name=password]').fill(password)
    await page.locator('button[type=submit]').click()
    try {
      if (waitMap) await mapReady(page)
    } catch (e) {
      throw new Error(`${(e as Error).message}\npage: ${await page.locator('body').innerText()}\nerrors: ${errors.join('; ')}\n${responses.join('\n')}`, { cause: e })
    }
    expect(errors).toEqual([])
    return page
  }

  async function mapReady(page: Page) {
    await page.waitForFunction(() => window.__cuntu?.ready === true && window.__cuntu.renderedCount() > 0, null, { timeout: 30_000 })
    await page.evaluate(() => window.__cuntu!.idle())
  }

  /** Click a household on the map (zoomed in on it) and wait for its card. */
  async function openCard(page: Page, f: HouseholdCollection['features'][number]) {
    const [lng, lat] = f.geometry!.coordinates
    await page.evaluate(([lng, lat]) => window.__cuntu!.jumpTo([lng, lat], 19.5), [lng, lat] as [number, number])
    const [x, y] = (await page.evaluate((c) => window.__cuntu!.project(c), [lng, lat] as [number, number]))!
    await page.mouse.click(x, y)
    const card = page.getByTestId('household-card')
    await card.waitFor()
    return card
  }

  async function closeCard(page: Page) {
    await page.keyboard.press('Escape')
    await page.getByTestId('household-card').waitFor({ state: 'detached' })
  }

  it('a first visit in demo mode signs in with one click on a demo role and lands on the coloured village', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(`${baseUrl}/?village=${VILLAGE}`)
    const demo = page.getByTestId('demo-signins')
    await demo.waitFor()
    expect(await demo.textContent()).toContain(DEMO_PASSWORD)
    expect(await demo.getByRole('button').count()).toBe(5)
    await shoot(page, 'demo-signin')
    await page.getByTestId('demo-worker').click()
    await mapReady(page)
    expect(await page.evaluate(() => window.__cuntu!.matchingCount())).toBe(400)
    await context.close()
  })

  it('worker: the demo village with names and search, cards open; no 管理 button', async () => {
    const page = await signIn('worker')
    const r = await page.context().request.get(`${baseUrl}/api/villages/${VILLAGE}/households`)
    placed = ((await r.json()) as HouseholdCollection).features.filter((f) => f.geometry !== null && f.properties.memberCount >= 2)
    expect(placed.length).toBeGreaterThan(3)

    await expect.poll(() => page.getByTestId('search').count()).toBe(1)
    expect(await page.getByTestId('open-admin').count()).toBe(0)

    // Two cards opened by clicking on the map; which household opened is read from the card's 户号.
    const byHuhao = new Map(placed.map((f) => [f.properties.huhao, f.id]))
    for (const f of placed.slice(0, 2)) {
      const card = await openCard(page, f)
      await expect.poll(() => card.getByTestId('member').count()).toBeGreaterThan(0)
      expect(await card.getByTestId('edit-household').count()).toBe(1)
      const heading = (await card.locator('h2').textContent())!
      const opened = [...byHuhao].find(([k]) => heading.endsWith(` ${k}`))
      expect(opened, heading).toBeDefined()
      viewedByWorker.push(opened![1])
      await closeCard(page)
    }

    // One more through search by 户号 (what the card heading shows).
    const target = placed[2]!
    const h = await (await page.context().request.get(`${baseUrl}/api/households/${target.id}`)).json()
    viewedByWorker.push(target.id)
    await page.getByTestId('search').fill(h.huhao)
    await page.getByRole('option').first().waitFor()
    await page.getByTestId('search').press('Enter')
    const card = page.getByTestId('household-card')
    await card.waitFor()
    await expect.poll(() => card.locator('h2').textContent()).toContain(h.huhao)
    await page.context().close()
  })

  it('supervisor: map without names and no search; the card asks to break the glass, then opens', async () => {
    const page = await signIn('supervisor')
    expect(await page.getByTestId('search').count()).toBe(0)
    expect(await page.getByTestId('open-admin').count()).toBe(0)
    await page.getByTestId('open-settings').click()
    expect(await page.getByTestId('names-toggle').isDisabled()).toBe(true)
    await page.getByTestId('open-settings').click()

    const target = placed[3]!
    const card = await openCard(page, target)
    const prompt = card.getByTestId('break-glass')
    await prompt.waitFor()
    expect(await prompt.textContent()).toContain('审计日志')
    expect(await card.getByTestId('member').count()).toBe(0)
    await shoot(page, 'break-glass')

    // Too short a reason: the server's rule, shown in the form.
    await prompt.getByTestId('break-glass-reason').fill('看看')
    await prompt.getByTestId('break-glass-submit').click()
    await expect.poll(() => prompt.getByRole('alert').textContent()).toContain('10')

    await prompt.getByTestId('break-glass-reason').fill('核实该户临时救助申请的家庭成员情况')
    await prompt.getByTestId('break-glass-submit').click()
    await expect.poll(() => card.getByTestId('member').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(await card.getByTestId('break-glass').count()).toBe(0)
    // Read-only role: no edit controls.
    expect(await card.getByTestId('edit-household').count()).toBe(0)
    // namedVillages now holds the village: search is offered.
    await expect.poll(() => page.getByTestId('search').count()).toBe(1)
    await page.context().close()
  })

  it('civil-affairs admin: reads the card, but no edit buttons and no 管理', async () => {
    const page = await signIn('bureau')
    expect(await page.getByTestId('open-admin').count()).toBe(0)
    const card = await openCard(page, placed[0]!)
    await expect.poll(() => card.getByTestId('member').count()).toBeGreaterThan(0)
    expect(await card.getByTestId('edit-household').count()).toBe(0)
    expect(await card.getByRole('button', { name: /^编辑/ }).count()).toBe(0)
    await page.context().close()
  })

  it("station lead: the audit viewer lists the worker's card views and searches from this run", async () => {
    const page = await signIn('lead')
    await page.getByTestId('open-admin').click()
    const log = page.getByTestId('audit-log')
    await log.waitFor()
    await expect.poll(() => log.getByTestId('audit-row').count()).toBeGreaterThan(0)

    // Every card the worker opened, as household.view rows by worker with the household's id.
    await log.getByTestId('audit-action').selectOption('household.view')
    await expect
      .poll(async () => {
        const actions = await log.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))
        return actions.length > 0 && actions.every((a) => a === 'household.view')
      })
      .toBe(true)
    const views = async () =>
      log.getByTestId('audit-row').evaluateAll((rows) =>
        rows.map((r) => ({ who: r.querySelector('strong')?.textContent, targets: r.getAttribute('data-targets') ?? '', text: r.textContent ?? '' })),
      )
    const rows = await views()
    // The households' 户号, from the list (no names, so this read is not itself audited).
    const list = (await (await page.request.get(`${baseUrl}/api/villages/${VILLAGE}/households`)).json()) as HouseholdCollection
    const huhaoOf = new Map(list.features.map((f) => [f.properties.id, f.properties.huhao]))
    for (const id of viewedByWorker) {
      const row = rows.find((r) => r.who === 'worker' && r.targets.split(' ').includes(id))
      expect(row, `household.view of ${id} by worker in ${JSON.stringify(rows.map((r) => [r.who, r.targets]))}`).toBeDefined()
      // The household by its 户号 (the id stays in the tooltip).
      expect(row!.text).toContain(huhaoOf.get(id)!)
      expect(row!.text).toContain('社工')
    }
    // The supervisor's view after breaking the glass is there too.
    expect(rows.some((r) => r.who === 'supervisor' && r.targets.includes(placed[3]!.id))).toBe(true)

    // The worker's search, and the supervisor's stated reason.
    await log.getByTestId('audit-action').selectOption('search')
    await expect.poll(() => log.locator('[data-testid=audit-row][data-action=search]').filter({ hasText: 'worker' }).count()).toBeGreaterThan(0)
    await log.getByTestId('audit-action').selectOption('break_glass')
    await expect.poll(() => log.getByTestId('audit-row').first().textContent()).toContain('核实该户临时救助申请的家庭成员情况')

    // Filter by account and today's date.
    await log.getByTestId('audit-action').selectOption('')
    const today = await page.evaluate(() => {
      const d = new Date()
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
    })
    await log.getByTestId('audit-from').fill(today)
    await log.getByTestId('audit-to').fill(today)
    const workerId = await log.getByTestId('audit-user').locator('option', { hasText: 'worker' }).first().getAttribute('value')
    await log.getByTestId('audit-user').selectOption(workerId!)
    await expect.poll(async () => {
      const who = await log.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.querySelector('strong')?.textContent))
      return who.length > 0 && who.every((w) => w === 'worker')
    }).toBe(true)
    await log.getByTestId('audit-user').selectOption('')
    await log.getByTestId('audit-action').selectOption('household.view')
    await expect.poll(() => log.getByTestId('audit-row').count()).toBeGreaterThanOrEqual(viewedByWorker.length)
    await shoot(page, 'audit')
    await page.context().close()
  })

  it('station lead: creates, disables, re-enables an account and resets its password; errors inline', async () => {
    const page = await signIn('lead')
    await page.getByTestId('open-admin').click()
    await page.getByTestId('admin-tab-users').click()
    const admin = page.getByTestId('user-admin')
    await expect.poll(() => admin.getByTestId('user-row').count()).toBeGreaterThan(1)
    expect(await admin.locator('[data-username=worker]').count()).toBe(1)
    // Only the station's own accounts: not the bureau, the supervisor or the system admin.
    for (const other of ['bureau', 'supervisor', 'admin']) expect(await admin.locator(`[data-username=${other}]`).count()).toBe(0)

    await admin.getByTestId('user-new').click()
    const form = admin.getByTestId('user-create')
    expect(await form.textContent()).toContain('至少 10 个字符')
    await form.locator('input[name=username]').fill(newUser)
    await form.locator('input[name=displayName]').fill('测试社工')
    await form.locator('select[name=role]').selectOption('worker')
    const options = await form.locator('select[name=organisationId] option').allTextContents()
    expect(options.some((o) => o.includes('石桥村社工点'))).toBe(true)
    await form.locator('select[name=organisationId]').selectOption({ label: options.find((o) => o.includes('石桥村社工点'))! })
    await form.locator('input[name=password]').fill('short')
    await form.getByTestId('user-create-submit').click()
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('密码至少需要 10 个字符')
    await form.locator('input[name=password]').fill(newPassword)
    await form.getByTestId('user-create-submit').click()
    const row = admin.locator(`[data-username="${newUser}"]`)
    await row.waitFor()
    expect(await admin.getByRole('status').textContent()).toContain(newUser)
    await shoot(page, 'users')

    await row.getByTestId('user-toggle').click()
    await expect.poll(() => row.getByTestId('user-status').textContent()).toBe('已停用')
    await row.getByTestId('user-toggle').click()
    await expect.poll(() => row.getByTestId('user-status').textContent()).toBe('正常')

    await row.getByTestId('user-reset').click()
    await row.getByTestId('user-reset-password').fill('123')
    await row.getByTestId('user-reset-save').click()
    await expect.poll(() => row.getByRole('alert').textContent()).toContain('10')
    await row.getByTestId('user-reset-password').fill(newPassword)
    await row.getByTestId('user-reset-save').click()
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('已重设')

    // The system admin also has 管理.
    await page.context().close()
    const adminPage = await signIn('admin')
    expect(await adminPage.getByTestId('open-admin').count()).toBe(1)
    await adminPage.getByTestId('open-admin').click()
    await adminPage.getByTestId('audit-log').waitFor()
    await adminPage.context().close()
  })

  it('any account: second factor set up in settings, then asked for at sign-in; password change signs out', async () => {
    const page = await signIn(newUser, newPassword)
    // Signed-in devices: a second browser shows up in settings, this one marked, and is ended from here.
    const other = await signIn(newUser, newPassword)
    await page.getByTestId('open-settings').click()
    const devices = page.getByTestId('account-sessions')
    await devices.locator('summary').click()
    await expect.poll(() => devices.getByTestId('session-row').count()).toBeGreaterThanOrEqual(2)
    const rows = await devices.getByTestId('session-row').count()
    expect(await devices.locator('[data-testid=session-row][data-current="1"]').count()).toBe(1)
    await devices.locator('[data-testid=session-row][data-current="0"]').first().getByTestId('session-end').click()
    await expect.poll(() => devices.getByTestId('session-row').count()).toBe(rows - 1)
    await shoot(page, 'account-sessions')
    if (rows === 2) expect(await other.evaluate(() => fetch('/api/auth/session').then((r) => r.status))).toBe(401)
    await other.context().close()

    const totp = page.getByTestId('account-totp')
    await totp.locator('summary').click()
    await totp.getByTestId('totp-setup').click()
    const secretEl = totp.getByTestId('totp-secret')
    await secretEl.waitFor()
    const secret = (await secretEl.getAttribute('data-secret'))!
    expect(await secretEl.textContent()).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/)
    expect(await totp.locator('input[readonly]').inputValue()).toMatch(/^otpauth:\/\/totp\//)
    await totp.getByTestId('totp-code').fill('000000' === totpNow(secret) ? '111111' : '000000')
    await totp.getByTestId('totp-enable').click()
    await expect.poll(() => totp.getByRole('alert').textContent()).toContain('动态码')
    const enableStep = Math.floor(Date.now() / 30_000)
    const enableCode = hotp(base32Decode(secret), enableStep)
    await totp.getByTestId('totp-code').fill(enableCode)
    await totp.getByTestId('totp-enable').click()
    await expect.poll(() => totp.getByRole('status').textContent()).toContain('已开启')

    // Sign out, sign in again: the form asks for the code.
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.locator('input[name=username]').fill(newUser)
    await page.locator('input[name=password]').fill(newPassword)
    await page.locator('button[type=submit]').click()
    await page.getByTestId('login-totp').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('6 位动态码')
    // The code that turned the factor on is used up: typed again (still on the app's screen within its 30 s),
    // the form says so, or that it has expired. The next step's code (accepted for clock drift) signs in.
    await page.getByTestId('login-totp').fill(enableCode)
    await page.locator('button[type=submit]').click()
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/只能用一次|不正确或已过期/)
    await page.getByTestId('login-totp').fill(totpNext(secret))
    await page.locator('button[type=submit]').click()
    await mapReady(page)

    // Change the password: every session ends, back to the sign-in form with a notice.
    // (The settings panel may still be open from before signing out.)
    if (!(await page.getByTestId('settings').isVisible())) await page.getByTestId('open-settings').click()
    const pw = page.getByTestId('account-password')
    await pw.locator('summary').click()
    await pw.locator('input[name=current-password]').fill(newPassword)
    await pw.locator('input[name=new-password]').fill('another quiet river 5')
    await page.getByTestId('change-password').click()
    await page.getByTestId('signed-out-notice').waitFor()
    expect(await page.getByTestId('signed-out-notice').textContent()).toContain('所有设备')
    expect(await page.locator('input[name=username]').count()).toBe(1)
    await page.context().close()
  })
})
