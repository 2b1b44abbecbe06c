/**
 * The running import, kept outside React so closing the panel mid-upload or
 * mid-commit loses nothing: requests finish and land in the store, and the map
 * refreshes when they do.
 */
import type { QueryClient } from '@tanstack/react-query'
import { ApiError } from '../../api/client.ts'
import { createStore, useStore } from '../../state/store.ts'
import { commitImport, dryRun, undoBatch, uploadImport, type UploadInput } from './api.ts'
import { flowReducer, initialFlow, type FlowAction, type FlowError, type FlowState } from './flow.ts'
import { mappingOption } from './mapping.ts'
import { placementOptions } from './placement.ts'

/** The options of a dry run and its commit: the same, so the commit does what the plan showed. */
const optionsOf = (s: FlowState) => ({ mapping: mappingOption(s.overrides), ...placementOptions(s.placement).options })

export const flowStore = createStore<FlowState>(initialFlow)
export const useFlow = () => useStore(flowStore)
export const dispatch = (a: FlowAction) => flowStore.set((s) => flowReducer(s, a))

let uploadAbort: AbortController | null = null

/** A failure as the worker should read it: the server's own (localised) message, never a stack. */
export function toFlowError(e: unknown, networkMessage: string): FlowError {
  if (e instanceof ApiError) return { code: e.code, message: e.status === 0 || !e.message ? networkMessage : e.message }
  return { code: 'unknown', message: networkMessage }
}

/** Everything the map and the card show for a village, after a commit or an undo. */
export async function refreshVillage(qc: QueryClient) {
  await Promise.all(
    ['households', 'household', 'area', 'stats', 'search', 'imports'].map((k) => qc.invalidateQueries({ queryKey: [k] })),
  )
}

export async function startUpload(input: UploadInput, networkMessage: string) {
  if (flowStore.get().busy) return
  dispatch({ type: 'uploadStart' })
  uploadAbort = new AbortController()
  try {
    const preview = await uploadImport(input, (fraction) => dispatch({ type: 'uploadProgress', fraction }), uploadAbort.signal)
    dispatch({ type: 'uploaded', preview })
  } catch (e) {
    if ((e as Error).name === 'AbortError') dispatch({ type: 'failed', error: { code: 'aborted', message: '' } })
    else dispatch({ type: 'failed', error: toFlowError(e, networkMessage) })
  } finally {
    uploadAbort = null
  }
}

export function cancelUpload() {
  uploadAbort?.abort()
}

export async function startDryRun(networkMessage: string) {
  const s = flowStore.get()
  if (!s.preview || s.busy) return
  dispatch({ type: 'dryRunStart' })
  try {
    dispatch({ type: 'planned', plan: await dryRun(s.preview.uploadId, optionsOf(s)) })
  } catch (e) {
    dispatch({ type: 'failed', error: toFlowError(e, networkMessage) })
  }
}

export async function startCommit(qc: QueryClient, networkMessage: string, confirm: { confirmVillageMismatch?: boolean } = {}) {
  const s = flowStore.get()
  if (!s.preview || !s.plan || s.busy || s.planStale) return
  dispatch({ type: 'commitStart' })
  try {
    // The worker's "import anyway" after the dry run's another-village warnings travels only with the commit.
    const result = await commitImport(s.preview.uploadId, { ...optionsOf(s), ...confirm })
    dispatch({ type: 'committed', result })
    await refreshVillage(qc)
  } catch (e) {
    dispatch({ type: 'failed', error: toFlowError(e, networkMessage) })
  }
}

export async function startUndo(qc: QueryClient, networkMessage: string) {
  const s = flowStore.get()
  if (!s.result || s.busy) return
  dispatch({ type: 'undoStart' })
  try {
    const r = await undoBatch(s.result.batchId)
    dispatch({ type: 'undone', summary: { deleted: r.deleted, restored: r.restored } })
    await refreshVillage(qc)
  } catch (e) {
    dispatch({ type: 'failed', error: toFlowError(e, networkMessage) })
  }
}
