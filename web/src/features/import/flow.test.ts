import { describe, expect, it } from 'vitest'
import type { ImportPlanBody, ImportPreview } from '@cuntu/server/contract'
import { flowReducer, initialFlow, type FlowAction, type FlowState } from './flow.ts'
import type { DetectedColumn } from './mapping.ts'

const B: DetectedColumn = { letter: 'B', text: '户号', field: 'huhao', confidence: 1 }
const preview = { uploadId: 'u1', villageCode: '440982101201' } as ImportPreview
const plan = { counts: { create: 3, update: 0, unchanged: 0, skip: 1 } } as ImportPlanBody
const run = (...actions: FlowAction[]) => actions.reduce<FlowState>(flowReducer, initialFlow)

describe('import flow', () => {
  it('goes choose → preview → plan → done, and undo records the result', () => {
    let s = run({ type: 'uploadStart' }, { type: 'uploadProgress', fraction: 0.5 })
    expect(s).toMatchObject({ step: 'choose', busy: 'upload', uploadFraction: 0.5 })
    s = run({ type: 'uploadStart' }, { type: 'uploaded', preview }, { type: 'dryRunStart' }, { type: 'planned', plan })
    expect(s).toMatchObject({ step: 'plan', busy: null, plan })
    s = [{ type: 'commitStart' } as const, { type: 'committed', result: { ...plan, batchId: 'b1' } } as const].reduce(flowReducer, s)
    expect(s).toMatchObject({ step: 'done', result: { batchId: 'b1' } })
    s = [{ type: 'undoStart' } as const, { type: 'undone', summary: { deleted: 3, restored: 0 } } as const].reduce(flowReducer, s)
    expect(s).toMatchObject({ step: 'done', busy: null, undone: { deleted: 3, restored: 0 } })
    // Undone once: no second undo.
    expect(flowReducer(s, { type: 'undoStart' })).toBe(s)
  })

  it('a failure keeps the step and shows the message; the next attempt clears it', () => {
    let s = run({ type: 'uploadStart' }, { type: 'failed', error: { code: 'import_file_corrupt', message: '文件已损坏' } })
    expect(s).toMatchObject({ step: 'choose', busy: null, error: { message: '文件已损坏' } })
    s = flowReducer(s, { type: 'uploadStart' })
    expect(s.error).toBeNull()
    s = run({ type: 'uploadStart' }, { type: 'uploaded', preview }, { type: 'dryRunStart' }, { type: 'failed', error: { code: 'x', message: 'm' } })
    expect(s).toMatchObject({ step: 'preview', busy: null, error: { code: 'x' } })
  })

  it('changing the mapping after a dry run makes the plan stale and blocks the commit until it is run again', () => {
    let s = run({ type: 'uploadStart' }, { type: 'uploaded', preview }, { type: 'dryRunStart' }, { type: 'planned', plan }, { type: 'back' })
    expect(s.step).toBe('preview')
    s = flowReducer(s, { type: 'setChoice', column: B, choice: null })
    expect(s).toMatchObject({ overrides: { B: null }, planStale: true })
    expect(flowReducer({ ...s, step: 'plan' }, { type: 'commitStart' }).busy).toBeNull()
    s = [{ type: 'dryRunStart' } as const, { type: 'planned', plan } as const].reduce(flowReducer, s)
    expect(s).toMatchObject({ step: 'plan', planStale: false, overrides: { B: null } })
  })

  it('ignores answers nobody is waiting for, and actions while busy', () => {
    expect(flowReducer(initialFlow, { type: 'uploaded', preview })).toBe(initialFlow)
    expect(flowReducer(initialFlow, { type: 'planned', plan })).toBe(initialFlow)
    expect(flowReducer(initialFlow, { type: 'failed', error: { code: 'x', message: 'm' } })).toBe(initialFlow)
    const busy = run({ type: 'uploadStart' }, { type: 'uploaded', preview }, { type: 'dryRunStart' })
    expect(flowReducer(busy, { type: 'back' })).toBe(busy)
    expect(flowReducer(busy, { type: 'setChoice', column: B, choice: null })).toBe(busy)
    expect(flowReducer(busy, { type: 'reset' })).toBe(busy)
  })

  it('back from the preview starts again; the mapping is forgotten', () => {
    const s = run({ type: 'uploadStart' }, { type: 'uploaded', preview }, { type: 'setChoice', column: B, choice: null }, { type: 'back' })
    expect(s).toEqual(initialFlow)
  })

  it('a placement change after the dry run makes the plan stale, and a new upload forgets it', () => {
    const placement = { acceptFlagged: ['0200101'], controlPoints: [], crs: 'wgs84' as const }
    let s = run({ type: 'uploadStart' }, { type: 'uploaded', preview }, { type: 'dryRunStart' }, { type: 'planned', plan }, { type: 'back' })
    s = flowReducer(s, { type: 'setPlacement', placement })
    expect(s).toMatchObject({ placement, planStale: true })
    expect(flowReducer(s, { type: 'commitStart' }).busy).toBeNull()
    s = [{ type: 'back' } as const, { type: 'uploadStart' } as const, { type: 'uploaded', preview } as const].reduce(flowReducer, s)
    expect(s.placement).toEqual({ acceptFlagged: [], controlPoints: [], crs: 'wgs84' })
  })

  it('adds a control point from the plan (GPS or a drag), marks the plan stale, and not while a request runs', () => {
    const planned = run({ type: 'uploadStart' }, { type: 'uploaded', preview }, { type: 'dryRunStart' }, { type: 'planned', plan })
    const point = { huhao: '0200190', lngLat: [111.021513, 21.810623] as [number, number], source: 'gps' as const, accuracyMetres: 6 }
    const s = flowReducer(planned, { type: 'addControlPoint', point })
    expect(s.step).toBe('plan')
    expect(s.planStale).toBe(true)
    expect(s.placement.controlPoints).toEqual([{ huhao: '0200190', lng: '111.021513', lat: '21.810623', source: 'gps', accuracyMetres: 6 }])
    // The re-run dry run takes it from there.
    expect(flowReducer(s, { type: 'dryRunStart' }).busy).toBe('dryRun')
    const busy = flowReducer(planned, { type: 'dryRunStart' })
    expect(flowReducer(busy, { type: 'addControlPoint', point })).toBe(busy)
    // Typing over the placement stays a preview-step affair.
    expect(flowReducer(planned, { type: 'setPlacement', placement: s.placement })).toBe(planned)
  })
})
