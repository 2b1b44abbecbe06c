/**
 * Aggregate rows as the points of one tile: an area at the centroid of its
 * households, with its counts as properties (`households`, `people`, and
 * `n_<category>` per category), kept only when inside the tile's buffer.
 * Properties carry area codes and names, never a household's.
 */
import { AGGREGATE_BUFFER, lngLatToTilePixel, TILE_EXTENT, type AggregatePoint, type TileDatum } from '@cuntu/db'
import { wgs84ToGcj02, type AreaLevel } from '@cuntu/domain'
import type { AggregateRow } from './repository.ts'

export function aggregatePoints(
  rows: readonly AggregateRow[], level: AreaLevel, z: number, x: number, y: number, datum: TileDatum = 'wgs84',
): AggregatePoint[] {
  const points: AggregatePoint[] = []
  for (const r of rows) {
    if (!r.centre) continue
    const [lng, lat] = datum === 'gcj02' ? wgs84ToGcj02(r.centre) : r.centre
    const [tx, ty] = lngLatToTilePixel(lng, lat, z, x, y)
    if (tx < -AGGREGATE_BUFFER || ty < -AGGREGATE_BUFFER || tx > TILE_EXTENT + AGGREGATE_BUFFER || ty > TILE_EXTENT + AGGREGATE_BUFFER) continue
    const properties: Record<string, string | number> = { code: r.code, name: r.name ?? r.code, level, households: r.households, people: r.people }
    for (const [code, n] of Object.entries(r.byCategory)) properties[`n_${code}`] = n
    points.push({ tx, ty, properties })
  }
  return points
}
