/**
 * Drawing in Debian's chromium with real mouse (and touch) events against the
 * real server: polygon, line and point drawn, named, saved and found again
 * after a reload; a vertex moved; undo and redo; delete and restore; a locked
 * layer refusing edits; a crossing edit showing mine and theirs; a shape drawn
 * on the GCJ-02 (AMap) basemap stored in WGS84 at the same ground position;
 * a photo added to a feature, shown, opened and deleted.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { AreaDetail, DrawnFeature, VillageMap } from '@cuntu/server/contract'
import { phoneJpeg } from '@cuntu/server/tooling'
import { blankOnlineTiles, launch, metres, openMap, signedIn } from './browser.ts'

const VILLAGE = '440982101201'
const baseUrl = inject('baseUrl')
const hasChromium = inject('chromium')
const SHOTS = process.env.TMPDIR ?? '/tmp'


describe.skipIf(!hasChromium)('drawing asset and need maps', () => {
  let browser: Browser
  let context: BrowserContext
  let csrf: string
  /** South-west of the village's households: empty ground inside the 5 km limit, [lng, lat] WGS84. */
  let origin: [number, number]
  const at = (dxM: number, dyM: number): [number, number] => [
    origin[0] + dxM / (111_320 * Math.cos((origin[1] * Math.PI) / 180)),
    origin[1] + dyM / 110_540,
  ]

  const api = async <T>(path: string, init: { method?: string; data?: unknown } = {}): Promise<{ status: number; body: T }> => {
    const r = await context.request.fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', data: init.data as object, headers: { 'x-csrf-token': csrf } })
    const text = await r.text()
    return { status: r.status(), body: (text ? JSON.parse(text) : null) as T }
  }
  const features = async (mapId: string) => (await api<{ features: DrawnFeature[] }>(`/api/maps/${mapId}/features`)).body.features
  const screen = (page: Page, p: [number, number]) => page.evaluate((c) => window.__cuntu!.project(c)!, p)
  const clickAt = async (page: Page, p: [number, number]) => {
    const [x, y] = await screen(page, p)
    await page.mouse.click(x, y)
    await page.waitForTimeout(150)
  }

  /** The drawing ground sits right of the panel (desktop) or above the bottom sheet (phone): `centre` is the view's centre in metres from the origin. */
  async function openDrawing(page: Page, extra = '', centre: [number, number] = [-30, 60]) {
    const [lng, lat] = at(...centre)
    // Online basemaps cannot load here (no network in tests): answer their tiles with a blank image, so the map settles.
    if (extra.includes('basemap=')) await blankOnlineTiles(page)
    await openMap(page, `${baseUrl}/?village=${VILLAGE}&z=18&lng=${lng}&lat=${lat}${extra}`)
    await page.getByTestId('open-draw').click()
    await page.getByTestId('draw-panel').waitFor()
    // The demo village's own maps come first in the panel: work on the map this test made.
    if (mapId) {
      const name = (await api<VillageMap[]>(`/api/villages/${VILLAGE}/maps`)).body.find((m) => m.id === mapId)!.name
      await page.getByTestId('draw-panel').getByLabel(name, { exact: true }).check()
    }
  }

  async function nameAndSave(page: Page, kind: string, name: string) {
    const form = page.getByTestId('draw-panel').getByTestId('feature-form').first()
    await form.waitFor()
    await form.getByTestId('feature-kind').selectOption(kind)
    await form.getByTestId('feature-name').fill(name)
    await form.getByTestId('feature-save').click()
    await page.getByTestId('feature-details').waitFor()
  }

  beforeAll(async () => {
    browser = await launch()
    context = await signedIn(browser, baseUrl)
    csrf = ((await (await context.request.get(`${baseUrl}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken
    const area = (await api<AreaDetail>(`/api/areas/${VILLAGE}`)).body
    origin = [area.bbox![0] - 0.0006, area.bbox![1] - 0.0006]
  })
  afterAll(async () => {
    await browser?.close()
  })

  let mapId: string
  let polygonId: string

  it('draws a polygon, a line and a point, names them, picks kinds, saves; after a reload they are on the map and in the legend', async () => {
    const page = await context.newPage()
    await openDrawing(page)
    await page.getByTestId('new-map-need').click()
    await page.getByTestId('layer-row').first().waitFor()

    await page.getByTestId('tool-polygon').click()
    for (const p of [at(0, 0), at(40, 0), at(40, 30), at(0, 30)]) await clickAt(page, p)
    await page.getByTestId('draw-finish').click()
    await nameAndSave(page, 'waterlogging', '村口积水')

    await page.getByTestId('tool-line').click()
    for (const p of [at(60, 0), at(90, 10), at(120, 0)]) await clickAt(page, p)
    await page.getByTestId('draw-finish').click()
    await nameAndSave(page, 'no_street_light', '西巷无路灯')

    await page.getByTestId('tool-point').click()
    await clickAt(page, at(20, 60))
    await nameAndSave(page, 'elderly_alone_watch', '独居老人关注')

    const maps = (await api<VillageMap[]>(`/api/villages/${VILLAGE}/maps`)).body
    // The demo village ships with its own need map: this test's is the newest.
    mapId = maps.filter((m) => m.purpose === 'need').at(-1)!.id
    const list = await features(mapId)
    expect(list.map((f) => [f.kind, f.name, f.geometry.type])).toEqual([
      ['waterlogging', '村口积水', 'Polygon'],
      ['no_street_light', '西巷无路灯', 'LineString'],
      ['elderly_alone_watch', '独居老人关注', 'Point'],
    ])
    polygonId = list[0]!.id
    // Drawn where it was clicked: the polygon's first corner within a metre of the ground point.
    expect(metres((list[0]!.geometry as { coordinates: number[][][] }).coordinates[0]![0]!, at(0, 0))).toBeLessThan(1)
    await page.screenshot({ path: `${SHOTS}/cuntu-draw-need.png` })

    await page.reload()
    await page.waitForFunction(() => window.__cuntu?.ready === true && window.__cuntu.renderedCount() > 0)
    const legend = page.getByTestId('drawn-legend')
    await legend.waitFor()
    // Beside the demo maps' kinds: each of the three drawn here counts one more than the demo maps hold.
    const demo = new Map<string, number>()
    for (const m of maps.filter((m) => m.id !== mapId)) for (const f of await features(m.id)) demo.set(f.kind, (demo.get(f.kind) ?? 0) + 1)
    for (const kind of ['waterlogging', 'no_street_light', 'elderly_alone_watch']) {
      await expect.poll(() => legend.locator(`li[data-kind="${kind}"] [data-testid="drawn-count"]`).textContent()).toBe(String((demo.get(kind) ?? 0) + 1))
    }
    expect(await legend.textContent()).toContain('积水点')
    await page.close()
  })

  it('selects the polygon on the map, moves a vertex, and saves the new shape', async () => {
    const page = await context.newPage()
    await openDrawing(page)
    await clickAt(page, at(20, 15))
    const details = page.getByTestId('feature-details')
    await details.waitFor()
    expect(await details.getByTestId('feature-name').inputValue()).toBe('村口积水')
    await details.getByTestId('edit-shape').click()
    await page.waitForTimeout(300)
    const [x, y] = await screen(page, at(40, 30))
    await page.mouse.move(x, y)
    await page.mouse.down()
    const [x2, y2] = await screen(page, at(55, 45))
    await page.mouse.move(x2, y2, { steps: 8 })
    await page.mouse.up()
    await page.getByTestId('save-shape').click()
    await expect.poll(async () => (await features(mapId)).find((f) => f.id === polygonId)!.version).toBe(2)
    const ring = ((await features(mapId)).find((f) => f.id === polygonId)!.geometry as { coordinates: number[][][] }).coordinates[0]!
    expect(Math.min(...ring.map((p) => metres(p, at(55, 45))))).toBeLessThan(2)
    expect(Math.min(...ring.map((p) => metres(p, at(40, 30))))).toBeGreaterThan(10)
    await page.close()
  })

  it('undoes and redoes points while drawing a line', async () => {
    const page = await context.newPage()
    await openDrawing(page)
    await page.getByTestId('tool-line').click()
    for (const p of [at(0, 90), at(30, 95), at(60, 90)]) await clickAt(page, p)
    await page.getByTestId('draw-undo').click()
    await page.getByTestId('draw-undo').click()
    await page.getByTestId('draw-redo').click()
    await page.getByTestId('draw-finish').click()
    await nameAndSave(page, 'accessibility_gap', '撤销重做')
    const line = (await features(mapId)).find((f) => f.name === '撤销重做')!
    // Three points clicked, two undone, one redone: the line has the first two.
    expect((line.geometry as { coordinates: number[][] }).coordinates).toHaveLength(2)
    expect(metres((line.geometry as { coordinates: number[][] }).coordinates[1]!, at(30, 95))).toBeLessThan(1)
    await page.close()
  })

  it('deletes a feature and restores it', async () => {
    const page = await context.newPage()
    await openDrawing(page)
    await clickAt(page, at(20, 60))
    await page.getByTestId('feature-details').waitFor()
    await page.getByTestId('delete-feature').click()
    await expect.poll(async () => (await features(mapId)).some((f) => f.name === '独居老人关注')).toBe(false)
    await page.getByTestId('undelete').first().click()
    await expect.poll(async () => (await features(mapId)).some((f) => f.name === '独居老人关注')).toBe(true)
    await page.close()
  })

  it('adds a photo to a feature from the panel: thumbnail shown, opened large, its location dropped; then deleted', async () => {
    const page = await context.newPage()
    await openDrawing(page)
    await clickAt(page, at(20, 60))
    const photos = page.getByTestId('feature-photos')
    await photos.waitFor()
    await expect.poll(() => photos.getByTestId('photo-thumb').count()).toBe(0)
    await photos.getByTestId('photo-input').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await phoneJpeg(640, 480) })
    await photos.getByTestId('photo-thumb').first().waitFor()
    // The thumbnail is a real image the browser decoded, not a broken icon.
    await expect.poll(() => photos.locator('img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320)
    const f = (await features(mapId)).find((x) => x.name === '独居老人关注')!
    const list = (await api<{ photos: { url: string; keptLocation: boolean }[] }>(`/api/features/${f.id}/photos`)).body.photos
    expect(list).toHaveLength(1)
    expect(list[0]!.keptLocation).toBe(false)
    const image = await context.request.get(`${baseUrl}${list[0]!.url}`)
    expect(image.headers()['content-type']).toBe('image/jpeg')
    // No GPS IFD left: the EXIF marker (APP1 "Exif") is gone from the stored JPEG.
    expect((await image.body()).includes(Buffer.from('Exif\0\0'))).toBe(false)
    await photos.getByTestId('photo-thumb').first().click()
    await page.getByTestId('photo-viewer').waitFor()
    page.once('dialog', (d) => void d.accept())
    await page.getByTestId('photo-delete').click()
    await expect.poll(async () => (await api<{ photos: unknown[] }>(`/api/features/${f.id}/photos`)).body.photos.length).toBe(0)
    await expect.poll(() => photos.getByTestId('photo-thumb').count()).toBe(0)
    await page.close()
  })

  it('a locked layer cannot be edited: its shapes are not selectable and the API says it is locked', async () => {
    const page = await context.newPage()
    await openDrawing(page)
    // A controlled box: it shows the server's state once the PATCH is back, so click and wait rather than check().
    const lock = page.getByTestId('layer-lock').first()
    const locked = async () => (await api<VillageMap[]>(`/api/villages/${VILLAGE}/maps`)).body.find((m) => m.id === mapId)!.layers[0]!.locked
    await lock.click()
    try {
      await expect.poll(locked).toBe(true)
      // The box shows the server's state once the maps are read back; the map is rebuilt in that same render.
      await expect.poll(() => lock.isChecked()).toBe(true)
      await page.evaluate(() => window.__cuntu!.idle())
      await clickAt(page, at(20, 15))
      await page.waitForTimeout(300)
      expect(await page.getByTestId('feature-details').count()).toBe(0)
      const f = (await features(mapId)).find((x) => x.id === polygonId)!
      const r = await api<{ error: { message: string } }>(`/api/features/${polygonId}`, { method: 'PATCH', data: { version: f.version, name: 'x' } })
      expect(r.status).toBe(423)
      expect(r.body.error.message).toContain('已锁定')
    } finally {
      // Unlocked again whatever happened above: the later cases draw on this layer.
      if (await locked()) await lock.click()
      await expect.poll(locked).toBe(false)
      await page.close()
    }
  })

  it('a second session editing the same feature gets the conflict screen; keeping mine saves over theirs', async () => {
    const page = await context.newPage()
    await openDrawing(page)
    await clickAt(page, at(20, 15))
    const details = page.getByTestId('feature-details')
    await details.waitFor()
    await details.getByTestId('feature-name').fill('我的名字')
    const other = await signedIn(browser, baseUrl)
    const token = ((await (await other.request.get(`${baseUrl}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken
    const current = (await features(mapId)).find((x) => x.id === polygonId)!
    const theirs = await other.request.patch(`${baseUrl}/api/features/${polygonId}`, { data: { version: current.version, name: '他的名字' }, headers: { 'x-csrf-token': token } })
    expect(theirs.status()).toBe(200)
    await other.close()
    await details.getByTestId('feature-save').click()
    const conflict = page.getByTestId('draw-conflict')
    await conflict.waitFor()
    expect(await conflict.textContent()).toContain('我的名字')
    expect(await conflict.textContent()).toContain('他的名字')
    await conflict.getByTestId('keep-mine').click()
    await expect.poll(async () => (await features(mapId)).find((x) => x.id === polygonId)!.name).toBe('我的名字')
    await page.close()
  })

  it('a point drawn on the GCJ-02 (AMap) basemap is stored in WGS84 at the ground position clicked (within 1 m)', async () => {
    const page = await context.newPage()
    await openDrawing(page, '&basemap=amap')
    const ground = at(100, 60)
    await page.getByTestId('tool-point').click()
    await clickAt(page, ground)
    await nameAndSave(page, 'safety_hazard', '高德底图上画的点')
    const p = (await features(mapId)).find((f) => f.name === '高德底图上画的点')!
    expect(metres((p.geometry as { coordinates: number[] }).coordinates, ground)).toBeLessThan(1)
    await page.close()
    // On the OSM (WGS84) basemap the same stored point is drawn at the same ground position: the map projects it unshifted.
    const osm = await context.newPage()
    await openDrawing(osm, '&basemap=osm')
    const [x, y] = await screen(osm, p.geometry.coordinates as unknown as [number, number])
    await osm.mouse.click(x, y)
    await osm.getByTestId('feature-details').waitFor()
    expect(await osm.getByTestId('feature-name').inputValue()).toBe('高德底图上画的点')
    await osm.close()
  })

  it('on a 360×740 touch phone, a tap draws a point and the panel is a bottom sheet', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale: 'zh-CN' })
    const r = await phone.request.post(`${baseUrl}/api/auth/login`, { data: { username: 'worker', password: 'cuntu-demo-village' } })
    expect(r.ok()).toBe(true)
    const page = await phone.newPage()
    await openDrawing(page, '', [10, 100])
    const box = (await page.getByTestId('draw-panel').boundingBox())!
    expect(box.width).toBeGreaterThan(340)
    expect(box.y).toBeGreaterThan(300)
    await page.getByTestId('tool-point').tap()
    const [x, y] = await screen(page, at(10, 120))
    await page.touchscreen.tap(x, y)
    await nameAndSave(page, 'poor_transport', '手机上画的点')
    const p = (await features(mapId)).find((f) => f.name === '手机上画的点')
    expect(p).toBeTruthy()
    await page.screenshot({ path: `${SHOTS}/cuntu-draw-phone.png` })
    await phone.close()
  })
})
