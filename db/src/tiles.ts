// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient types of vt-pbf (it ships none) must reach every program that compiles this file, web's included
/// <reference path="./vt-pbf.d.ts" />
/**
 * Household vector tiles (Mapbox Vector Tile, layer `households`, extent 4096).
 * PostgreSQL builds the tile with ST_AsMVT. PGlite's PostGIS is compiled
 * without protobuf (no ST_AsMVT, no ST_AsMVTGeom), so there the same rows are
 * projected to tile space in plain SQL and encoded here with vt-pbf. This file
 * is the one place the two engines differ; both sides are tested to decode to
 * the same features.
 */
import { sql, type SQL } from 'drizzle-orm'
import vtpbf from 'vt-pbf'
import type { Database } from './client.ts'

export const TILE_EXTENT = 4096
export const TILE_LAYER = 'households'
/** Points are kept this far (in tile units) outside the edge so symbols that straddle it draw on both tiles. */
const BUFFER = 64

export interface TileRequest {
  z: number
  x: number
  y: number
  /** Only households whose village code falls in this inclusive range (an area's villages). */
  villageRange: { lo: string; hi: string }
}

/** Properties carried per household: small and non-identifying (no names). */
const PROPERTIES = sql`h.id::text as id, h.huhao, coalesce(h.group_number, -1)::int as "group", h.status::text as status,
  coalesce((select string_agg(distinct r.category_code, ',') from household_category_rollup r where r.household_id = h.id), '') as categories`

function inTile(t: TileRequest): SQL {
  return sql`h.village_code between ${t.villageRange.lo} and ${t.villageRange.hi}
    and h.location && ST_Transform(ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}, margin => ${BUFFER / TILE_EXTENT}), 4326)`
}

export function validTile(z: number, x: number, y: number): boolean {
  return Number.isInteger(z) && z >= 0 && z <= 22 && Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z
}

export async function householdTile(database: Database, t: TileRequest): Promise<Uint8Array> {
  if (database.capabilities.mvt) {
    const [row] = await database.rows<{ mvt: Uint8Array | null }>(sql`
      select ST_AsMVT(q, ${TILE_LAYER}, ${TILE_EXTENT}, 'geom') as mvt from (
        select ${PROPERTIES},
               ST_AsMVTGeom(ST_Transform(h.location, 3857), ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}), ${TILE_EXTENT}, ${BUFFER}, true) as geom
        from households h where ${inTile(t)}
      ) q where q.geom is not null`)
    return row?.mvt ? new Uint8Array(row.mvt) : new Uint8Array()
  }
  const rows = await database.rows<{ tx: number; ty: number; id: string; huhao: string; group: number; status: string; categories: string }>(sql`
    with env as (select ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}) as e)
    select round((ST_X(p) - ST_XMin(env.e)) / (ST_XMax(env.e) - ST_XMin(env.e)) * ${TILE_EXTENT})::int as tx,
           round((ST_YMax(env.e) - ST_Y(p)) / (ST_YMax(env.e) - ST_YMin(env.e)) * ${TILE_EXTENT})::int as ty,
           q.id, q.huhao, q."group", q.status, q.categories
    from env, (select ${PROPERTIES}, ST_Transform(h.location, 3857) as p from households h where ${inTile(t)}) q`)
  if (rows.length === 0) return new Uint8Array()
  return vtpbf.fromGeojsonVt(
    {
      [TILE_LAYER]: {
        features: rows.map((r) => ({
          type: 1 as const,
          geometry: [[r.tx, r.ty]] as [number, number][],
          tags: { id: r.id, huhao: r.huhao, group: r.group, status: r.status, categories: r.categories },
        })),
      },
    },
    { version: 2, extent: TILE_EXTENT },
  )
}
