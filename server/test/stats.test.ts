import { describe, expect, it } from 'vitest'
import { heldCodes, TEST_VILLAGE, withVillage } from './helpers.ts'

describe('GET /api/villages/:code/stats', () => {
  it('counts each household once per category, per village and per group', async () => {
    const { app, data } = await withVillage(200, 3)
    const res = await app.inject(`/api/villages/${TEST_VILLAGE}/stats`)
    expect(res.statusCode).toBe(200)
    const stats = res.json()
    expect(stats.households).toBe(200)
    expect(stats.members).toBe(data.households.reduce((s, h) => s + h.members.length, 0))

    const expected: Record<string, number> = {}
    const expectedGroups: Record<string, { households: number; byCategory: Record<string, number> }> = {}
    for (const h of data.households) {
      const g = (expectedGroups[String(h.group)] ??= { households: 0, byCategory: {} })
      g.households++
      for (const code of heldCodes(h)) {
        expected[code] = (expected[code] ?? 0) + 1
        g.byCategory[code] = (g.byCategory[code] ?? 0) + 1
      }
    }
    expect(stats.byCategory).toEqual(expected)
    expect(stats.byGroup).toEqual(expectedGroups)
  })

  it('takes the same filters as the map and agrees with the list', async () => {
    const { app } = await withVillage(150, 4)
    for (const q of ['?categories=dibao', '?categories=disability_12,disability_34', '?group=1&status=active', '?categories=poverty_relief&year=2017']) {
      const stats = (await app.inject(`/api/villages/${TEST_VILLAGE}/stats${q}`)).json()
      const features = (await app.inject(`/api/villages/${TEST_VILLAGE}/households${q}`)).json().features
      expect(stats.households).toBe(features.length)
    }
  })

  it('answers an empty village with zeros, not an error', async () => {
    const { app, database } = await withVillage(3)
    await database.db.execute(
      (await import('drizzle-orm')).sql`insert into areas (code, name, level, parent_code) values ('440982101202', '空村', 'village', '440982101000')`,
    )
    const stats = (await app.inject('/api/villages/440982101202/stats')).json()
    expect(stats).toEqual({ households: 0, members: 0, byCategory: {}, byGroup: {} })
  })
})
