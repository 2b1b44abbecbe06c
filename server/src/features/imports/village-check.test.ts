import { describe, expect, it } from 'vitest'
import type { ImportPlan, PlanEntry } from './plan.ts'
import type { StoredHousehold } from './repository.ts'
import { positionsFinding, villageMismatches } from './village-check.ts'

const stored = (huhao: string, group: number) => ({ huhao, snapshot: { household: { group_number: group } } }) as unknown as StoredHousehold
const create = (huhao: string, group: number) => ({ huhao, group, action: 'create', reasons: [], changes: [], row: 1, members: 1, position: 'none' }) as PlanEntry
const planOf = (entries: PlanEntry[]) => ({ entries }) as unknown as ImportPlan
const village = Array.from({ length: 60 }, (_, i) => stored(`0201${String(i).padStart(3, '0')}`, (i % 3) + 1))

describe('is this workbook about this village', () => {
  it('flags a foreign 户号 prefix on most new households', () => {
    const found = villageMismatches(planOf(Array.from({ length: 6 }, (_, i) => create(`0200${i}01`, 9))), village)
    expect(found).toEqual([{ code: 'village_huhao_prefix', params: { share: 100, filePrefix: '0200', villagePrefix: '0201' } }])
  })
  it('flags many households added to an existing group, with the before and after', () => {
    const found = villageMismatches(planOf(Array.from({ length: 5 }, (_, i) => create(`0201${900 + i}`, 1))), village)
    expect(found.map((f) => f.code)).toEqual(['village_groups_grow'])
    expect(found[0]!.params.groups).toBe('第1组 20 → 25 户')
  })
  it('says nothing for a few new households of the village, or for a first import', () => {
    expect(villageMismatches(planOf([create('0201950', 1), create('0201951', 2)]), village)).toEqual([])
    expect(villageMismatches(planOf(Array.from({ length: 30 }, (_, i) => create(`0200${i}01`, 1))), [])).toEqual([])
  })
  it('flags positions when more than half are outside, and not for one or two', () => {
    expect(positionsFinding(42, 42, 300)?.code).toBe('village_positions_outside')
    expect(positionsFinding(42, 20, 300)).toBeNull()
    expect(positionsFinding(2, 2, 300)).toBeNull()
  })
})
