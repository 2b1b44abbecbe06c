import { describe, expect, it } from 'vitest'
import { flattenTree } from './area-tree.ts'

describe('flattenTree', () => {
  it('lists the tree depth-first with depths', () => {
    const leaf = (code: string) => ({ code, name: code, level: 'village' as const, parentCode: '440982101000', children: [] })
    const rows = flattenTree([
      { code: '440982101000', name: '河东镇', level: 'township', parentCode: null, children: [leaf('440982101201'), leaf('440982101202')] },
    ])
    expect(rows.map((r) => [r.code, r.depth])).toEqual([
      ['440982101000', 0],
      ['440982101201', 1],
      ['440982101202', 1],
    ])
  })
})
