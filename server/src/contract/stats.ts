import { z } from 'zod'

const CategoryCounts = z.record(z.string(), z.number().int())
export const GroupStats = z.object({ households: z.number().int(), byCategory: CategoryCounts })
export const VillageStats = z.object({
  households: z.number().int(),
  members: z.number().int(),
  /** Households per category: each household counted once per category it holds. */
  byCategory: CategoryCounts,
  /** Keyed by group number as text ("10"); households without a group under "none". */
  byGroup: z.record(z.string(), GroupStats),
})
export type VillageStats = z.infer<typeof VillageStats>
