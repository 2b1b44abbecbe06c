import { z } from 'zod'

/** [longitude, latitude] in WGS84 degrees, longitude first as GeoJSON requires. */
export const LngLat = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .describe('[longitude, latitude], WGS84 degrees')

/**
 * [longitude, latitude] degrees without range checks: a position as a file gave
 * it (a flagged pair may be swapped, latitude beyond 90) or as a fit extrapolates it.
 */
export const LngLatUnchecked = z.tuple([z.number(), z.number()]).describe('[longitude, latitude], degrees, unchecked')

export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: LngLat })
export type PointGeometry = z.infer<typeof PointGeometry>

/** A closed linear ring: ≥ 4 positions, first equals last. */
const Ring = z
  .array(LngLat)
  .min(4)
  .refine((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1], { message: 'ring must be closed' })

export const PolygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(50) })
export type PolygonGeometry = z.infer<typeof PolygonGeometry>
