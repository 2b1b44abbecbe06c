import { describe, expect, it } from 'vitest'
import { areaLevelOfCode, villageCodeRange } from '@cuntu/domain'
import { checkCodes, cityAreas, cityChunks, cityUuid, MAX_HOUSEHOLDS, MAX_VILLAGES, planCity, REGION, villageCell } from './generate.ts'

describe('city plan', () => {
  it('is 10 counties × 10 townships × 25 villages × 400 households at full size', () => {
    const plan = planCity()
    expect(plan).toMatchObject({ households: 1_000_000, villages: 2500, townships: 100, counties: 10 })
    expect(plan.householdsBefore(plan.villages)).toBe(MAX_HOUSEHOLDS)
    expect(() => checkCodes(plan)).not.toThrow()
    expect(new Set(cityAreas(plan).map((a) => a.code)).size).toBe(1 + 1 + 10 + 100 + 2500)
  })

  it('sizes smaller sets by whole villages, the last one short', () => {
    expect(planCity({ households: 20_000 })).toMatchObject({ villages: 50, townships: 2, counties: 1 })
    const odd = planCity({ households: 20_100 })
    expect(odd.villages).toBe(51)
    expect(odd.householdsIn(50)).toBe(100)
    expect(() => planCity({ households: MAX_HOUSEHOLDS + 1 })).toThrow(RangeError)
  })

  it('gives codes that read as their level and sit in their township range', () => {
    const plan = planCity()
    expect(areaLevelOfCode(plan.countyCode(9))).toBe('county')
    expect(areaLevelOfCode(plan.townshipCode(99))).toBe('township')
    const last = plan.villageCode(MAX_VILLAGES - 1)
    const { lo, hi } = villageCodeRange(plan.townshipCode(99))
    expect(last >= lo && last <= hi).toBe(true)
  })

  it('keeps every village cell inside the region', () => {
    for (const v of [0, 24, 25, 249, 250, 1249, 2499]) {
      const c = villageCell(v)
      expect(c.centre[0] - c.halfLng).toBeGreaterThanOrEqual(REGION.west - 1e-9)
      expect(c.centre[0] + c.halfLng).toBeLessThanOrEqual(REGION.east + 1e-9)
      expect(c.centre[1] - c.halfLat).toBeGreaterThanOrEqual(REGION.south - 1e-9)
      expect(c.centre[1] + c.halfLat).toBeLessThanOrEqual(REGION.north + 1e-9)
    }
    const cells = new Set(Array.from({ length: MAX_VILLAGES }, (_, v) => `${villageCell(v).centre[0].toFixed(4)},${villageCell(v).centre[1].toFixed(4)}`))
    expect(cells.size).toBe(MAX_VILLAGES)
  })
})

describe('city ids', () => {
  it('are v4-shaped and distinct', () => {
    const ids = new Set<string>()
    for (let v = 0; v < 50; v++) for (let i = 0; i < 200; i++) ids.add(cityUuid(1, v, 'household', i)).add(cityUuid(1, v, 'member', i))
    expect(ids.size).toBe(50 * 200 * 2)
    for (const id of [...ids].slice(0, 100)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})

describe('city stream', () => {
  const small = planCity({ households: 1_000, seed: 7 })
  const all = [...cityChunks(small, { chunkVillages: 2 })]

  it('chunks the villages and carries their ancestors', () => {
    expect(all.map((c) => [c.from, c.to])).toEqual([[0, 2], [2, 3]])
    expect(all.reduce((n, c) => n + c.counts.households, 0)).toBe(1_000)
    const last = all[1]!.dataset
    expect(last.areas.map((a) => a.level)).toEqual(['province', 'city', 'county', 'township', 'village'])
    expect(last.households.every((h) => h.villageCode === small.villageCode(2))).toBe(true)
  })

  it('puts every household at its own point, with distinct ids', () => {
    const households = all.flatMap((c) => c.dataset.households)
    expect(new Set(households.map((h) => h.lngLat!.join(','))).size).toBe(households.length)
    expect(new Set(households.map((h) => h.id)).size).toBe(households.length)
    const members = households.flatMap((h) => h.members.map((m) => m.id))
    expect(new Set(members).size).toBe(members.length)
  })

  it('is reproducible, and a smaller set is a prefix of a larger one', () => {
    const again = [...cityChunks(small, { chunkVillages: 2 })][0]!.dataset.households[17]!
    expect(again).toEqual(all[0]!.dataset.households[17])
    const larger = [...cityChunks(planCity({ households: 2_000, seed: 7 }), { chunkVillages: 1 })][1]!.dataset.households
    expect(larger).toEqual(all[0]!.dataset.households.slice(400, 800))
    expect(small.markerId).toBe(all[0]!.dataset.households[0]!.id)
  })
})
