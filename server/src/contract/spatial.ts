import { z } from 'zod'
import { FEATURE_KIND_CODE_PATTERN } from '@cuntu/domain'
import { Uuid } from './common.ts'

/** Metres on the ground (PostGIS geography), 1 m … 5 km. */
export const Metres = z.coerce.number().int().min(1).max(5000)

/**
 * A spatial question, as the URL spells it:
 * `near` — households within `metres` of a feature;
 * `far` — households further than `metres` from every feature of a kind.
 */
export const SpatialQuery = z.union([
  z.object({ near: Uuid, metres: Metres }).strict(),
  z.object({ far: z.string().regex(FEATURE_KIND_CODE_PATTERN), metres: Metres }).strict(),
])
export type SpatialQuery = z.infer<typeof SpatialQuery>

export const SpatialAnswer = z.object({
  householdIds: z.array(Uuid),
  households: z.number().int(),
  /** Matching households per category they hold (each household once per category), like the stats API. */
  byCategory: z.record(z.string(), z.number().int()),
  /** What to draw: the buffer around the feature (near) or around every feature of the kind (far), WGS84. */
  area: z.unknown().nullable(),
})
export type SpatialAnswer = z.infer<typeof SpatialAnswer>

export const FeatureMeasure = z.object({ lengthM: z.number(), areaM2: z.number(), perimeterM: z.number() })
