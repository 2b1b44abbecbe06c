import { describe, expect, it } from 'vitest'
import { IDLE, next, type DrawState } from './session.ts'

const point = { type: 'Point' as const, coordinates: [111.04, 21.82] }

describe('draw session', () => {
  it('draws, names and saves', () => {
    let s: DrawState = next(IDLE, { t: 'tool', tool: 'polygon' })
    expect(s).toEqual({ s: 'drawing', tool: 'polygon' })
    s = next(s, { t: 'finished', geometry: point })
    expect(s).toEqual({ s: 'naming', tool: 'polygon', geometry: point })
    expect(next(s, { t: 'saved' })).toEqual(IDLE)
  })
  it('keeps a shape waiting for its name when another tool is pressed', () => {
    const naming: DrawState = { s: 'naming', tool: 'line', geometry: point }
    expect(next(naming, { t: 'tool', tool: 'point' })).toBe(naming)
  })
  it('ignores a finish that arrives when not drawing', () => {
    expect(next(IDLE, { t: 'finished', geometry: point })).toBe(IDLE)
  })
  it('edits a shape and can end in a conflict until resolved', () => {
    const editing = next(IDLE, { t: 'edit', featureId: 'f1' })
    expect(editing).toEqual({ s: 'editing', featureId: 'f1' })
    const theirs = { id: 'f1' } as never
    const c = next(editing, { t: 'conflict', featureId: 'f1', mine: { name: 'a' }, theirs })
    expect(c.s).toBe('conflict')
    expect(next(c, { t: 'tool', tool: 'point' })).toBe(c)
    expect(next(c, { t: 'resolved' })).toEqual(IDLE)
  })
  it('cancel always returns to idle', () => {
    expect(next({ s: 'drawing', tool: 'circle' }, { t: 'cancel' })).toEqual(IDLE)
  })
})
