import { describe, expect, it } from 'vitest'
import { unplacedOf } from './unplaced.ts'

describe('unplacedOf', () => {
  // Five households: 0 and 3 placed; 1, 2 and 4 not; 4 fails the filter.
  const m = {
    count: 5,
    hasPosition: Uint8Array.from([1, 0, 0, 1, 0]),
    group: Int32Array.from([1, -1, 2, 2, 1]),
    huhao: ['0201001', '0200007', '0200252', '0200003', '0200001'],
  }
  it('lists the unplaced households passing the filter, by group (none last) then 户号', () => {
    expect(unplacedOf(m, Uint8Array.from([1, 1, 1, 1, 0]))).toEqual([2, 1])
    expect(unplacedOf(m, Uint8Array.from([1, 1, 1, 1, 1]))).toEqual([4, 2, 1])
  })
  it('is empty when every household passing is placed', () => {
    expect(unplacedOf(m, Uint8Array.from([1, 0, 0, 1, 0]))).toEqual([])
  })
})
