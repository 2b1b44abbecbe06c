/**
 * The print benchmark: how long a finished sheet takes in headless chromium,
 * beside a bare `map.getCanvas()` capture of the same view at the same pixel
 * size measured in the same run.
 *
 *   npx tsx scripts/src/bench-print.ts [--runs 3] [--atlas-runs 1] [--atlas-dpi 300]
 *
 * 1. Builds web/dist when stale, starts the real server in-process on a fresh
 *    embedded PGlite (or a new database `cuntu_benchprint_<pid>` on
 *    DATABASE_URL, dropped afterwards), seeds the demo village (8 groups).
 * 2. Signs in as the demo social worker and opens the village in Debian's
 *    chromium (SwiftShader software GL), then through `window.__cuntuPrint`
 *    (the same path as the 出图 button: the server records and audits each
 *    print) times, alternating, for `--runs` rounds:
 *      bare  — one map canvas of the A3 300 dpi page's size, same view, read back as PNG;
 *      png   — the A3 landscape 300 dpi sheet as PNG (layout, legend, overview, QR …);
 *      pdf   — the same sheet as PDF (embedded subset fonts);
 *    then the atlas of the village (overview + one page per group, A3 landscape).
 * 3. Prints medians and the ratios against the targets (A3 PNG within 2× the
 *    bare capture; atlas of 8 groups under 60 s) and writes bench-results/print-<time>.json.
 *
 * In-page code is plain JavaScript text: tsx may wrap functions in helpers the page lacks.
 */
import { existsSync } from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { buildApp } from '@cuntu/server'
import { DEMO_PASSWORD, ensureDemoAccounts, seedDemoIfEmpty } from '@cuntu/server/tooling'
import { DEMO_VILLAGE_CODE } from '@cuntu/fixtures'
import { CHROMIUM_PATH, launch } from './stage/chromium.ts'
import { buildWebIfStale, listenLocal, throwawayDatabase, WEB_DIST } from './stage/stage.ts'
import { writeBenchResults } from './bench-results.ts'

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'atlas-runs': { type: 'string', default: '1' },
    'atlas-dpi': { type: 'string', default: '300' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log('npx tsx scripts/src/bench-print.ts [--runs 3] [--atlas-runs 1] [--atlas-dpi 300|150]')
  process.exit(0)
}
const RUNS = Number(args.runs)
const ATLAS_RUNS = Number(args['atlas-runs'])
const ATLAS_DPI = Number(args['atlas-dpi'])
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(ATLAS_RUNS) || ATLAS_RUNS < 0 || ![150, 300].includes(ATLAS_DPI)) {
  throw new Error('--runs ≥ 1, --atlas-runs ≥ 0, --atlas-dpi 150 or 300')
}

const log = (msg: string) => console.log(`[bench-print ${process.uptime().toFixed(0).padStart(4)}s] ${msg}`)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

interface Result {
  ms: number
  bytes: number
  width?: number
  height?: number
  pages?: number
}

function paramsJs(kind: 'sheet' | 'atlas', format: 'png' | 'pdf', dpi: number): string {
  return `({
    kind: '${kind}', format: '${format}', title: '石桥村 困难群众和特殊群体分布图', author: '基准', notes: '',
    filters: { cats: [], match: 'any', group: null, status: null, age: null, dis: null, grade: null, year: null },
    extent: { kind: 'village', bbox: window.__cuntuPrint.villageBbox, group: null }, layers: ['households'], basemap: 'offline',
    page: { size: 'A3', orientation: 'landscape', dpi: ${dpi} }, names: false, deidentified: false, overview: true, annex: false,
  })`
}

async function time(page: Page, what: 'bare' | 'png' | 'pdf' | 'atlas'): Promise<Result> {
  const call =
    what === 'bare'
      ? `window.__cuntuPrint.bare(${paramsJs('sheet', 'png', 300)})`
      : what === 'atlas'
        ? `window.__cuntuPrint.run(${paramsJs('atlas', 'pdf', ATLAS_DPI)}, { bytes: false })`
        : `window.__cuntuPrint.run(${paramsJs('sheet', what, 300)}, { bytes: false })`
  const r = (await page.evaluate(`${call}.then((r) => ({ ms: r.ms, bytes: r.bytes, width: r.width, height: r.height, pages: r.pages }))`)) as Result
  log(`${what.padEnd(5)} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${(r.bytes / 1e6).toFixed(2)} MB${r.width ? `  ${r.width}×${r.height}` : ''}${r.pages ? `  ${r.pages} pages` : ''}`)
  return r
}

