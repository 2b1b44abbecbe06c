import { describe, expect, it } from 'vitest'
import { routePick, type LayerDescription } from './layers.ts'

const layers: LayerDescription[] = [
  { type: 'shapes', id: 'layer-a', shapes: [], opacity: 1, selectedId: null, pickable: true, pick: (i) => ({ kind: 'feature', id: `f${i}` }) },
  { type: 'highlight', id: 'query', geometries: [], colour: '#ff0000', fill: 0.1 },
]

describe('pick routing', () => {
  it('sends a click to the description owning the deck layer, parts included', () => {
    expect(routePick(layers, 'layer-a', 2)).toEqual({ kind: 'feature', id: 'f2' })
    expect(routePick(layers, 'layer-a:points', 0)).toEqual({ kind: 'feature', id: 'f0' })
  })
  it('selects nothing for highlights, unknown layers and misses', () => {
    expect(routePick(layers, 'query', 0)).toBeNull()
    expect(routePick(layers, 'gone', 0)).toBeNull()
    expect(routePick(layers, 'layer-a', -1)).toBeNull()
  })
})
