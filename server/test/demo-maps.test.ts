/**
 * The demo village ships with drawn maps: seeded through the maps repository
 * (the API's own checks), they come back through the API as a base sketch, an
 * asset map and a need map, of kinds those maps allow, inside the village
 * outline, and the spatial question works on them.
 */
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { DEMO_VILLAGE_CODE } from '@cuntu/fixtures'
import { BUILTIN_FEATURE_KINDS, kindAllows, roleOfGroup } from '@cuntu/domain'
import type { DrawnFeature, VillageMap } from '../src/contract/index.ts'
import { ensureDemoAccounts } from '../src/demo/demo-accounts.ts'
import { seedDemo, seedDemoIfEmpty } from '../src/demo/seed-demo.ts'
import { freshApp, signIn } from './helpers.ts'

async function demo() {
  const ctx = await freshApp()
  expect(await seedDemoIfEmpty(ctx.database, () => {})).toBe(true)
  await ensureDemoAccounts(ctx.database)
  return { ...ctx, worker: await signIn(ctx.app, 'worker') }
}

describe('the demo village’s drawn maps', () => {
  it('has a base sketch, an asset map and a need map of allowed kinds, all inside the village', async () => {
    const { worker, database } = await demo()
    const maps = (await worker.inject(`/api/villages/${DEMO_VILLAGE_CODE}/maps`)).json() as VillageMap[]
    expect(maps.map((m) => m.purpose).sort()).toEqual(['asset', 'base', 'need'])
    const kinds = new Map(BUILTIN_FEATURE_KINDS.map((k) => [k.code as string, k]))
    const counts: Record<string, number> = {}
    for (const m of maps) {
      const r = await worker.inject(`/api/maps/${m.id}/features`)
      expect(r.statusCode, r.body).toBe(200)
      const features = r.json().features as DrawnFeature[]
      counts[m.purpose] = features.length
      for (const f of features) {
        const kind = kinds.get(f.kind)!
        expect(kind, f.kind).toBeDefined()
        expect(kindAllows(kind, f.geometry.type)).toBe(true)
        // A base sketch holds base kinds; an asset map assets; a need map needs.
        expect(roleOfGroup(kind.group), `${m.name}: ${f.name}`).toBe(m.purpose)
        expect(f.name).not.toBe('')
        expect(f.createdBy).toBe('示例数据')
      }
    }
    expect(counts.base).toBeGreaterThan(20)
    expect(counts.asset).toBeGreaterThanOrEqual(8)
    expect(counts.need).toBeGreaterThanOrEqual(6)
    const [outside] = await database.rows<{ n: number; total: number }>(sql`
      select count(*) filter (where not ST_CoveredBy(f.geom, a.boundary))::int as n, count(*)::int as total
      from features f join areas a on a.code = f.village_code`)
    expect(outside).toEqual({ n: 0, total: counts.base! + counts.asset! + counts.need! })
    // Written the API's way: one change-log row per map, layer and feature.
    const [log] = await database.rows<{ n: number }>(sql`select count(*)::int as n from change_log where username = '示例数据'`)
    expect(log!.n).toBe(outside!.total + 2 * maps.length)
  }, 180_000)

  it('answers the spatial questions on them: households within 300 m of a 积水点, 独居老人 far from the volunteers', async () => {
    const { worker } = await demo()
    const maps = (await worker.inject(`/api/villages/${DEMO_VILLAGE_CODE}/maps`)).json() as VillageMap[]
    const need = maps.find((m) => m.purpose === 'need')!
    const features = (await worker.inject(`/api/maps/${need.id}/features`)).json().features as DrawnFeature[]
    const spots = features.filter((f) => f.kind === 'waterlogging')
    expect(spots.length).toBeGreaterThan(0)
    for (const spot of spots) {
      const r = await worker.inject(`/api/villages/${DEMO_VILLAGE_CODE}/spatial?near=${spot.id}&metres=300`)
      expect(r.statusCode, r.body).toBe(200)
      const answer = r.json()
      expect(answer.households, spot.name).toBeGreaterThan(0)
      expect(answer.householdIds).toHaveLength(answer.households)
    }
    const far = (await worker.inject(`/api/villages/${DEMO_VILLAGE_CODE}/spatial?far=volunteer_team&metres=500`)).json()
    // One team at the village committee: the outer hamlets are further than 500 m, the middle ones are not.
    expect(far.households).toBeGreaterThan(0)
    expect(far.households).toBeLessThan(400)
  }, 180_000)

  it('seeds once, and households and maps commit together: a map the checks refuse leaves nothing behind', async () => {
    const { database } = await demo()
    expect(await seedDemoIfEmpty(database, () => {})).toBe(false)
    const [n] = await database.rows<{ maps: number }>(sql`select count(*)::int as maps from maps`)
    expect(n!.maps).toBe(3)

    const fresh = await freshApp()
    // The demo village's outline already set, 300 km away: every drawn feature is "far from the village" (400),
    // which comes after the households were written in the same transaction.
    for (const [code, level, parent] of [
      ['440000000000', 'province', null],
      ['440900000000', 'city', '440000000000'],
      ['440982000000', 'county', '440900000000'],
      ['440982101000', 'township', '440982000000'],
      [DEMO_VILLAGE_CODE, 'village', '440982101000'],
    ] as const) {
      await fresh.database.db.execute(sql`insert into areas (code, name, level, parent_code) values (${code}, ${code}, ${level}::area_level, ${parent})`)
    }
    await fresh.database.db.execute(sql`update areas set boundary = ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(114, 22.5), 4326)::geography, 500)::geometry)
      where code = ${DEMO_VILLAGE_CODE}`)
    await expect(seedDemo(fresh.database)).rejects.toMatchObject({ code: 'geometry_far_from_village' })
    const [left] = await fresh.database.rows<{ households: number; maps: number; log: number }>(sql`
      select (select count(*)::int from households) as households, (select count(*)::int from maps) as maps, (select count(*)::int from change_log) as log`)
    expect(left).toEqual({ households: 0, maps: 0, log: 0 })
  }, 180_000)
})
