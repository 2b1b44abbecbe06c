import { z } from 'zod'
import { AREA_LEVELS } from '@cuntu/domain'
import { AreaCode } from './common.ts'
import { HouseholdFilterQuery } from './households.ts'

const CategoryCounts = z.record(z.string(), z.number().int())

/** One area's counts under a filter. No household is named or identified. */
export const AreaCounts = z.object({
  code: AreaCode,
  name: z.string(),
  level: z.enum(AREA_LEVELS),
  /** Households that pass the filter. */
  households: z.number().int(),
  /** Members of those households. */
  members: z.number().int(),
  /** Households per category (each household once per category it holds, in the filter's year). */
  byCategory: CategoryCounts,
  /** Centroid of the area's located households, [lng, lat] WGS84; null when none is placed. */
  centre: z.tuple([z.number(), z.number()]).nullable(),
})
export type AreaCounts = z.infer<typeof AreaCounts>

export const AreaStats = AreaCounts.extend({
  /** The data version the numbers were read at (moves with every write to the area). */
  version: z.number().int(),
  /** Each child area (a township's villages, a county's townships …), in code order; empty for a village. */
  children: z.array(AreaCounts),
})
export type AreaStats = z.infer<typeof AreaStats>

export const AreaTileQuery = HouseholdFilterQuery.extend({
  /** The datum the tile is cut in, the basemap's: gcj02 for 高德 (AMap), whose tiles are drawn in GCJ-02. */
  datum: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  /**
   * `preview`: from z13, only where the households are and which categories they hold (no id, 户号, group or
   * status), on a 256 grid with one household per cell: what a large village shows while its list loads.
   */
  detail: z.enum(['full', 'preview']).default('full'),
})
