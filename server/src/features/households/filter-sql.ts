import { sql, type SQL } from 'drizzle-orm'
import { villageCodeRange } from '@cuntu/domain'
import type { HouseholdFilter } from '../../contract/index.ts'

/**
 * SQL fragments for the household filters. Every value is a bound parameter;
 * category codes were checked against the registry before reaching here.
 * The fragments refer to the households table as `h`.
 */

/** Households inside an area (a village, or every village of a township, county …). */
export function inArea(areaCode: string): SQL {
  const { lo, hi } = villageCodeRange(areaCode)
  return lo === hi ? sql`h.village_code = ${lo}` : sql`h.village_code between ${lo} and ${hi}`
}

/** Per-year assignments count only for the chosen year; open-ended ones always count. */
export function yearCondition(year: number | undefined, alias = 'r'): SQL {
  return year === undefined ? sql`true` : sql`(${sql.raw(alias)}.year is null or ${sql.raw(alias)}.year = ${year})`
}

export function householdWhere(areaCode: string, filter: Partial<HouseholdFilter>): SQL {
  const parts: SQL[] = [inArea(areaCode)]
  if (filter.status) parts.push(sql`h.status = ${filter.status}`)
  if (filter.group !== undefined) parts.push(sql`h.group_number = ${filter.group}`)
  const codes = filter.categories ?? []
  if (codes.length > 0) {
    const list = sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    )
    const held = sql`from household_category_rollup r where r.household_id = h.id and r.category_code in (${list}) and ${yearCondition(filter.year)}`
    // A scalar subquery rather than EXISTS: the planner turns EXISTS into a semi-join that reads every
    // assignment of the code in the whole database before narrowing to the area (1.6 s vs 0.27 s at 1M households).
    parts.push(
      filter.match === 'all'
        ? sql`(select count(distinct r.category_code) ${held}) = ${codes.length}`
        : sql`coalesce((select true ${held} limit 1), false)`,
    )
  }
  return sql.join(parts, sql` and `)
}
