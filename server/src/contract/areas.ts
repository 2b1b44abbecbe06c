import { z } from 'zod'
import { AREA_LEVELS } from '@cuntu/domain'
import { AreaCode } from './common.ts'

export const AreaSummary = z.object({
  code: AreaCode,
  name: z.string(),
  level: z.enum(AREA_LEVELS),
  parentCode: AreaCode.nullable(),
})
export type AreaSummary = z.infer<typeof AreaSummary>

export interface AreaNode extends AreaSummary {
  children: AreaNode[]
}
export const AreaNode: z.ZodType<AreaNode> = AreaSummary.extend({ children: z.lazy(() => z.array(AreaNode)) })

export const VillageGroup = z.object({ number: z.number().int(), name: z.string(), households: z.number().int() })

export const AreaDetail = AreaSummary.extend({
  /** Ancestors from the province down, excluding the area itself. */
  path: z.array(AreaSummary),
  children: z.array(AreaSummary),
  /** A village's groups (村组); empty above village level. */
  groups: z.array(VillageGroup),
  households: z.number().int(),
  /** [west, south, east, north] of the households that have a location, WGS84; null when none. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  /** The area's outline (a village's is drawn around its households when none was given), GeoJSON MultiPolygon, WGS84. */
  boundary: z
    .object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.tuple([z.number(), z.number()])))) })
    .nullable(),
})
export type AreaDetail = z.infer<typeof AreaDetail>
