import { describe, expect, it } from 'vitest'
import { firstCategoryColour } from './area-household-tiles.ts'

describe('firstCategoryColour', () => {
  it('takes the first category in registry order, by whole code, grey for none', () => {
    expect(firstCategoryColour([])).toBe('#777777')
    const padded = ['concat', ',', ['get', 'categories'], ',']
    expect(firstCategoryColour([{ code: 'dibao', colour: '#e6194b' }, { code: 'dibao_edge', colour: '#f58231' }])).toEqual([
      'case', ['in', ',dibao,', padded], '#e6194b', ['in', ',dibao_edge,', padded], '#f58231', '#777777',
    ])
  })
})
