/**
 * The 导入/导出 panel in Debian's chromium against the real server (see
 * global-setup.ts), signed in as the demo station lead. The demo village holds
 * 400 households numbered 02GGNNN with groups 01–08; the generated messy
 * workbook numbers its households 0200100 + 3i (group "00", never used by the
 * demo) plus one 1300007, so nothing collides and every importable household
 * is created. Its one household without 户号 and its duplicate are skipped.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { messyArchiveXlsx, truncatedCopy, type MessyFixture } from '@cuntu/fixtures/workbooks/messy.ts'
import { DEMO_PASSWORD } from '@cuntu/server/tooling'
import { SAMPLES_DIR } from '@cuntu/fixtures/samples.ts'
import { launch, openMap } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')
const shots = process.env.TMPDIR ?? '/tmp'

async function signedInAs(browser: Browser, username: string, viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true })
  const r = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password: DEMO_PASSWORD } })
  if (!r.ok()) throw new Error(`login failed: ${r.status()} ${await r.text()}`)
  return context
}

/** Households the import writes: those with a 户号, each 户号 once (the server skips the rest). */
function importable(f: MessyFixture): number {
  const seen = new Set<string>()
  for (const h of f.expected.households) if (h.huhao !== null) seen.add(h.huhao)
  return seen.size
}

const matching = (page: Page) => page.evaluate(() => window.__cuntu!.matchingCount())

/** The parts of a dry-run answer these tests read. */
interface DryRunPlan {
  fit: { suggest: { huhao: string | null } | null; placed: { huhao: string; lngLat: [number, number]; controlPoint: boolean }[] }
}

async function openImport(page: Page) {
  await page.getByTestId('open-import').click()
  await page.getByTestId('import-panel').waitFor()
}

async function upload(page: Page, file: { name: string; buffer: Buffer }) {
  await page.getByTestId('import-archive').setInputFiles({ name: file.name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file.buffer })
  await page.getByTestId('import-upload').click()
}

/** Wait for the preview; if the server refused the file instead, fail with its message rather than a timeout. */
async function previewed(page: Page) {
  await page.getByTestId('import-preview').or(page.getByTestId('import-error')).first().waitFor()
  const error = page.getByTestId('import-error')
  if (await error.isVisible()) throw new Error(`upload refused: ${await error.textContent()}`)
}

