/**
 * Spatial questions answered by PostGIS in metres (geography): households
 * near a drawn feature, households far from every feature of a kind, and a
 * feature's length and area. Scoped by row-level security like everything else.
 */
import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { SpatialAnswer } from '../../contract/index.ts'
import { notFound } from '../../plugins/errors.ts'
import { categoryCountsSql, nearHouseholdsSql, withinMetres } from './question.ts'

export function spatialRepository(database: Database) {
  async function answer(ids: string[], area: unknown): Promise<SpatialAnswer> {
    // Each household once per category it holds, whatever the years (as the legend counts).
    const counts = ids.length
      ? await database.rows<{ code: string; n: number }>(categoryCountsSql(ids))
      : []
    return { householdIds: ids, households: ids.length, byCategory: Object.fromEntries(counts.map((c) => [c.code, c.n])), area }
  }

  return {
    /** Households of the feature's village within `metres` of it. */
    async near(villageCode: string, featureId: string, metres: number): Promise<SpatialAnswer> {
      const [f] = await database.rows<{ lat: number; area: unknown }>(sql`
        select ST_Y(ST_Centroid(geom)) as lat, ST_AsGeoJSON(ST_Buffer(geom::geography, ${metres})::geometry, 7)::json as area
        from features where id = ${featureId} and village_code = ${villageCode} and deleted_at is null`)
      if (!f) throw notFound('feature_not_found')
      const rows = await database.rows<{ id: string }>(nearHouseholdsSql(villageCode, featureId, metres, f.lat))
      return answer(rows.map((r) => r.id), f.area)
    },

    /** Households of the village further than `metres` from every (not deleted) feature of `kind` there. */
    async far(villageCode: string, kind: string, metres: number): Promise<SpatialAnswer> {
      const [v] = await database.rows<{ lat: number | null; area: unknown }>(sql`
        select (select ST_Y(ST_Centroid(ST_Collect(location))) from households where village_code = ${villageCode}) as lat,
               (select ST_AsGeoJSON(ST_Union(ST_Buffer(geom::geography, ${metres})::geometry), 7)::json
                  from features where village_code = ${villageCode} and kind = ${kind} and deleted_at is null) as area`)
      const lat = v?.lat ?? 30
      const rows = await database.rows<{ id: string }>(sql`
        select h.id from households h
        where h.village_code = ${villageCode} and h.location is not null
          and not exists (
            select 1 from features f join map_layers l on l.id = f.layer_id
            where f.village_code = ${villageCode} and f.kind = ${kind} and f.deleted_at is null and l.deleted_at is null
              and ${withinMetres(sql`h.location`, sql`f.geom`, metres, lat)})
        order by h.id`)
      return answer(rows.map((r) => r.id), v?.area ?? null)
    },

    async measure(featureId: string): Promise<{ lengthM: number; areaM2: number; perimeterM: number } | null> {
      const [m] = await database.rows<{ lengthM: number; areaM2: number; perimeterM: number }>(sql`
        select ST_Length(geom::geography) as "lengthM", ST_Area(geom::geography) as "areaM2", ST_Perimeter(geom::geography) as "perimeterM"
        from features where id = ${featureId}`)
      return m ?? null
    },
  }
}
