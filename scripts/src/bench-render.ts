/**
 * The render benchmark: how fast the map-first client draws, against a plain
 * MapLibre GeoJSON circle layer measured in the same run.
 *
 *   npx tsx scripts/src/bench-render.ts [--households 100000] [--runs 5] [--pan-frames 40] [--toggles 4]
 *
 * 1. Builds web/dist when it is missing or older than web/src, starts the real
 *    server in-process (buildApp) on a fresh embedded PGlite in os.tmpdir()
 *    (or a new database `cuntu_benchrender_<pid>` on DATABASE_URL, dropped
 *    afterwards), seeds the demo village and demo accounts, and loads a
 *    generated village of N households (`generateVillage`, code 440982101299,
 *    under the demo township) with `loadDataset`.
 * 2. Signs in as the demo `admin` (system administrator: every area in scope)
 *    and drives Debian's chromium (headless, SwiftShader software GL,
 *    1280×800) through the real client and through a plain MapLibre page that
 *    this script serves from the same server (`/__bench/…`), so both fetch the
 *    same households from the same API with the same session.
 * 3. Measures time to first frame (demo village), then, with the big village
 *    loaded, frame intervals while panning and latency + frame intervals while
 *    toggling a category filter. Prints a table (medians, p95, ratio) and
 *    writes bench-results/render-<date>.json.
 *
 * In-page code is plain JavaScript text (not functions): tsx may wrap
 * functions in helpers that do not exist in the page.
 */
import { existsSync } from 'node:fs'
import { writeBenchResults } from './bench-results.ts'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createRequire } from 'node:module'
import { sql } from 'drizzle-orm'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { loadDataset, type Database } from '@cuntu/db'
import { DEMO_PLACES, DEMO_VILLAGE_CODE, generateVillage } from '@cuntu/fixtures'
import { buildApp } from '@cuntu/server'
import type { Category } from '@cuntu/server/contract'
import { DEMO_PASSWORD, ensureDemoAccounts, seedDemoIfEmpty } from '@cuntu/server/tooling'
import { CHROMIUM_PATH, launch } from './stage/chromium.ts'
import { buildWebIfStale, listenLocal, throwawayDatabase, WEB_DIST } from './stage/stage.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const MAPLIBRE_DIST = path.dirname(createRequire(path.join(ROOT, 'web/package.json')).resolve('maplibre-gl/dist/maplibre-gl.js'))
/** A new village under the demo township (河东镇), so the demo's area chain is reused. */
const BIG_VILLAGE = '440982101299'
const VIEWPORT = { width: 1280, height: 800 }

