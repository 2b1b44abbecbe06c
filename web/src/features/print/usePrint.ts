/**
 * One print at a time: ask the server first (it refuses names without the
 * right, saves the snapshot, audits), then render off-screen with progress,
 * cancellable. The visible map is not involved, so it stays usable.
 */
import { useCallback, useRef, useState } from 'react'
import type { AreaDetail, Category, HouseholdCollection, PrintCounts, PrintParams, PrintSnapshot } from '@cuntu/server/contract'
import { api, ApiError } from '../../api/client.ts'
import { translator } from '../../i18n/index.ts'
import { urlStore } from '../../state/url-store.ts'
import { BASEMAPS } from '../basemaps/basemaps.ts'
import { applyFilters } from '../households/filter.ts'
import { compileHouseholds, type HouseholdModel } from '../households/model.ts'
import { tiandituKeyStore } from '../settings/tianditu-key.ts'
import { countSheet } from './legend.ts'
import { printAtlas, printSheet, type PrintOutput, type PrintScene } from './compose.ts'
import { recordPrint } from './api.ts'

export type PrintState =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; output: PrintOutput; url: string; snapshot: PrintSnapshot }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string }

export interface PrintInputs {
  village: string
  model: HouseholdModel
  categories: Category[]
  area: AreaDetail
  approval: string
  maxTilePx?: number
}

/** What the legend will count, sent with the request so the snapshot remembers the numbers of that day. */
export function countsFor(model: HouseholdModel, params: PrintParams): PrintCounts {
  const pass = applyFilters(model, params.filters).pass
  const c = countSheet(model, pass, params.filters.year, params.extent.kind === 'view' || params.extent.kind === 'bbox' ? params.extent.bbox : null)
  return { households: c.households, people: c.people, byCategory: c.byCategory }
}

/** Run one print job to the end (also used by the test hook and the benchmark). */
export async function runPrint(inputs: PrintInputs, params: PrintParams, signal?: AbortSignal, onProgress?: (d: number, t: number) => void): Promise<{ output: PrintOutput; snapshot: PrintSnapshot }> {
  const snapshot = await recordPrint(inputs.village, { params, counts: countsFor(inputs.model, params) })
  let model = inputs.model
  // Names come from the named list (itself audited) only when this print shows them.
  if (params.names && !model.headName.some((n) => n !== null)) {
    const fc = await api<HouseholdCollection>(`/api/villages/${inputs.village}/households?names=1`, { signal })
    model = compileHouseholds(fc, inputs.categories)
  }
  const lang = urlStore.get().lang
  const scene: PrintScene = {
    model,
    categories: inputs.categories,
    area: inputs.area,
    basemap: BASEMAPS[params.basemap],
    tiandituKey: tiandituKeyStore.get(),
    approval: inputs.approval,
    lang,
    t: translator(lang),
    origin: window.location.origin,
    maxTilePx: inputs.maxTilePx,
  }
  const output = params.kind === 'atlas' ? await printAtlas(scene, params, snapshot, signal, onProgress) : await printSheet(scene, params, snapshot, signal, onProgress)
  return { output, snapshot }
}

export function usePrint() {
  const [state, setState] = useState<PrintState>({ phase: 'idle' })
  const abort = useRef<AbortController | null>(null)
  const lastUrl = useRef<string | null>(null)

  const start = useCallback(async (inputs: PrintInputs, params: PrintParams) => {
    abort.current?.abort()
    const ac = new AbortController()
    abort.current = ac
    setState({ phase: 'running', done: 0, total: 1 })
    try {
      const { output, snapshot } = await runPrint(inputs, params, ac.signal, (done, total) => setState({ phase: 'running', done, total }))
      if (lastUrl.current) URL.revokeObjectURL(lastUrl.current)
      const url = URL.createObjectURL(output.blob)
      lastUrl.current = url
      setState({ phase: 'done', output, url, snapshot })
      return { output, url, snapshot }
    } catch (err) {
      if ((err as Error).name === 'AbortError') setState({ phase: 'cancelled' })
      else setState({ phase: 'failed', message: err instanceof ApiError ? err.message : String((err as Error).message ?? err) })
      return null
    } finally {
      if (abort.current === ac) abort.current = null
    }
  }, [])

  const cancel = useCallback(() => abort.current?.abort(), [])
  return { state, start, cancel }
}
