/**
 * Area aggregates: households and people per area and category under a
 * filter, for stats tables and for the map's low zooms. Answered from
 * area_rollups (one row per area and status, migration 0021) when the filter
 * is at most a status; from area_tallies (kept by triggers, migration 0017)
 * when it asks only what tallies carry (status, categories and years,
 * disabilities); from the household rows otherwise (village group, ages). Both run under
 * row-level security like everything in `request.scoped`.
 */
import { sql, type SQL } from 'drizzle-orm'
import { householdTile, type Database, type TileDatum } from '@cuntu/db'
import { AREA_PREFIX_LENGTH, rollupAnswers, tallyAnswers, villageCodeRange, type AreaLevel, type FacetFilter, type Wgs84LngLat } from '@cuntu/domain'
import { facetWhere, heldCodes } from '../households/facet-sql.ts'

export interface AggregateRow {
  code: string
  name: string | null
  households: number
  people: number
  byCategory: Record<string, number>
  /** Centroid of the area's located households (all of them, so it does not move with the filter), WGS84; null when none has a position. */
  centre: Wgs84LngLat | null
}

export interface TileWindow {
  z: number
  x: number
  y: number
  /** Margin around the tile, as a fraction of its size, within which villages count as near. */
  margin: number
}

export function aggregateRepository(database: Database) {
  /** Areas of `level` inside `areaCode` (optionally only those with a village near a tile), with their counts. */
  async function byLevel(areaCode: string, level: AreaLevel, filter: FacetFilter, tile?: TileWindow): Promise<AggregateRow[]> {
    const { lo, hi } = villageCodeRange(areaCode)
    const keep = AREA_PREFIX_LENGTH[level]
    const box = tile ? sql`ST_Transform(ST_TileEnvelope(${tile.z}, ${tile.x}, ${tile.y}, margin => ${tile.margin}), 4326)` : null
    // Tallies and rollups through their functions (migrations 0018, 0021): one scope test on the area rather than the policy on every row.
    const tallies = (fn: string) => sql`from ${sql.raw(fn)}(${level}::area_level, ${lo}, ${hi}, ${box ?? sql`null::geometry`}, ${keep}) t`
    let source: SQL
    // Households per category: unnested from each row's codes, or summed from a rollup's per-category counts.
    let perCategory = sql`select t.code, k, sum(t.households)::int as n from t, unnest(t.codes) k where t.ok group by 1, 2`
    if (rollupAnswers(filter)) {
      source = sql`select t.area_code as code, t.households, t.people, t.located, t.sum_lng, t.sum_lat, t.by_category,
                          (${facetWhere(filter, 't')}) as ok ${tallies('cuntu_area_rollups')}`
      perCategory = sql`select t.code, e.key as k, sum(e.value::int)::int as n from t, jsonb_each_text(t.by_category) e where t.ok group by 1, 2`
    } else if (tallyAnswers(filter)) {
      source = sql`select t.area_code as code, t.households, t.people, t.located, t.sum_lng, t.sum_lat,
                          ${heldCodes(filter.year, 't')} as codes, (${facetWhere(filter, 't')}) as ok ${tallies('cuntu_area_tallies')}`
    } else {
      source = sql`select rpad(left(h.village_code, ${keep}), 12, '0') as code, 1 as households, h.member_count as people,
                   (h.location is not null)::int as located, coalesce(ST_X(h.location), 0) as sum_lng, coalesce(ST_Y(h.location), 0) as sum_lat,
                   ${heldCodes(filter.year, 'h')} as codes, (${facetWhere(filter, 'h')}) as ok
            from households h
            where h.village_code between ${lo} and ${hi}
            ${box ? sql`and rpad(left(h.village_code, ${keep}), 12, '0') in (select distinct rpad(left(s.village_code, ${keep}), 12, '0')
                from village_summaries s where s.village_code between ${lo} and ${hi} and s.extent && ${box})` : sql``}`
    }
    const rows = await database.rows<{ code: string; name: string | null; households: number; people: number; lng: number | null; lat: number | null; by_category: string }>(sql`
      with t as (${source}),
      a as (select code, coalesce(sum(households) filter (where ok), 0)::int as households,
                   coalesce(sum(people) filter (where ok), 0)::int as people,
                   sum(sum_lng) / nullif(sum(located), 0) as lng, sum(sum_lat) / nullif(sum(located), 0) as lat
            from t group by code),
      c as (${perCategory}),
      -- Grouped once and joined: a subquery per area scanned all of c again for each (a z10 tile: 364 villages).
      cj as (select code, json_object_agg(k, n) as j from c group by code)
      select a.code, ar.name, a.households, a.people, a.lng, a.lat, coalesce(cj.j::text, '{}') as by_category
      from a left join areas ar on ar.code = a.code left join cj on cj.code = a.code
      order by a.code`)
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      households: r.households,
      people: r.people,
      byCategory: JSON.parse(r.by_category) as Record<string, number>,
      centre: r.lng === null || r.lat === null ? null : [Number(r.lng), Number(r.lat)],
    }))
  }

  return {
    byLevel,

    /** The households of a tile (layer `households`) that pass the filter, with the codes they hold in its year (only those, on a coarse grid, for a preview). */
    householdTile(areaCode: string, filter: FacetFilter, z: number, x: number, y: number, datum: TileDatum = 'wgs84', preview = false): Promise<Uint8Array> {
      return householdTile(database, {
        z, x, y, datum, preview,
        villageRange: villageCodeRange(areaCode),
        where: facetWhere(filter, 'h'),
        categories: heldCodes(filter.year, 'h'),
      })
    },

  }
}

/**
 * The data version of an area: the largest version of its villages, which
 * moves with every write to one of them (one sequence for all, so it never
 * repeats). 0 for an area without household data.
 *
 * Read as the owner, outside any scoped transaction: the caller has checked
 * the area against the principal (requireArea), and a version is a number
 * that says nothing of the rows. A response cache hit or a 304 then costs
 * this one statement instead of a scoped transaction's five.
 */
export async function areaVersion(database: Database, areaCode: string): Promise<number> {
  const { lo, hi } = villageCodeRange(areaCode)
  const [row] = await database.rows<{ v: string | number | null }>(
    sql`select max(s.version) as v from village_summaries s where s.village_code between ${lo} and ${hi}`,
  )
  return Number(row?.v ?? 0)
}

export type AggregateRepository = ReturnType<typeof aggregateRepository>