const { values: args } = parseArgs({
  options: {
    households: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
    'pan-frames': { type: 'string', default: '40' },
    toggles: { type: 'string', default: '4' },
    category: { type: 'string', default: 'dibao' },
    seed: { type: 'string', default: '4242' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log('npx tsx scripts/src/bench-render.ts [--households 100000] [--runs 5] [--pan-frames 40] [--toggles 4] [--category dibao] [--seed 4242]')
  process.exit(0)
}
const HOUSEHOLDS = Number(args.households)
const RUNS = Number(args.runs)
const PAN_FRAMES = Number(args['pan-frames'])
const TOGGLES = Number(args.toggles)
const CATEGORY = args.category
const SEED = Number(args.seed)
for (const [k, v] of Object.entries({ HOUSEHOLDS, RUNS, PAN_FRAMES, TOGGLES, SEED })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer`)
}

const log = (msg: string) => console.log(`[bench-render ${(process.uptime()).toFixed(0).padStart(4)}s] ${msg}`)

// ---------------------------------------------------------------- statistics

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

interface Summary {
  n: number
  p50: number
  p95: number
  min: number
  max: number
  samples: number[]
}

function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const r = (x: number) => Math.round(x * 10) / 10
  return { n: samples.length, p50: r(percentile(sorted, 50)), p95: r(percentile(sorted, 95)), min: r(sorted[0]!), max: r(sorted.at(-1)!), samples: samples.map(r) }
}

const diffs = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]!)

// ---------------------------------------------------------------- data

/** The demo village, then the big village under the same township: only the village itself is a new area. */
async function loadVillages(database: Database): Promise<{ generateMs: number; loadMs: number; analyzeMs: number; members: number }> {
  await seedDemoIfEmpty(database, log)
  await ensureDemoAccounts(database)
  let t = performance.now()
  const big = generateVillage({ households: HOUSEHOLDS, groups: Math.max(1, Math.round(HOUSEHOLDS / 500)), villageCode: BIG_VILLAGE, seed: SEED, centre: [111.12, 21.8] })
  big.areas = [{ code: BIG_VILLAGE, name: '大样本村（基准）', level: 'village', parentCode: DEMO_PLACES.township.code }]
  const generateMs = performance.now() - t
  const members = big.households.reduce((n, h) => n + h.members.length, 0)
  log(`generated ${HOUSEHOLDS} households, ${members} members in ${(generateMs / 1000).toFixed(1)} s; loading …`)
  t = performance.now()
  await loadDataset(database, big, { source: 'bench', batchSize: 5000 })
  const loadMs = performance.now() - t
  // PostgreSQL's autovacuum would analyse after a bulk load; PGlite has none. Without statistics the
  // households query picks per-household scans and grows quadratically (100,000 households: > 6 min).
  t = performance.now()
  await database.db.execute(sql`analyze`)
  const analyzeMs = performance.now() - t
  log(`loaded in ${(loadMs / 1000).toFixed(1)} s, analysed in ${(analyzeMs / 1000).toFixed(1)} s`)
  return { generateMs, loadMs, analyzeMs, members }
}

/**
 * The baseline page: MapLibre from node_modules, one GeoJSON source fetched
 * from the real households API (same session cookie), one circle layer
 * coloured by the household's first category (registry colours, match
 * expression), the same canvas attributes as the client's adapter.
 */
function baselineScript(categories: Category[]): string {
  const pairs = categories.flatMap((c) => [c.code, c.colour])
  return `(() => {
  const q = new URLSearchParams(location.search)
  const el = document.getElementById('map')
  el.style.width = q.get('w') + 'px'
  el.style.height = q.get('h') + 'px'
  const cats = ['array', 'string', ['get', 'categories']]
  const colour = ['case', ['>', ['length', cats], 0], ['match', ['at', 0, cats], ...${JSON.stringify(pairs)}, '#8a8f98'], '#8a8f98']
  const map = new maplibregl.Map({
    container: el,
    style: {
      version: 8,
      sources: { hh: { type: 'geojson', data: '/api/villages/' + q.get('village') + '/households' } },
      layers: [
        { id: 'paper', type: 'background', paint: { 'background-color': '#f3efe6' } },
        { id: 'hh', type: 'circle', source: 'hh', paint: {
          'circle-color': colour,
          // Radius = half the client's smallest ring at that zoom (7 / 11 / 16 px).
          'circle-radius': ['step', ['zoom'], 3.5, 15, 5.5, 16, 8],
          'circle-stroke-width': 1,
          'circle-stroke-color': '#ffffff',
        } },
      ],
    },
    center: [Number(q.get('lng')), Number(q.get('lat'))],
    zoom: Number(q.get('z')),
    maxZoom: 20,
    attributionControl: false,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
    dragRotate: false,
    pitchWithRotate: false,
  })
  const frames = { drawn: 0, idle: 0 }
  map.on('render', () => frames.drawn++)
  map.on('idle', () => frames.idle++)
  window.__baseline = {
    map,
    frames: () => ({ ...frames }),
    setCategory: (c) => map.setFilter('hh', c ? ['in', c, cats] : null),
    renderedCount: () => new Set(map.queryRenderedFeatures({ layers: ['hh'] }).map((f) => f.properties.id)).size,
  }
  map.once('idle', () => {
    window.__bench.marks.idle = performance.now()
    requestAnimationFrame(() => { window.__bench.marks.frame = performance.now() })
  })
})()`
}

const BASELINE_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title>
<link rel="stylesheet" href="/__bench/maplibre-gl.css">
<style>html,body{margin:0;padding:0;background:#fff}#map{position:absolute;left:0;top:0}</style></head>
<body><div id="map"></div><script src="/__bench/maplibre-gl.js"></script><script src="/__bench/baseline.js"></script></body></html>`

// ---------------------------------------------------------------- in-page measurement (both pages)

/**
 * Installed before any page script. `frames()`/`map engine` come from
 * window.__cuntu (the client's test hook) or window.__baseline.
 *  - marks.frame (client): the hook reports households in the layers
 *    (ready && renderedCount() > 0) → the hook's idle() (next MapLibre 'idle',
 *    i.e. a complete frame with nothing pending) → one requestAnimationFrame.
 *    Polled once per animation frame. The baseline sets marks itself.
 *  - pan(frames, amp): a mouse drag through MapLibre's own handlers
 *    (synthetic mousedown on the canvas, one mousemove per animation frame,
 *    mouseup), returning rAF timestamps and MapLibre frames drawn.
 *  - toggle(on): one filter change; the latency from the input to the rAF
 *    after the first MapLibre 'idle' that follows the change, and the rAF
 *    timestamps in between.
 */
const PAGE_LIB = `(() => {
  const bench = { marks: {} }
  window.__bench = bench
  const engine = () => window.__cuntu || window.__baseline
  const raf = () => new Promise((r) => requestAnimationFrame(r))
  bench.watchClient = () => {
    const poll = () => {
      const h = window.__cuntu
      if (h && bench.marks.preview === undefined && h.previewCount() > 0) bench.marks.preview = performance.now()
      if (h && h.ready && h.renderedCount() > 0) {
        bench.marks.ready = performance.now()
        h.idle().then(() => {
          bench.marks.idle = performance.now()
          requestAnimationFrame(() => { bench.marks.frame = performance.now() })
        })
        return
      }
      requestAnimationFrame(poll)
    }
    requestAnimationFrame(poll)
  }
  bench.idle = () => new Promise((resolve) => {
    if (window.__baseline) {
      const m = window.__baseline.map
      if (m.loaded() && !m.isMoving()) { m.once('idle', () => resolve()); m.triggerRepaint() } else m.once('idle', () => resolve())
    } else window.__cuntu.idle().then(resolve)
  })
  bench.pan = async (frames, amp) => {
    const canvas = document.querySelector('.maplibregl-canvas')
    const r = canvas.getBoundingClientRect()
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2
    const fire = (type, x, y, buttons) => canvas.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons, view: window }))
    const f0 = engine().frames()
    const times = []
    fire('mousedown', cx, cy, 1)
    for (let i = 0; i <= frames; i++) {
      times.push(await raf())
      // Right and back twice, down and back once: ends where it started at zero speed, so no inertia follows.
      const t = i / frames
      const x = cx + amp * (1 - Math.cos(4 * Math.PI * t)) / 2
      const y = cy + (amp / 2) * (1 - Math.cos(2 * Math.PI * t)) / 2
      if (i < frames) fire('mousemove', x, y, 1)
    }
    fire('mouseup', cx, cy, 0)
    const f1 = engine().frames()
    return { times, drawn: f1.drawn - f0.drawn }
  }
  bench.toggle = (on, category) => new Promise((resolve) => {
    const times = []
    const client = !!window.__cuntu
    let t0 = 0, before = 0, seenIdle = -1, drawn0 = 0, done = false
    const step = (ts) => {
      times.push(ts)
      if (t0 === 0) {
        before = client ? window.__cuntu.renderedCount() : 0
        drawn0 = engine().frames().drawn
        t0 = performance.now()
        if (client) document.querySelector('[data-testid="filter-cat-' + category + '"]').click()
        else window.__baseline.setCategory(on ? category : null)
      }
      if (seenIdle < 0 && (!client || window.__cuntu.renderedCount() !== before)) seenIdle = engine().frames().idle
      if (done) {
        const f = engine().frames()
        resolve({ ms: performance.now() - t0, times, drawn: f.drawn - drawn0, rendered: client ? window.__cuntu.renderedCount() : null })
        return
      }
      if (seenIdle >= 0 && engine().frames().idle > seenIdle) done = true
      if (performance.now() - t0 > 60000) { resolve({ error: 'no filtered frame within 60 s', ms: NaN, times, drawn: 0, rendered: null }); return }
      requestAnimationFrame(step)
    }
    requestAnimationFrame(step)
  })
  bench.glRenderer = () => {
    const gl = document.createElement('canvas').getContext('webgl2')
    const ext = gl && gl.getExtension('WEBGL_debug_renderer_info')
    return gl ? String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'no webgl2'
  }
})()`

interface Marks {
  ready?: number
  idle?: number
  frame?: number
  preview?: number
}

interface FirstFrame {
  /** Navigation start → the rAF after the first complete frame with households. */
  ms: number
  /** Client: navigation start → households response fully received (Resource Timing). */
  apiMs: number | null
  /** Client: navigation start → the test hook reports the households in the layers. */
  readyMs: number | null
  /** Client, a large village: navigation start → the first frame with its households drawn from the preview tiles. */
  previewMs: number | null
  drawn: number
}

type Engine = 'cuntu' | 'baseline'

interface View {
  z: number
  lng: number
  lat: number
  w: number
  h: number
}

async function newPage(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (e) => errors.push(e.message))
  await page.addInitScript({ content: PAGE_LIB })
  return page
}

const evaluate = <T>(page: Page, js: string): Promise<T> => page.evaluate(js) as Promise<T>

/** Poll an expression from Node (page.waitForFunction with text would need eval, which the app's CSP forbids). */
async function waitFor(page: Page, js: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await evaluate<boolean>(page, js))) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${js}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Open a view on one engine in a fresh page and wait for its first complete frame with households. */
async function openView(context: BrowserContext, baseUrl: string, engine: Engine, village: string, view: View | null, timeoutMs: number) {
  const errors: string[] = []
  const page = await newPage(context, errors)
  if (engine === 'cuntu') await page.addInitScript({ content: 'window.__bench.watchClient()' })
  const url =
    engine === 'cuntu'
      ? `${baseUrl}/?village=${village}`
      : `${baseUrl}/__bench/baseline.html?village=${village}&z=${view!.z}&lng=${view!.lng}&lat=${view!.lat}&w=${view!.w}&h=${view!.h}`
  await page.goto(url)
  await waitFor(page, '!!window.__bench && window.__bench.marks.frame !== undefined', timeoutMs)
  if (errors.length) throw new Error(`${engine} page errors: ${errors.join('; ')}`)
  const marks = await evaluate<Marks>(page, 'window.__bench.marks')
  const api = await evaluate<{ end: number; ms: number; bytes: number } | null>(
    page,
    `(() => { const e = performance.getEntriesByType('resource').find((r) => r.name.includes('/api/villages/${village}/households')); return e ? { end: e.responseEnd, ms: e.responseEnd - e.startTime, bytes: e.encodedBodySize } : null })()`,
  )
  const apiMs = api?.end ?? null
  const drawn =
    engine === 'cuntu' ? await evaluate<number>(page, 'window.__cuntu.renderedCount()') : await evaluate<number>(page, 'window.__baseline.renderedCount()')
  const first: FirstFrame = { ms: marks.frame!, apiMs: engine === 'cuntu' ? apiMs : null, readyMs: marks.ready ?? null, previewMs: marks.preview ?? null, drawn }
  return { page, first, errors, api }
}

/** The client's view once it has fitted the village: the URL keeps it (WGS84), the map element gives the drawn size. */
async function clientView(page: Page): Promise<View> {
  await waitFor(page, 'new URLSearchParams(location.search).has("z")', 10_000)
  const u = new URL(page.url())
  const rect = await evaluate<{ w: number; h: number }>(page, `(() => { const r = document.querySelector('[data-testid="map"]').getBoundingClientRect(); return { w: Math.round(r.width), h: Math.round(r.height) } })()`)
  return { z: Number(u.searchParams.get('z')), lng: Number(u.searchParams.get('lng')), lat: Number(u.searchParams.get('lat')), ...rect }
}

interface InteractionResult {
  panIntervals: number[]
  panRuns: { medianMs: number; rafFrames: number; mapFramesDrawn: number }[]
  filterLatency: number[]
  filterFrames: number[]
  filterIntervals: number[]
  toggles: { on: boolean; ms: number; rafFrames: number; mapFramesDrawn: number; rendered: number | null }[]
  drawnOn: number
  drawnOff: number
}

async function interact(page: Page, engine: Engine): Promise<InteractionResult> {
  const out: InteractionResult = { panIntervals: [], panRuns: [], filterLatency: [], filterFrames: [], filterIntervals: [], toggles: [], drawnOn: 0, drawnOff: 0 }
  out.drawnOff = await evaluate<number>(page, engine === 'cuntu' ? 'window.__cuntu.renderedCount()' : 'window.__baseline.renderedCount()')
  // Warm-up: one short drag and one filter round trip, not recorded.
  await evaluate(page, `window.__bench.pan(20, 150)`)
  await evaluate(page, 'window.__bench.idle()')
  await evaluate(page, `window.__bench.toggle(true, ${JSON.stringify(CATEGORY)})`)
  await evaluate(page, 'window.__bench.idle()')
  out.drawnOn = await evaluate<number>(page, engine === 'cuntu' ? 'window.__cuntu.renderedCount()' : 'window.__baseline.renderedCount()')
  await evaluate(page, `window.__bench.toggle(false, ${JSON.stringify(CATEGORY)})`)
  await evaluate(page, 'window.__bench.idle()')
  for (let run = 0; run < RUNS; run++) {
    const pan = await evaluate<{ times: number[]; drawn: number }>(page, `window.__bench.pan(${PAN_FRAMES}, 240)`)
    const iv = diffs(pan.times)
    out.panIntervals.push(...iv)
    out.panRuns.push({ medianMs: summarise(iv).p50, rafFrames: iv.length, mapFramesDrawn: pan.drawn })
    await evaluate(page, 'window.__bench.idle()')
    for (let k = 0; k < TOGGLES; k++) {
      const on = k % 2 === 0
      const r = await evaluate<{ ms: number; times: number[]; drawn: number; rendered: number | null; error?: string }>(page, `window.__bench.toggle(${on}, ${JSON.stringify(CATEGORY)})`)
      if (r.error) throw new Error(`${engine}: ${r.error}`)
      out.filterLatency.push(r.ms)
      out.filterFrames.push(r.times.length - 1)
      out.filterIntervals.push(...diffs(r.times))
      out.toggles.push({ on, ms: Math.round(r.ms * 10) / 10, rafFrames: r.times.length - 1, mapFramesDrawn: r.drawn, rendered: r.rendered })
      await page.waitForTimeout(50)
    }
    // Leave the filter off for the next pan.
    if (TOGGLES % 2 === 1) await evaluate(page, `window.__bench.toggle(false, ${JSON.stringify(CATEGORY)})`)
    await evaluate(page, 'window.__bench.idle()')
  }
  return out
}

// ---------------------------------------------------------------- main

async function main() {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium is missing at ${CHROMIUM_PATH} (apt-get install chromium); this benchmark never downloads a browser`)
  const loadBefore = os.loadavg()
  buildWebIfStale(log)
  const t0 = performance.now()
  const db = await throwawayDatabase('cuntu_benchrender', process.env.DATABASE_URL)
  log(`database: ${db.engine}`)
  let browser: Browser | null = null
  const app = await buildApp({ database: db.database, webDist: WEB_DIST })
  try {
    const setup = await loadVillages(db.database)
    // The baseline page, served by the same server so it has the same origin, session and API.
    let baselineJs = ''
    app.get('/__bench/baseline.html', { schema: { hide: true } }, (_req, reply) => reply.type('text/html; charset=utf-8').send(BASELINE_HTML))
    app.get('/__bench/baseline.js', { schema: { hide: true } }, (_req, reply) => reply.type('text/javascript; charset=utf-8').send(baselineJs))
    app.get('/__bench/maplibre-gl.js', { schema: { hide: true } }, (_req, reply) => reply.sendFile('maplibre-gl.js', MAPLIBRE_DIST))
    app.get('/__bench/maplibre-gl.css', { schema: { hide: true } }, (_req, reply) => reply.sendFile('maplibre-gl.css', MAPLIBRE_DIST))
    const baseUrl = await listenLocal(app)

    browser = await launch()
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' })
    // The demo system administrator: every area in scope, so the big village is visible without changing any organisation.
    const login = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username: 'admin', password: DEMO_PASSWORD } })
    if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`)
    const categories = (await (await context.request.get(`${baseUrl}/api/categories`)).json()) as Category[]
    baselineJs = baselineScript(categories)

    // 1. Time to first frame, demo village: one warm-up per engine, then RUNS runs alternating engines, a fresh page each.
    const first: Record<Engine, FirstFrame[]> = { cuntu: [], baseline: [] }
    let demoView: View | null = null
    let glRenderer = ''
    for (let run = -1; run < RUNS; run++) {
      for (const engine of ['cuntu', 'baseline'] as Engine[]) {
        const { page, first: f } = await openView(context, baseUrl, engine, DEMO_VILLAGE_CODE, demoView, 60_000)
        if (engine === 'cuntu' && !demoView) {
          demoView = await clientView(page)
          glRenderer = await evaluate<string>(page, 'window.__bench.glRenderer()')
        }
        await page.close()
        if (run >= 0) first[engine].push(f)
        log(`first frame, demo village, ${engine}${run < 0 ? ' (warm-up)' : ` run ${run + 1}`}: ${f.ms.toFixed(0)} ms (${f.drawn} households drawn)`)
      }
    }

    // 2 + 3. The big village: load once per engine, then pan and filter on the same page.
    const big: Partial<Record<Engine, { first: FirstFrame; view: View; interaction: InteractionResult }>> = {}
    let bigView: View | null = null
    let bigApiMs = Number.NaN
    let bigBytes = Number.NaN
    for (const engine of ['cuntu', 'baseline'] as Engine[]) {
      log(`${engine}: opening the ${HOUSEHOLDS}-household village …`)
      const { page, first: f, api } = await openView(context, baseUrl, engine, BIG_VILLAGE, bigView, 300_000)
      if (engine === 'cuntu' && api) {
        bigApiMs = api.ms
        bigBytes = api.bytes
      }
      log(`${engine}: first frame ${(f.ms / 1000).toFixed(1)} s (${f.drawn} households drawn); panning and filtering …`)
      if (engine === 'cuntu') bigView = await clientView(page)
      const interaction = await interact(page, engine)
      big[engine] = { first: f, view: bigView!, interaction }
      const s = summarise(interaction.panIntervals)
      log(`${engine}: pan frame ${s.p50} ms (p95 ${s.p95}), filter ${summarise(interaction.filterLatency).p50} ms; ${CATEGORY}: ${interaction.drawnOn} of ${interaction.drawnOff} drawn`)
      await page.close()
    }
    await context.close()

    // ------------------------------------------------------------ report
    const c = big.cuntu!.interaction
    const b = big.baseline!.interaction
    const rows: { metric: string; unit: string; what: string; cuntu: Summary; baseline: Summary }[] = [
      {
        metric: 'first frame, demo village',
        unit: 'ms',
        what: 'navigation start → rAF after the first MapLibre idle with the households drawn (fresh page, warm HTTP cache)',
        cuntu: summarise(first.cuntu.map((f) => f.ms)),
        baseline: summarise(first.baseline.map((f) => f.ms)),
      },
      {
        metric: `pan frame, ${HOUSEHOLDS / 1000}k`,
        unit: 'ms',
        what: `requestAnimationFrame intervals during a ${PAN_FRAMES}-frame mouse drag (one mousemove per frame), pooled over ${RUNS} drags`,
        cuntu: summarise(c.panIntervals),
        baseline: summarise(b.panIntervals),
      },
      {
        metric: `filter latency, ${HOUSEHOLDS / 1000}k`,
        unit: 'ms',
        what: `toggle ${CATEGORY} (client: the filter checkbox; baseline: setFilter) → rAF after the next MapLibre idle`,
        cuntu: summarise(c.filterLatency),
        baseline: summarise(b.filterLatency),
      },
      {
        metric: `filter frames, ${HOUSEHOLDS / 1000}k`,
        unit: 'frames',
        what: 'animation frames from the toggle to that rAF',
        cuntu: summarise(c.filterFrames),
        baseline: summarise(b.filterFrames),
      },
      {
        metric: `filter frame, ${HOUSEHOLDS / 1000}k`,
        unit: 'ms',
        what: 'requestAnimationFrame intervals between the toggle and the filtered frame',
        cuntu: summarise(c.filterIntervals),
        baseline: summarise(b.filterIntervals),
      },
    ]
    const info = {
      bigFirstFrameMs: { cuntu: Math.round(big.cuntu!.first.ms), baseline: Math.round(big.baseline!.first.ms) },
      cuntuFirstFrameBreakdown: {
        demo: {
          householdsResponseEndMs: summarise(first.cuntu.map((f) => f.apiMs ?? Number.NaN)).p50,
          hookReadyMs: summarise(first.cuntu.map((f) => f.readyMs ?? Number.NaN)).p50,
        },
        big: { householdsResponseEndMs: big.cuntu!.first.apiMs, hookReadyMs: big.cuntu!.first.readyMs, previewFrameMs: big.cuntu!.first.previewMs },
      },
      panMapFramesPerRun: { cuntu: c.panRuns, baseline: b.panRuns },
      drawn: { cuntu: { all: c.drawnOff, [CATEGORY]: c.drawnOn }, baseline: { all: b.drawnOff, [CATEGORY]: b.drawnOn } },
    }

    const ratio = (x: number, y: number) => (y > 0 ? `${(x / y).toFixed(2)}×` : 'n/a')
    const cell = (s: Summary) => `${s.p50} (${s.p95})`
    const header = ['metric', 'Cuntu median (p95)', 'baseline median (p95)', 'ratio (median)', 'ratio (p95)']
    const body = rows.map((r) => [`${r.metric} [${r.unit}]`, cell(r.cuntu), cell(r.baseline), ratio(r.cuntu.p50, r.baseline.p50), ratio(r.cuntu.p95, r.baseline.p95)])
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
    const line = (cells: string[]) => cells.map((x, i) => x.padEnd(widths[i]!)).join(' | ')
    console.log('')
    console.log(line(header))
    console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
    for (const row of body) console.log(line(row))
    console.log('')
    for (const r of rows) console.log(`  ${r.metric}: ${r.what}`)
    console.log('')
    console.log(`  first frame, ${HOUSEHOLDS / 1000}k village (one sample each): Cuntu ${info.bigFirstFrameMs.cuntu} ms, baseline ${info.bigFirstFrameMs.baseline} ms; households request in the client ${Math.round(bigApiMs)} ms (${(bigBytes / 1e6).toFixed(1)} MB)`)
    console.log(`  Cuntu first frame, demo village (medians): households response end ${info.cuntuFirstFrameBreakdown.demo.householdsResponseEndMs} ms, hook ready ${info.cuntuFirstFrameBreakdown.demo.hookReadyMs} ms`)
    console.log(`  Cuntu first frame, ${HOUSEHOLDS / 1000}k village: households drawn from the preview tiles ${Math.round(big.cuntu!.first.previewMs ?? Number.NaN)} ms, households response end ${Math.round(big.cuntu!.first.apiMs ?? Number.NaN)} ms, hook ready ${Math.round(big.cuntu!.first.readyMs ?? Number.NaN)} ms`)
    console.log(`  MapLibre frames drawn per ${PAN_FRAMES}-frame drag: Cuntu ${c.panRuns.map((r) => r.mapFramesDrawn).join(', ')}; baseline ${b.panRuns.map((r) => r.mapFramesDrawn).join(', ')}`)
    console.log(`  drawn households: Cuntu ${c.drawnOff} (${CATEGORY}: ${c.drawnOn}); baseline ${b.drawnOff} rendered features in view (${CATEGORY}: ${b.drawnOn})`)
    console.log('')
    console.log(`  CAVEAT: headless chromium ${browser.version()} with software GL (${glRenderer}) on ${os.cpus().length} CPU cores,`)
    console.log('  load average before/after ' + `${loadBefore.map((x) => x.toFixed(1)).join(' ')} / ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}.`)
    console.log('  Every pixel is shaded on the CPU, and headless frames are paced at 60 Hz (16.7 ms is the floor), so absolute')
    console.log('  figures say little about a laptop or phone GPU; the ratios against the baseline, measured in the same run,')
    console.log('  are the figures to compare. Pans are synthetic DOM mouse events through MapLibre\'s own handlers, not OS input.')

    const file = writeBenchResults('render', {
      benchmark: 'render',
      date: new Date().toISOString(),
      options: { households: HOUSEHOLDS, runs: RUNS, panFrames: PAN_FRAMES, toggles: TOGGLES, category: CATEGORY, seed: SEED, viewport: VIEWPORT },
      environment: {
        chromium: browser.version(),
        glRenderer,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        loadavgBefore: loadBefore,
        loadavgAfter: os.loadavg(),
        database: db.engine.split(' ')[0],
        node: process.version,
      },
      setup: { ...setup, bigVillage: BIG_VILLAGE, bigApiMs: Math.round(bigApiMs), bigBytes, demoView, bigView, account: 'admin (system_admin)' },
      metrics: rows.map((r) => ({ ...r, ratioP50: r.cuntu.p50 / r.baseline.p50, ratioP95: r.cuntu.p95 / r.baseline.p95 })),
      info,
      firstFrameRuns: first,
      toggles: { cuntu: c.toggles, baseline: b.toggles },
      totalSeconds: Math.round((performance.now() - t0) / 1000),
    })
    console.log(`\n  wrote ${file} (${Math.round((performance.now() - t0) / 1000)} s in all)`)
  } finally {
    await browser?.close()
    await app.close()
    await db.dispose()
  }
}

await main()
