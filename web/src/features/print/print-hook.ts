/**
 * `window.__cuntuPrint`: runs a print job without the dialog, for the browser
 * tests and `npm run bench:print`. It goes through the same path as the
 * button (the server authorises, saves and audits first), and hands back the
 * file's bytes as base64 with its size.
 */
import type { PrintParams } from '@cuntu/server/contract'
import { translator } from '../../i18n/index.ts'
import { urlStore } from '../../state/url-store.ts'
import { BASEMAPS } from '../basemaps/basemaps.ts'
import { tiandituKeyStore } from '../settings/tianditu-key.ts'
import { bareSheetCapture, renderSheetMap, type PrintScene } from './compose.ts'
import { runPrint, type PrintInputs } from './usePrint.ts'
import type { PrintOutput } from './compose.ts'

export interface PrintHookResult {
  ms: number
  fileName: string
  bytes: number
  width?: number
  height?: number
  pages?: number
  /** The file, base64 (only when asked: a 300 dpi A3 PNG is megabytes). */
  base64?: string
  snapshotId?: string
  legend?: PrintOutput['legend']
  dpi?: number
}

export interface CuntuPrintHook {
  /** Defaults for a print of the current village; the caller overrides what it tests. */
  village: string
  villageBbox: [number, number, number, number] | null
  groups: number[]
  run(params: PrintParams, opts?: { bytes?: boolean; maxTilePx?: number }): Promise<PrintHookResult>
  bare(params: PrintParams): Promise<PrintHookResult>
  /** The sheet's map image alone as PNG base64 (render tests). */
  map(params: PrintParams, size: { cssWidth: number; cssHeight: number; dpi: number; maxTilePx?: number }): Promise<string>
}

declare global {
  interface Window {
    __cuntuPrint?: CuntuPrintHook
  }
}

async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

export function installPrintHook(inputs: PrintInputs): () => void {
  const scene = (params: PrintParams): PrintScene => {
    const lang = urlStore.get().lang
    return {
      model: inputs.model,
      categories: inputs.categories,
      area: inputs.area,
      basemap: BASEMAPS[params.basemap],
      tiandituKey: tiandituKeyStore.get(),
      approval: '',
      lang,
      t: translator(lang),
      origin: window.location.origin,
    }
  }
  const hook: CuntuPrintHook = {
    village: inputs.village,
    villageBbox: inputs.area.bbox,
    groups: inputs.area.groups.map((g) => g.number),
    async run(params, opts = {}) {
      const started = performance.now()
      const { output, snapshot } = await runPrint({ ...inputs, maxTilePx: opts.maxTilePx }, params)
      const ms = performance.now() - started
      return {
        ms,
        fileName: output.fileName,
        bytes: output.blob.size,
        width: output.width,
        height: output.height,
        pages: output.pages,
        snapshotId: snapshot.id,
        legend: output.legend,
        dpi: output.dpi,
        base64: opts.bytes ? await base64(output.blob) : undefined,
      }
    },
    async map(params, size) {
      const canvas = await renderSheetMap({ ...scene(params), maxTilePx: size.maxTilePx }, params, size.cssWidth, size.cssHeight, size.dpi)
      const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encode'))), 'image/png'))
      return base64(blob)
    },
    async bare(params) {
      const started = performance.now()
      const { blob, width, height } = await bareSheetCapture(scene(params), params)
      return { ms: performance.now() - started, fileName: 'bare.png', bytes: blob.size, width, height }
    },
  }
  window.__cuntuPrint = hook
  return () => {
    if (window.__cuntuPrint === hook) delete window.__cuntuPrint
  }
}
