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
  /** A further condition over the households row `h` (the filter's facets); none when absent. */
  where?: SQL
  /** The category codes to carry per household, an expression over `h` (default: every code it holds). */
  categories?: SQL
  /**
   * The datum the tile is cut in: the basemap's. GCJ-02 (高德) tiles carry each household at its
   * GCJ-02 position (cuntu_gcj02_point, migration 0019), since a vector tile cannot be shifted in the browser.
   */
  datum?: TileDatum
  /**
   * Positions and categories only, on a PREVIEW_EXTENT grid, one household per cell (its categories colour the dot): a
   * 100,000-household village's z13 tile is 5.6 MB in full (67,000 ids and 户号) and seconds to encode on PGlite.
   */
  preview?: boolean
}

/** The preview's grid: 256 cells across a tile, about 19 m at z13, 5 m at z15: a drawn dot covers a cell. */
export const PREVIEW_EXTENT = 256

export type TileDatum = 'wgs84' | 'gcj02'

/** Wider than the largest GCJ-02 offset (about 0.007°), so every household shifted into the tile is read. */
const GCJ_MARGIN_DEGREES = 0.01

/** Properties carried per household: small and non-identifying (no names). */
function properties(t: TileRequest): SQL {
  if (t.preview) return sql`array_to_string(${t.categories ?? sql`h.categories`}, ',') as categories`
  return sql`h.id::text as id, h.huhao, coalesce(h.group_number, -1)::int as "group", h.status::text as status,
  array_to_string(${t.categories ?? sql`h.categories`}, ',') as categories`
}

/**
 * The households of the tile (with a buffer) through cuntu_households_in_box
 * (migration 0017): it reads as the owner so the spatial index serves, and
 * applies the scope test of the row-level security policy itself.
 */
function inTile(t: TileRequest): SQL {
  const box = sql`ST_Transform(ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}, margin => ${BUFFER / TILE_EXTENT}), 4326)`
  return sql`cuntu_households_in_box(${t.villageRange.lo}, ${t.villageRange.hi},
    ${t.datum === 'gcj02' ? sql`ST_Expand(${box}, ${GCJ_MARGIN_DEGREES}::float8)` : box}) h
    where ${t.where ?? sql`true`}`
}

/** The household's position in the tile's datum, Web Mercator. */
function located(t: TileRequest): SQL {
  return t.datum === 'gcj02' ? sql`ST_Transform(cuntu_gcj02_point(h.location), 3857)` : sql`ST_Transform(h.location, 3857)`
}

export function validTile(z: number, x: number, y: number): boolean {
  return Number.isInteger(z) && z >= 0 && z <= 22 && Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z
}

export async function householdTile(database: Database, t: TileRequest): Promise<Uint8Array> {
  const extent = t.preview ? PREVIEW_EXTENT : TILE_EXTENT
  const buffer = t.preview ? BUFFER / (TILE_EXTENT / PREVIEW_EXTENT) : BUFFER
  if (database.capabilities.mvt) {
    const [row] = await database.rows<{ mvt: Uint8Array | null }>(sql`
      select ST_AsMVT(q, ${TILE_LAYER}, ${extent}, 'geom') as mvt from (
        select ${t.preview ? sql`distinct on (ST_AsEWKB(geom))` : sql``} * from (
          select ${properties(t)},
                 ST_AsMVTGeom(${located(t)}, ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}), ${extent}, ${buffer}, true) as geom
          from ${inTile(t)}
        ) p where p.geom is not null
      ) q`)
    return row?.mvt ? new Uint8Array(row.mvt) : new Uint8Array()
  }
  const rows = await database.rows<{ tx: number; ty: number; id: string; huhao: string; group: number; status: string; categories: string }>(sql`
    with env as (select ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}) as e)
    select ${t.preview ? sql`distinct on (tx, ty)` : sql``} * from (
      select round((ST_X(p) - ST_XMin(env.e)) / (ST_XMax(env.e) - ST_XMin(env.e)) * ${extent})::int as tx,
             round((ST_YMax(env.e) - ST_Y(p)) / (ST_YMax(env.e) - ST_YMin(env.e)) * ${extent})::int as ty,
             ${t.preview ? sql`q.categories` : sql`q.id, q.huhao, q."group", q.status, q.categories`}
      from env, (select ${properties(t)}, ${located(t)} as p from ${inTile(t)}) q
    ) r
    -- What ST_AsMVTGeom's clip does on PostgreSQL: the read box is wider than the tile for GCJ-02.
    where tx between ${-buffer} and ${extent + buffer} and ty between ${-buffer} and ${extent + buffer}`)
  if (rows.length === 0) return new Uint8Array()
  return vtpbf.fromGeojsonVt(
    {
      [TILE_LAYER]: {
        features: rows.map((r) => ({
          type: 1 as const,
          geometry: [[r.tx, r.ty]] as [number, number][],
          tags: (t.preview ? { categories: r.categories } : { id: r.id, huhao: r.huhao, group: r.group, status: r.status, categories: r.categories }) as Record<string, string | number>,
        })),
      },
    },
    { version: 2, extent },
  )
}

/** One aggregate feature: an area drawn as a point at the centroid of its households (tile pixel coordinates). */
export interface AggregatePoint {
  tx: number
  ty: number
  properties: Record<string, string | number>
}

export const AGGREGATE_LAYER = 'areas'

/**
 * Encode aggregate points (a few dozen per tile) as a tile of layer `areas`.
 * The same on both engines: the rows come from SQL either way, and the
 * encoding of so few features costs nothing next to the query.
 */
export function encodeAggregateTile(points: readonly AggregatePoint[]): Uint8Array {
  if (points.length === 0) return new Uint8Array()
  return vtpbf.fromGeojsonVt(
    { [AGGREGATE_LAYER]: { features: points.map((p) => ({ type: 1 as const, geometry: [[p.tx, p.ty]] as [number, number][], tags: p.properties })) } },
    { version: 2, extent: TILE_EXTENT },
  )
}

/**
 * A WGS84 position [lng, lat] in the pixel space of tile z/x/y (XYZ scheme,
 * Web Mercator, origin top-left, `extent` units per tile side). Positions
 * outside the tile fall outside 0‥extent.
 */
export function lngLatToTilePixel(lng: number, lat: number, z: number, x: number, y: number, extent = TILE_EXTENT): [number, number] {
  const n = 2 ** z
  const wx = ((lng + 180) / 360) * n
  const r = (Math.max(-85.05112878, Math.min(85.05112878, lat)) * Math.PI) / 180
  const wy = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n
  // `|| 0` turns the -0 that rounding a tiny negative gives into 0.
  return [Math.round((wx - x) * extent) || 0, Math.round((wy - y) * extent) || 0]
}

/** How far outside a tile (in tile units) an aggregate point is still drawn, so labels across the edge show on both sides. */
export const AGGREGATE_BUFFER = 256
