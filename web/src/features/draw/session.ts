/**
 * The drawing session as a small state machine, pure so it is tested without
 * a map: idle → drawing(tool) → naming(geometry) → idle on save; a selected
 * feature → editing its shape → idle on save; any save can end in conflict
 * (mine vs theirs) until the worker chooses.
 */
import type { DrawnFeature } from '@cuntu/server/contract'

export type Tool = 'point' | 'line' | 'polygon' | 'rectangle' | 'circle' | 'freehand'
export type Shape = DrawnFeature['geometry']

export type DrawState =
  | { s: 'idle' }
  | { s: 'drawing'; tool: Tool }
  | { s: 'naming'; tool: Tool; geometry: Shape }
  | { s: 'editing'; featureId: string }
  | { s: 'conflict'; featureId: string; mine: Record<string, unknown>; theirs: DrawnFeature }

export type DrawEvent =
  | { t: 'tool'; tool: Tool }
  | { t: 'finished'; geometry: Shape }
  | { t: 'edit'; featureId: string }
  | { t: 'saved' }
  | { t: 'cancel' }
  | { t: 'conflict'; featureId: string; mine: Record<string, unknown>; theirs: DrawnFeature }
  | { t: 'resolved' }

export const IDLE: DrawState = { s: 'idle' }

export function next(state: DrawState, e: DrawEvent): DrawState {
  switch (e.t) {
    case 'tool':
      // A new tool drops an unsaved shape only when nothing is waiting for a name or a choice.
      return state.s === 'naming' || state.s === 'conflict' ? state : { s: 'drawing', tool: e.tool }
    case 'finished':
      return state.s === 'drawing' ? { s: 'naming', tool: state.tool, geometry: e.geometry } : state
    case 'edit':
      return state.s === 'idle' || state.s === 'drawing' ? { s: 'editing', featureId: e.featureId } : state
    case 'saved':
      return state.s === 'naming' || state.s === 'editing' || state.s === 'conflict' ? IDLE : state
    case 'cancel':
      return IDLE
    case 'conflict':
      return { s: 'conflict', featureId: e.featureId, mine: e.mine, theirs: e.theirs }
    case 'resolved':
      return state.s === 'conflict' ? IDLE : state
  }
}
