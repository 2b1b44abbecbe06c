import { sql, type SQL } from 'drizzle-orm'
import { villageCodeRange } from '@cuntu/domain'
import type { HouseholdFilter } from '../../contract/index.ts'
import { facetConditions } from './facet-sql.ts'

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

/**
 * An area and every facet of the filter (see facet-sql.ts), over the columns
 * the triggers keep on the household row: no roll-up subquery per household.
 */
export function householdWhere(areaCode: string, filter: Partial<HouseholdFilter>): SQL {
  return sql.join([inArea(areaCode), ...facetConditions(filter)], sql` and `)
}
