/**
 * Spatial questions as SQL fragments over PostGIS geography (metres on the
 * ground). Pure builders with unit tests; the values are always parameters.
 *
 * A geometry index on households.location is used by a first, generous
 * degree box (`ST_DWithin` on geometry with the metres turned into degrees at
 * the feature's latitude, rounded up), then geography decides exactly.
 */
import { sql, type SQL } from 'drizzle-orm'

/** Metres per degree of latitude (mean); a degree of longitude is this × cos(latitude). */
export const METRES_PER_DEGREE = 111_320

/**
 * Degrees that cover `metres` in every direction at latitude `lat` (the longitude
 * degree is the shorter one, so it is the bound), with 10 % to spare.
 */
export function degreesCovering(metres: number, lat: number): number {
  const cos = Math.max(0.01, Math.cos((Math.abs(lat) * Math.PI) / 180))
  return (metres / (METRES_PER_DEGREE * cos)) * 1.1
}

/** `household` is within `metres` of `geom` (both EPSG:4326 geometry columns/expressions). */
export function withinMetres(household: SQL, geom: SQL, metres: number, lat: number): SQL {
  return sql`(ST_DWithin(${household}, ${geom}, ${degreesCovering(metres, lat)}) and ST_DWithin(${household}::geography, ${geom}::geography, ${metres}))`
}

/** Ids of the village's households within `metres` of feature `featureId`; `lat` is the feature's latitude (degrees), for the index box. */
export function nearHouseholdsSql(villageCode: string, featureId: string, metres: number, lat: number): SQL {
  return sql`select h.id from households h, features f
    where f.id = ${featureId} and h.village_code = ${villageCode} and h.location is not null
      and ${withinMetres(sql`h.location`, sql`f.geom`, metres, lat)}
    order by h.id`
}

/** Households per category among `ids`, each household once per category it holds (as the legend counts). */
export function categoryCountsSql(ids: readonly string[]): SQL {
  return sql`select category_code as code, count(distinct household_id)::int as n from household_category_rollup
    where household_id = any(${sql.param(ids)}::uuid[]) group by category_code`
}
