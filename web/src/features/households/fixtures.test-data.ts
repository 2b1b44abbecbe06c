/**
 * A small named village for the unit tests: six households chosen to cover
 * every filter edge (several categories, per-year categories, no group,
 * no position, each status, disabilities of both grade bands).
 */
import type { Category, HouseholdCollection } from '@cuntu/server/contract'

export const REGISTRY: Pick<Category, 'code' | 'colour' | 'priority'>[] = [
  { code: 'dibao', colour: '#e6194b', priority: 10 },
  { code: 'wubao', colour: '#911eb4', priority: 30 },
  { code: 'poverty_relief', colour: '#3cb44b', priority: 40 },
  { code: 'monitored', colour: '#808000', priority: 50 },
  { code: 'disability_12', colour: '#4363d8', priority: 60 },
  { code: 'disability_34', colour: '#42d4f4', priority: 70 },
]

type Props = HouseholdCollection['features'][number]['properties']
const feature = (n: number, p: Partial<Props>, at: [number, number] | null = [111 + n / 1000, 21.8]) => ({
  type: 'Feature' as const,
  id: `00000000-0000-4000-8000-00000000000${n}`,
  geometry: at ? { type: 'Point' as const, coordinates: at } : null,
  properties: {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    huhao: `020100${n}`,
    group: 1,
    categories: [],
    memberCount: 3,
    status: 'active' as const,
    villageCode: '440982101201',
    ageBands: [],
    disabilities: [],
    categoryYears: {},
    ...p,
  },
})

export const VILLAGE: HouseholdCollection = {
  type: 'FeatureCollection',
  features: [
    // 1: 低保 + grade-2 visual disability: the Excel map could show only one of them
    feature(1, { categories: ['dibao', 'disability_12'], disabilities: ['visual:2'], ageBands: ['senior', 'aged80'] }),
    // 2: 精准扶贫 in 2017 only
    feature(2, { categories: ['poverty_relief'], categoryYears: { poverty_relief: [2017] }, group: 2 }),
    // 3: 精准扶贫 2017+2018, monitored 2025, a grade-3 physical disability
    feature(3, {
      categories: ['poverty_relief', 'monitored', 'disability_34'],
      categoryYears: { poverty_relief: [2017, 2018], monitored: [2025] },
      disabilities: ['physical:3'],
      group: 2,
      ageBands: ['minor'],
    }),
    // 4: nothing, moved out
    feature(4, { status: 'moved_out', group: null }),
    // 5: 低保 + 五保, not placed on the map yet
    feature(5, { categories: ['dibao', 'wubao'], status: 'unlinked' }, null),
    // 6: monitored without a year: counts for every year
    feature(6, { categories: ['monitored'], categoryYears: { monitored: [null, 2024] } }),
  ],
}
