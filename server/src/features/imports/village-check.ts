/**
 * Is this workbook about this village? A workbook of another village once imported into 石桥村 with no warning:
 * 42 households ~2.5 km away, outside the boundary, 第1组 from 69 to 83 households. The dry run now warns loudly
 * and the commit asks for confirmation (`confirmVillageMismatch`) when:
 *  - most new positions fall outside the village (its boundary, or its households' hull),
 *  - most 户号 carry a prefix the village's households do not have (0200xxx into a village of 0201xxx),
 *  - the import would add many households to groups that already exist.
 * The rules are pure (`villageMismatches`); the one query (positions against the boundary) is the repository's.
 */
import type { Wgs84LngLat } from '@cuntu/domain'
import type { StoredHousehold } from './repository.ts'
import type { ImportPlan } from './plan.ts'
import type { Issue } from './plan-issues.ts'

/** 户号 prefix compared between file and village: the first four characters (0201 of 0201001). */
export const HUHAO_PREFIX_LENGTH = 4
/** A group "gets many" new households: at least this many and at least this share of what it holds. */
export const GROUP_GROWTH_MIN = 5
export const GROUP_GROWTH_SHARE = 0.1

export type MismatchCode = 'village_positions_outside' | 'village_huhao_prefix' | 'village_groups_grow'

export interface MismatchFinding {
  code: MismatchCode
  params: Record<string, string | number>
}

const MESSAGES: Record<MismatchCode, { zh: string; en: string }> = {
  village_positions_outside: {
    zh: '注意：{outside} / {total} 个新位置在本村范围以外（超出 {tolerance} 米）。这可能是另一个村的档案，请核对后再导入',
    en: 'Warning: {outside} of {total} new positions lie outside this village (by more than {tolerance} m). This may be another village\'s workbook; check before importing',
  },
  village_huhao_prefix: {
    zh: '注意：{share}% 的户号以 {filePrefix} 开头，本村户号以 {villagePrefix} 开头。这可能是另一个村的档案，请核对后再导入',
    en: 'Warning: {share}% of the household numbers start with {filePrefix}; this village\'s start with {villagePrefix}. This may be another village\'s workbook; check before importing',
  },
  village_groups_grow: {
    zh: '注意：导入会给已有村组新增大量住户（{groups}）。如果这些住户本来就在本村，请先核对户号',
    en: 'Warning: the import adds many households to existing groups ({groupsEn}). If these households are already in the village, check their numbers first',
  },
}

const prefixOf = (huhao: string) => huhao.slice(0, HUHAO_PREFIX_LENGTH)

function mostCommon(values: readonly string[]): [string, number] | null {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? null
}

/** The rule checks that need no database: 户号 prefixes and group growth. */
export function villageMismatches(plan: ImportPlan, stored: readonly StoredHousehold[]): MismatchFinding[] {
  const found: MismatchFinding[] = []
  const creates = plan.entries.filter((e) => e.action === 'create' && e.huhao !== null)
  if (stored.length >= 5 && creates.length >= 5) {
    const villagePrefixes = new Set(stored.map((s) => prefixOf(s.huhao)))
    const foreign = creates.filter((e) => !villagePrefixes.has(prefixOf(e.huhao!)))
    if (foreign.length * 2 > creates.length) {
      const file = mostCommon(foreign.map((e) => prefixOf(e.huhao!)))!
      const village = mostCommon(stored.map((s) => prefixOf(s.huhao)))!
      found.push({ code: 'village_huhao_prefix', params: { share: Math.round((foreign.length / creates.length) * 100), filePrefix: file[0], villagePrefix: village[0] } })
    }
  }
  const sizes = new Map<number, number>()
  for (const s of stored) {
    const g = (s.snapshot.household.group_number ?? null) as number | null
    if (g !== null) sizes.set(g, (sizes.get(g) ?? 0) + 1)
  }
  const added = new Map<number, number>()
  for (const e of creates) if (e.group !== null && sizes.has(e.group)) added.set(e.group, (added.get(e.group) ?? 0) + 1)
  const growing = [...added.entries()]
    .filter(([g, n]) => n >= GROUP_GROWTH_MIN && n >= GROUP_GROWTH_SHARE * sizes.get(g)!)
    .sort((a, b) => a[0] - b[0])
  if (growing.length > 0) {
    found.push({
      code: 'village_groups_grow',
      params: {
        groups: growing.map(([g, n]) => `第${g}组 ${sizes.get(g)} → ${sizes.get(g)! + n} 户`).join('，'),
        groupsEn: growing.map(([g, n]) => `group ${g}: ${sizes.get(g)} → ${sizes.get(g)! + n}`).join(', '),
      },
    })
  }
  return found
}

/** The positions rule, given the repository's count: "most" is more than half of the new positions. */
export function positionsFinding(total: number, outside: number, toleranceMetres: number): MismatchFinding | null {
  return total >= 3 && outside * 2 > total ? { code: 'village_positions_outside', params: { outside, total, tolerance: toleranceMetres } } : null
}

/** New positions the plan would store (created households, moved ones), WGS84. */
export function plannedPositions(plan: ImportPlan): Wgs84LngLat[] {
  return plan.entries
    .filter((e) => (e.action === 'create' || (e.action === 'update' && e.changes.includes('location'))) && e.desired?.location)
    .map((e) => e.desired!.location!)
}

export function mismatchIssue(f: MismatchFinding): Issue {
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (w, k: string) => (k in f.params ? String(f.params[k]) : w))
  const m = MESSAGES[f.code]
  return { sheet: '', row: null, column: null, field: null, code: f.code, severity: 'warning', messageZh: fill(m.zh), messageEn: fill(m.en) }
}

export const POSITION_TOLERANCE_METRES = 300

/** Both kinds of check, with the repository for the boundary; findings first among the plan's issues. */
export async function checkVillage(
  repo: { pointsOutsideVillage(code: string, points: readonly Wgs84LngLat[], tolerance?: number): Promise<{ checked: boolean; outside: number }> },
  villageCode: string,
  plan: ImportPlan,
  stored: readonly StoredHousehold[],
): Promise<MismatchFinding[]> {
  const findings = villageMismatches(plan, stored)
  const points = plannedPositions(plan)
  const { checked, outside } = await repo.pointsOutsideVillage(villageCode, points, POSITION_TOLERANCE_METRES)
  const p = checked ? positionsFinding(points.length, outside, POSITION_TOLERANCE_METRES) : null
  if (p) findings.unshift(p)
  plan.issues.unshift(...findings.map(mismatchIssue))
  return findings
}
