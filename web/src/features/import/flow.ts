/**
 * The import flow as an explicit state machine: choose → preview → plan (dry
 * run) → done (committed, maybe undone). One pure reducer, so every transition
 * is testable without a browser; the panel only dispatches and renders.
 */
import type { ImportPlanBody, ImportPreview } from '@cuntu/server/contract'
import { setChoice, type Choice, type DetectedColumn, type Overrides } from './mapping.ts'
import { emptyPlacement, withControlPoint, type ControlPointAdded, type Placement } from './placement.ts'

export type Step = 'choose' | 'preview' | 'plan' | 'done'
export type Busy = 'upload' | 'dryRun' | 'commit' | 'undo' | null

export interface CommitResult extends ImportPlanBody {
  batchId: string
}
export interface UndoSummary {
  restored: number
  deleted: number
}
/** What went wrong, in the user's language (the server's message, or ours for a network failure). */
export interface FlowError {
  code: string
  message: string
}

export interface FlowState {
  step: Step
  busy: Busy
  /** 0–1 while the file is being sent; null when unknown or not uploading. */
  uploadFraction: number | null
  preview: ImportPreview | null
  overrides: Overrides
  /** Flagged points accepted and control points for the cell map. */
  placement: Placement
  plan: ImportPlanBody | null
  /** The mapping or the placement changed after the dry run: its numbers no longer hold. */
  planStale: boolean
  result: CommitResult | null
  undone: UndoSummary | null
  error: FlowError | null
}

export const initialFlow: FlowState = {
  step: 'choose',
  busy: null,
  uploadFraction: null,
  preview: null,
  overrides: {},
  placement: emptyPlacement,
  plan: null,
  planStale: false,
  result: null,
  undone: null,
  error: null,
}

export type FlowAction =
  | { type: 'uploadStart' }
  | { type: 'uploadProgress'; fraction: number }
  | { type: 'uploaded'; preview: ImportPreview }
  | { type: 'setChoice'; column: DetectedColumn; choice: Choice }
  | { type: 'resetMapping' }
  | { type: 'setPlacement'; placement: Placement }
  /** From the plan: a point by GPS at a house, or a house dragged on the map (then a dry run follows). */
  | { type: 'addControlPoint'; point: ControlPointAdded }
  | { type: 'dryRunStart' }
  | { type: 'planned'; plan: ImportPlanBody }
  | { type: 'commitStart' }
  | { type: 'committed'; result: CommitResult }
  | { type: 'undoStart' }
  | { type: 'undone'; summary: UndoSummary }
  | { type: 'failed'; error: FlowError }
  | { type: 'dismissError' }
  | { type: 'back' }
  | { type: 'reset' }

/** Which steps may start from which state: a late answer from an abandoned request is ignored. */
const expects: Partial<Record<FlowAction['type'], Busy>> = {
  uploadProgress: 'upload',
  uploaded: 'upload',
  planned: 'dryRun',
  committed: 'commit',
  undone: 'undo',
}

export function flowReducer(s: FlowState, a: FlowAction): FlowState {
  const want = expects[a.type]
  if (want !== undefined && s.busy !== want) return s
  switch (a.type) {
    case 'uploadStart':
      if (s.busy || s.step !== 'choose') return s
      return { ...initialFlow, busy: 'upload', uploadFraction: 0 }
    case 'uploadProgress':
      return { ...s, uploadFraction: Math.max(0, Math.min(1, a.fraction)) }
    case 'uploaded':
      return { ...s, step: 'preview', busy: null, uploadFraction: null, preview: a.preview, overrides: {}, placement: emptyPlacement, plan: null, planStale: false }
    case 'setChoice':
      if (s.step !== 'preview' || s.busy) return s
      return { ...s, overrides: setChoice(s.overrides, a.column, a.choice), planStale: s.plan !== null }
    case 'resetMapping':
      if (s.step !== 'preview' || s.busy) return s
      return { ...s, overrides: {}, planStale: s.plan !== null }
    case 'setPlacement':
      if (s.step !== 'preview' || s.busy) return s
      return { ...s, placement: a.placement, planStale: s.plan !== null }
    case 'addControlPoint':
      if ((s.step !== 'preview' && s.step !== 'plan') || s.busy) return s
      return { ...s, placement: withControlPoint(s.placement, a.point), planStale: s.plan !== null }
    case 'dryRunStart':
      if (s.busy || !s.preview || (s.step !== 'preview' && s.step !== 'plan')) return s
      return { ...s, busy: 'dryRun', error: null }
    case 'planned':
      return { ...s, step: 'plan', busy: null, plan: a.plan, planStale: false }
    case 'commitStart':
      if (s.busy || s.step !== 'plan' || !s.plan || s.planStale) return s
      return { ...s, busy: 'commit', error: null }
    case 'committed':
      return { ...s, step: 'done', busy: null, result: a.result }
    case 'undoStart':
      if (s.busy || s.step !== 'done' || !s.result || s.undone) return s
      return { ...s, busy: 'undo', error: null }
    case 'undone':
      return { ...s, busy: null, undone: a.summary }
    case 'failed':
      if (!s.busy) return s
      // The step stays where it was: the worker can fix the file or retry.
      return { ...s, busy: null, uploadFraction: null, error: a.error }
    case 'dismissError':
      return { ...s, error: null }
    case 'back':
      if (s.busy) return s
      if (s.step === 'plan') return { ...s, step: 'preview', error: null }
      if (s.step === 'preview') return { ...initialFlow }
      return s
    case 'reset':
      return s.busy ? s : { ...initialFlow }
  }
}

/** The numbered steps shown at the top, and which is current. */
export const STEPS: readonly Step[] = ['choose', 'preview', 'plan', 'done']
export const stepIndex = (s: Step) => STEPS.indexOf(s)