describe.skipIf(!hasChromium)('import and export panel', () => {
  let browser: Browser
  let context: BrowserContext
  let fixture: MessyFixture

  beforeAll(async () => {
    browser = await launch()
    context = await signedInAs(browser, 'lead')
    fixture = await messyArchiveXlsx({ seed: 7, households: 24 })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('uploads a messy workbook, previews, dry-runs, commits (the map gains the households) and undoes', async () => {
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    const before = await matching(page)
    expect(before).toBe(400)
    await openImport(page)
    await page.screenshot({ path: `${shots}/cuntu-import-1-choose.png` })
    await upload(page, { name: fixture.fileName, buffer: fixture.buffer })

    // Preview: the two-row header below the title rows, the mapping table, the first households, warnings with places.
    const header = page.getByTestId('preview-header')
    await header.waitFor()
    expect(await header.textContent()).toBe('表头在第 3–4 行，数据从第 5 行开始')
    expect(await page.getByTestId('map-B').inputValue()).toBe('huhao')
    expect(await page.getByTestId('preview-households').locator('tbody tr').count()).toBe(20)
    expect(await page.getByTestId('preview-households').locator('tbody tr').first().textContent()).toContain(fixture.expected.households[0]!.huhao!)
    expect(await page.getByTestId('preview-issues').textContent()).toContain('「村民家庭档案」 第 24 行 B 列')
    await page.screenshot({ path: `${shots}/cuntu-import-2-preview.png`, fullPage: false })
    await page.getByTestId('preview-households').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${shots}/cuntu-import-2b-households.png` })

    // Dry run: the counts are the fixture's.
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-plan').waitFor()
    const created = importable(fixture)
    expect(Number(await page.getByTestId('plan-count-create').textContent())).toBe(created)
    expect(Number(await page.getByTestId('plan-count-update').textContent())).toBe(0)
    expect(Number(await page.getByTestId('plan-count-skip').textContent())).toBe(fixture.expected.households.length - created)
    await page.getByTestId('plan-issues-error').click()
    expect(await page.getByTestId('plan-issues').getByTestId('issue').count()).toBe(2)
    await page.screenshot({ path: `${shots}/cuntu-import-3-plan.png` })

    // Commit: the summary, and the map counts the new households.
    // Into the demo village, the generated workbook may look like another village's: then confirm it.
    if ((await page.getByTestId('village-mismatch').count()) > 0) await page.getByTestId('confirm-village-mismatch').check()
    await page.getByTestId('import-commit').click()
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('import-summary').textContent()).toContain(`新建 ${created} 户`)
    await expect.poll(() => matching(page), { timeout: 20_000 }).toBe(before + created)
    await page.screenshot({ path: `${shots}/cuntu-import-4-done.png` })

    // Undo: back to where it was.
    await page.getByTestId('import-undo').click()
    await page.getByTestId('import-undo-confirm').click()
    await page.getByTestId('import-undone').waitFor()
    await expect.poll(() => matching(page), { timeout: 20_000 }).toBe(before)

    // The history lists it as undone, with who and what.
    await page.getByTestId('import-tab-history').click()
    const item = page.getByTestId('history-item').first()
    await item.waitFor()
    const text = await item.textContent()
    expect(text).toContain(fixture.fileName)
    expect(text).toContain('已撤销')
    expect(text).toContain('lead')
    await page.screenshot({ path: `${shots}/cuntu-import-5-history.png` })
    await page.close()
  })

  it('places the sample workbook from its drawn map with control points, shows the fit, and keeps each house cell on the card', async () => {
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    const before = await matching(page)
    const drawnBefore = await page.evaluate(() => window.__cuntu!.renderedCount())
    await openImport(page)
    await upload(page, { name: 'sample-archive.xlsx', buffer: readFileSync(`${SAMPLES_DIR}/sample-archive.xlsx`) })
    await previewed(page)
    await page.getByTestId('control-points').waitFor()
    // Two complete rows are not enough: the dry run waits, and says why.
    await page.getByTestId('cp-huhao-0').fill('0200101')
    await page.getByTestId('cp-lng-0').fill('111.016119')
    await page.getByTestId('cp-lat-0').fill('21.813212')
    expect(await page.getByTestId('cp-problems').textContent()).toContain('控制点至少 3 个，现在只有 1 个完整的')
    expect(await page.getByTestId('import-dry-run').isDisabled()).toBe(true)
    // The CLI's control-point file fills the table.
    await page.getByTestId('cp-file').setInputFiles(`${SAMPLES_DIR}/sample-map-controlpoints.json`)
    // The file is read asynchronously in the page.
    await expect.poll(() => page.getByTestId('cp-huhao-2').inputValue()).toBe('0200190')
    expect(await page.getByTestId('cp-problems').count()).toBe(0)
    await page.getByTestId('control-points').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${shots}/cuntu-import-controlpoints.png` })

    const planned = page.waitForResponse((r) => r.url().endsWith('/dry-run') && r.status() === 200)
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-plan').waitFor()
    let plan = (await (await planned).json()) as DryRunPlan
    const fit = page.getByTestId('fit-report')
    // The chosen model and why, and a leave-one-out error for every point (an exact fit's 0 m would say nothing).
    expect(await page.getByTestId('fit-model').textContent()).toContain('采用：正北方格')
    expect(await page.getByTestId('fit-why').textContent()).toContain('3 个控制点：用正北方格做最小二乘拟合')
    expect(await page.getByTestId('fit-loo').textContent()).toMatch(/留一误差（均方根）[\d.]+ 米/)
    const points = page.getByTestId('fit-points').locator('tbody tr')
    expect(await points.count()).toBe(3)
    expect(await points.first().textContent()).toContain('D11')
    expect(await page.getByTestId('fit-suggest').textContent()).toMatch(/再加一个控制点，最有用的是格子 [A-Z]+\d+（户号 \d{7}）/)
    expect(await fit.textContent()).toMatch(/社区地图上的 42 户都有了位置|没有按地图推算位置的格子/)
    expect(await page.getByTestId('import-plan').textContent()).toContain('社区地图 39 户，控制点 3 户')
    await fit.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${shots}/cuntu-import-fit.png` })

    // Standing at the suggested house with a phone: its GPS (WGS84, accuracy shown) becomes a fourth point.
    const truth = new Map(
      readFileSync(`${SAMPLES_DIR}/sample-locations.csv`, 'utf8').trim().split('\n').slice(1).map((l) => {
        const [h, lng, lat] = l.split(',')
        return [h!, [Number(lng), Number(lat)] as [number, number]] as const
      }),
    )
    const at = plan.fit.suggest!.huhao!
    expect(await page.getByTestId('fit-gps-huhao').inputValue()).toBe(at)
    await context.grantPermissions(['geolocation'], { origin: baseUrl })
    await context.setGeolocation({ longitude: truth.get(at)![0], latitude: truth.get(at)![1], accuracy: 6 })
    let replanned = page.waitForResponse((r) => r.url().endsWith('/dry-run') && r.status() === 200)
    await page.getByTestId('fit-gps').click()
    plan = (await (await replanned).json()) as DryRunPlan
    await expect.poll(() => points.count()).toBe(4)
    expect(await points.nth(3).textContent()).toContain('手机定位 ±6 米')
    expect(await page.getByTestId('fit-why').textContent()).toContain('4 个控制点：比较各模型的留一误差')
    expect(await page.getByTestId('fit-gps-status').textContent()).toContain('已定位，精度约 ±6 米')

    // Dragging one placed house on the map to where it really is: a fifth point, and the fit updates again.
    const moved = plan.fit.placed.find((p) => !p.controlPoint)!
    const map = page.getByTestId('placement-map')
    await map.scrollIntoViewIfNeeded()
    await page.waitForFunction(() => window.__cuntuPlacement !== undefined)
    const [x, y] = await page.evaluate((lngLat) => window.__cuntuPlacement!.project(lngLat), moved.lngLat)
    replanned = page.waitForResponse((r) => r.url().endsWith('/dry-run') && r.status() === 200)
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x + 20, y + 10, { steps: 4 })
    await page.mouse.move(x + 40, y + 20, { steps: 4 })
    await page.mouse.up()
    plan = (await (await replanned).json()) as DryRunPlan
    await expect.poll(() => points.count()).toBe(5)
    expect(await points.nth(4).textContent()).toContain(moved.huhao)
    expect(await points.nth(4).textContent()).toContain('地图上拖动')
    const dropped = plan.fit.placed.find((p) => p.huhao === moved.huhao)!
    expect(dropped.controlPoint).toBe(true)
    // It moved right and down on the screen: east and south on the ground.
    expect(dropped.lngLat[0]).toBeGreaterThan(moved.lngLat[0])
    expect(dropped.lngLat[1]).toBeLessThan(moved.lngLat[1])
    await map.scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${shots}/cuntu-import-fit-dragged.png` })

    // The sample is another village's workbook (0200xxx, its own positions): the panel says so and waits for the tick.
    expect(await page.getByTestId('village-mismatch').textContent()).toContain('这个文件可能是另一个村的档案')
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true)
    await page.getByTestId('confirm-village-mismatch').check()
    await page.getByTestId('import-commit').click()
    await page.getByTestId('import-done').waitFor({ timeout: 60_000 })
    await expect.poll(() => matching(page), { timeout: 20_000 }).toBe(before + 42)
    // Every new household is on the map (placed from its cell), and its card names the cell.
    const placed = await page.evaluate(() => window.__cuntu!.renderedCount())
    expect(placed).toBe(drawnBefore + 42)
    const res = await page.request.get(`${baseUrl}/api/villages/${VILLAGE}/households`)
    const sample = ((await res.json()) as { features: { properties: { id: string; huhao: string } }[] }).features.find((f) => f.properties.huhao === '0200101')!
    const card = await (await page.request.get(`${baseUrl}/api/households/${sample.properties.id}`)).json()
    expect(card.mapCell).toMatchObject({ row: 11, col: 4, address: 'D11' })
    // The dragged house is stored where it was dropped.
    const draggedRow = ((await res.json()) as { features: { geometry: { coordinates: [number, number] } | null; properties: { huhao: string } }[] }).features.find((f) => f.properties.huhao === moved.huhao)!
    expect(draggedRow.geometry!.coordinates[0]).toBeCloseTo(dropped.lngLat[0], 5)
    expect(draggedRow.geometry!.coordinates[1]).toBeCloseTo(dropped.lngLat[1], 5)

    await page.getByTestId('import-undo').click()
    await page.getByTestId('import-undo-confirm').click()
    await page.getByTestId('import-undone').waitFor()
    await expect.poll(() => matching(page), { timeout: 20_000 }).toBe(before)
    await page.close()
  })

  it('lists suspicious positions and stores one only once the worker accepts it', async () => {
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    await openImport(page)
    // The sample's own locations with one pair swapped.
    const lines = readFileSync(`${SAMPLES_DIR}/sample-locations.csv`, 'utf8').trim().split('\n')
    const [huhao, lon, lat] = lines[1]!.split(',') as [string, string, string]
    lines[1] = `${huhao},${lat},${lon},`
    await page.getByTestId('import-archive').setInputFiles({ name: 'sample-archive.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: readFileSync(`${SAMPLES_DIR}/sample-archive.xlsx`) })
    await page.getByTestId('import-locations').setInputFiles({ name: 'locations.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) })
    await page.getByTestId('import-crs').locator('input[value="wgs84"]').check()
    await page.getByTestId('import-upload').click()
    await previewed(page)
    const flagged = page.getByTestId('flagged-points')
    await flagged.waitFor()
    expect(await flagged.textContent()).toContain(`户号 ${huhao}`)
    expect(await flagged.textContent()).toContain('经纬度可能填反')

    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-plan').waitFor()
    expect(await page.getByTestId('import-plan').textContent()).toContain('位置文件 41 户')
    await page.getByRole('button', { name: '上一步' }).click()
    await page.getByTestId(`accept-${huhao}`).check()
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-plan').waitFor()
    expect(await page.getByTestId('import-plan').textContent()).toContain('位置文件 42 户')
    await page.close()
  })

  it("shows the server's Chinese message for a truncated workbook", async () => {
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    await openImport(page)
    await upload(page, { name: 'truncated.xlsx', buffer: truncatedCopy(fixture.buffer) })
    const error = page.getByTestId('import-error')
    await error.waitFor()
    const text = (await error.textContent())!
    expect(text).toContain('文件已损坏或不完整')
    expect(text).not.toMatch(/Error:|\n\s+at /)
    expect(await page.getByTestId('import-choose').isVisible()).toBe(true)
    await page.screenshot({ path: `${shots}/cuntu-import-error.png` })
    await page.close()
  })

  it('downloads the CSV export with a BOM; the names choice carries the privacy note', async () => {
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    await openImport(page)
    await page.getByTestId('import-tab-export').click()
    expect(await page.getByTestId('export-names').isChecked()).toBe(false)
    await page.getByTestId('export-names').check()
    expect(await page.getByTestId('export-privacy').textContent()).toContain('保密资料，请勿外传')
    await page.screenshot({ path: `${shots}/cuntu-import-export.png` })
    await page.getByTestId('export-names').uncheck()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
    expect(download.suggestedFilename()).toMatch(/440982101201-.*\.csv$/)
    const bytes = readFileSync((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text).toContain('户号')
    expect(text).toContain('（已隐去）')
    await page.getByTestId('export-done').waitFor()
    await page.close()
  })

  it('exports only the households the map filter shows, by default, and says how many', async () => {
    const page = await context.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&cats=dibao`)
    await openImport(page)
    await page.getByTestId('import-tab-export').click()
    const shown = (await (await page.context().request.get(`${baseUrl}/api/villages/${VILLAGE}/stats?categories=dibao`)).json()) as { households: number }
    const box = page.getByTestId('export-filtered')
    expect(await box.isChecked()).toBe(true)
    expect(await page.getByTestId('import-export').textContent()).toContain(`只导出地图当前筛选出的 ${shown.households} 户`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-geojson').click()])
    expect(download.suggestedFilename()).toMatch(/-筛选\.geojson$/)
    const features = (JSON.parse(readFileSync((await download.path())!, 'utf8')) as { features: { properties: { categories: string[] } }[] }).features
    expect(features).toHaveLength(shown.households)
    for (const f of features) expect(f.properties.categories).toContain('dibao')
    // Unticked: the whole village again.
    await box.uncheck()
    const [all] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-geojson').click()])
    expect(all.suggestedFilename()).not.toContain('筛选')
    expect((JSON.parse(readFileSync((await all.path())!, 'utf8')) as { features: unknown[] }).features.length).toBeGreaterThan(shown.households)
    await page.close()
  })

  it('is a full-screen sheet on a phone (360×740)', async () => {
    const phone = await signedInAs(browser, 'lead', { width: 360, height: 740 })
    const page = await phone.newPage()
    await openMap(page, `${baseUrl}/?village=${VILLAGE}`)
    await openImport(page)
    const box = (await page.getByTestId('import-panel').boundingBox())!
    expect(box).toMatchObject({ x: 0, y: 0, width: 360, height: 740 })
    await page.screenshot({ path: `${shots}/cuntu-import-phone-1-choose.png` })
    await upload(page, { name: fixture.fileName, buffer: fixture.buffer })
    await page.getByTestId('preview-header').waitFor()
    await page.screenshot({ path: `${shots}/cuntu-import-phone-2-preview.png` })
    await page.getByTestId('mapping-table').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${shots}/cuntu-import-phone-2b-mapping.png` })
    await page.getByTestId('import-dry-run').click()
    await page.getByTestId('import-plan').waitFor()
    await page.screenshot({ path: `${shots}/cuntu-import-phone-3-plan.png` })
    await page.getByTestId('import-tab-export').click()
    await page.screenshot({ path: `${shots}/cuntu-import-phone-4-export.png` })
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await phone.close()
  })
})
