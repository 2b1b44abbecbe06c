import { describe, expect, it } from 'vitest'
import { TEST_VILLAGE, withVillage } from './helpers.ts'

describe('areas', () => {
  it('returns the tree from province down to the village', async () => {
    const { app } = await withVillage(20)
    const tree = (await app.inject('/api/areas')).json()
    expect(tree).toHaveLength(1)
    let node = tree[0]
    const levels = [node.level]
    while (node.children.length > 0) {
      node = node.children[0]
      levels.push(node.level)
    }
    expect(levels).toEqual(['province', 'city', 'county', 'township', 'village'])
    expect(node.code).toBe(TEST_VILLAGE)
  })

  it('returns a village with its path, groups, household count, extent and outline', async () => {
    const { app, data } = await withVillage(30)
    const v = (await app.inject(`/api/areas/${TEST_VILLAGE}`)).json()
    expect(v.level).toBe('village')
    expect(v.path.map((a: { level: string }) => a.level)).toEqual(['province', 'city', 'county', 'township'])
    expect(v.groups.map((g: { number: number }) => g.number)).toEqual([1, 2, 3])
    expect(v.groups.reduce((s: number, g: { households: number }) => s + g.households, 0)).toBe(30)
    expect(v.households).toBe(data.households.length)
    const placed = data.households.filter((h) => h.lngLat).map((h) => h.lngLat!)
    const [w, s, e, n] = v.bbox
    expect(w).toBeCloseTo(Math.min(...placed.map((p) => p[0])), 6)
    expect(n).toBeCloseTo(Math.max(...placed.map((p) => p[1])), 6)
    expect(e).toBeGreaterThan(w)
    expect(n).toBeGreaterThan(s)
    expect(v.boundary.type).toBe('MultiPolygon')
  })

  it('rejects malformed codes with 400 and unknown ones with 404', async () => {
    const { app } = await withVillage(5)
    const bad = await app.inject('/api/areas/44098210120')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('validation_failed')
    const missing = await app.inject('/api/areas/440982101299')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('area_not_found')
  })
})