async function main() {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium is missing at ${CHROMIUM_PATH} (apt-get install chromium); this benchmark never downloads a browser`)
  const loadBefore = os.loadavg()
  buildWebIfStale(log)
  const db = await throwawayDatabase('cuntu_benchprint', process.env.DATABASE_URL)
  log(`database: ${db.engine}`)
  let browser: Browser | null = null
  const app = await buildApp({ database: db.database, webDist: WEB_DIST })
  try {
    await seedDemoIfEmpty(db.database, log)
    await ensureDemoAccounts(db.database)
    const baseUrl = await listenLocal(app)
    browser = await launch()
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const login = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username: 'worker', password: DEMO_PASSWORD } })
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`)
    const page = await context.newPage()
    await page.goto(`${baseUrl}/?village=${DEMO_VILLAGE_CODE}`)
    // Polled with page.evaluate: waitForFunction with text would need 'unsafe-eval', which the app's CSP forbids.
    const until = Date.now() + 120_000
    while (!(await page.evaluate('!!(window.__cuntu && window.__cuntu.ready && window.__cuntu.renderedCount() > 0 && window.__cuntuPrint && window.__cuntuPrint.villageBbox)'))) {
      if (Date.now() > until) throw new Error('the map did not load within 2 minutes')
      await new Promise((r) => setTimeout(r, 250))
    }
    await page.evaluate('window.__cuntu.idle()')
    const groups = (await page.evaluate('window.__cuntuPrint.groups.length')) as number
    const glRenderer = (await page.evaluate(`(() => { const gl = document.createElement('canvas').getContext('webgl2'); const e = gl && gl.getExtension('WEBGL_debug_renderer_info'); return gl ? String(gl.getParameter(e ? e.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : 'none' })()`)) as string
    log(`demo village: ${groups} groups; GL: ${glRenderer}`)

    // Warm-up: fonts, wasm, shaders and workers once, so every timed run starts equal.
    log('warm-up …')
    await time(page, 'png')
    const runs: Record<'bare' | 'png' | 'pdf', Result[]> = { bare: [], png: [], pdf: [] }
    for (let i = 0; i < RUNS; i++) {
      for (const what of ['bare', 'png', 'pdf'] as const) runs[what].push(await time(page, what))
    }
    const atlas: Result[] = []
    for (let i = 0; i < ATLAS_RUNS; i++) atlas.push(await time(page, 'atlas'))

    const med = (rs: Result[]) => (rs.length ? Math.round(median(rs.map((r) => r.ms))) : null)
    const summary = {
      bareMs: med(runs.bare),
      pngMs: med(runs.png),
      pdfMs: med(runs.pdf),
      atlasMs: med(atlas),
      pngOverBare: med(runs.png)! / med(runs.bare)!,
      pdfOverBare: med(runs.pdf)! / med(runs.bare)!,
    }
    const okPng = summary.pngOverBare <= 2
    const okAtlas = summary.atlasMs === null ? null : summary.atlasMs < 60_000
    console.log('')
    console.log(`A3 landscape 300 dpi, demo village (${groups} groups), median of ${RUNS} (atlas: ${ATLAS_RUNS} at ${ATLAS_DPI} dpi):`)
    console.log(`  bare map.getCanvas() capture  ${(summary.bareMs! / 1000).toFixed(1).padStart(6)} s  ${runs.bare[0]!.width}×${runs.bare[0]!.height} px`)
    console.log(`  A3 PNG sheet                  ${(summary.pngMs! / 1000).toFixed(1).padStart(6)} s  ${summary.pngOverBare.toFixed(2)}× bare  (target ≤ 2×: ${okPng ? 'met' : 'NOT met'})`)
    console.log(`  A3 PDF sheet                  ${(summary.pdfMs! / 1000).toFixed(1).padStart(6)} s  ${summary.pdfOverBare.toFixed(2)}× bare`)
    if (summary.atlasMs !== null) console.log(`  atlas (${groups + 1} pages)               ${(summary.atlasMs / 1000).toFixed(1).padStart(6)} s  (target < 60 s: ${okAtlas ? 'met' : 'NOT met'})`)
    const loadAfter = os.loadavg()
    console.log(`  load average before/after: ${loadBefore[0]!.toFixed(1)} / ${loadAfter[0]!.toFixed(1)} on ${os.cpus().length} cores (other work on the machine slows every number alike)`)
    const file = writeBenchResults('print', { when: new Date().toISOString(), database: db.engine, glRenderer, groups, runs: RUNS, atlasRuns: ATLAS_RUNS, atlasDpi: ATLAS_DPI, summary, okPng, okAtlas, samples: { ...runs, atlas }, loadBefore, loadAfter })
    console.log(`  full results: ${file}`)
    await context.close()
  } finally {
    await browser?.close()
    await app.close()
    await db.dispose()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
