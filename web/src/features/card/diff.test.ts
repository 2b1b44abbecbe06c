import { describe, expect, it } from 'vitest'
import { conflictRows, editedFields } from './diff.ts'

const fields = ['doorNumber', 'housing', 'notes', 'status'] as const
const base = { doorNumber: '12', housing: '砖瓦房', notes: null, status: 'active' }

describe('version conflicts', () => {
  it('lists the fields that differ and marks the ones both sides changed', () => {
    const mine = { ...base, housing: '危房', notes: '需改造' }
    const theirs = { ...base, housing: '已改造', status: 'moved_out' }
    expect(conflictRows(fields, base, mine, theirs)).toEqual([
      { field: 'housing', base: '砖瓦房', mine: '危房', theirs: '已改造', clash: true },
      { field: 'notes', base: null, mine: '需改造', theirs: null, clash: false },
      { field: 'status', base: 'active', mine: 'active', theirs: 'moved_out', clash: false },
    ])
  })
  it('treats an identical change on both sides and null/undefined as no conflict', () => {
    expect(conflictRows(fields, base, { ...base, housing: 'x' }, { ...base, housing: 'x', notes: undefined })).toEqual([])
  })
  it('keeps only what the worker edited when they keep theirs', () => {
    expect(editedFields(fields, base, { ...base, housing: '危房', notes: '' })).toEqual({ housing: '危房', notes: '' })
  })
})
