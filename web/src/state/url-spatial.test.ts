import { describe, expect, it } from 'vitest'
import { parseUrlState, serializeUrlState } from './url-state.ts'

const id = '2f1c1c9e-4e0b-4b8e-9d55-0a1b2c3d4e5f'

describe('the spatial facet in the URL', () => {
  it('round-trips "near a feature" and "far from a kind"', () => {
    const near = parseUrlState(`?village=440982101201&cats=dibao&near=${id}&m=300`)
    expect(near.filters.spatial).toEqual({ type: 'near', feature: id, metres: 300 })
    expect(parseUrlState(serializeUrlState(near))).toEqual(near)
    const far = parseUrlState('?far=volunteer_team&m=500')
    expect(far.filters.spatial).toEqual({ type: 'far', kind: 'volunteer_team', metres: 500 })
    expect(serializeUrlState(far)).toBe('?far=volunteer_team&m=500')
  })
  it('drops a malformed question rather than guessing', () => {
    expect(parseUrlState(`?near=${id}`).filters.spatial).toBeUndefined()
    expect(parseUrlState(`?near=not-an-id&m=300`).filters.spatial).toBeUndefined()
    expect(parseUrlState(`?far=Bad Kind&m=300`).filters.spatial).toBeUndefined()
    expect(parseUrlState(`?near=${id}&m=99999`).filters.spatial).toBeUndefined()
  })
})
