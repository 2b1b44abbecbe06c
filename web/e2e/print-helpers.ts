/** Helpers for the print browser tests and the print benchmark: a print's parameters, and reading PDFs with poppler. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import type { PrintParams } from '@cuntu/server/contract'
import type { PrintHookResult } from '../src/features/print/print-hook.ts'

export function printParams(over: Partial<PrintParams> & { bbox: [number, number, number, number] }): PrintParams {
  const { bbox, ...rest } = over
  return {
    kind: 'sheet',
    format: 'png',
    title: '石桥村 困难群众和特殊群体分布图',
    author: '测试',
    notes: '',
    filters: { cats: [], match: 'any', group: null, status: null, age: null, dis: null, grade: null, year: null },
    extent: { kind: 'village', bbox, group: null },
    layers: ['households'],
    basemap: 'offline',
    page: { size: 'A4', orientation: 'landscape', dpi: 150 },
    names: false,
    deidentified: false,
    overview: false,
    annex: false,
    ...rest,
  }
}

/** Run a print in the page through `window.__cuntuPrint` (the same path as the button). */
export function runPrint(page: Page, params: PrintParams, opts: { bytes?: boolean; maxTilePx?: number } = { bytes: true }): Promise<PrintHookResult> {
  return page.evaluate(({ params, opts }) => window.__cuntuPrint!.run(params, opts), { params, opts })
}

export async function waitForPrintHook(page: Page): Promise<{ bbox: [number, number, number, number]; groups: number[] }> {
  await page.waitForFunction(() => !!window.__cuntuPrint?.villageBbox, null, { timeout: 60_000 })
  return page.evaluate(() => ({ bbox: window.__cuntuPrint!.villageBbox!, groups: window.__cuntuPrint!.groups }))
}

const dir = mkdtempSync(path.join(tmpdir(), 'cuntu-print-'))
console.log(`[print tests] files in ${dir}`)
let n = 0

/** Write bytes to a temp file; returns its path. */
export function saveTemp(bytes: Buffer, ext: string): string {
  const file = path.join(dir, `print-${++n}.${ext}`)
  writeFileSync(file, bytes)
  return file
}

export const pdftotext = (file: string, layout = false) => execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' })
export const pdffonts = (file: string) => execFileSync('pdffonts', [file], { encoding: 'utf8' })
export const pdfPages = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Buffer): [number, number] {
  if (bytes.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG')
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]
}
