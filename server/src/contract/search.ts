import { z } from 'zod'
import { LngLat } from './geo.ts'
import { Uuid } from './common.ts'

export const SearchQuery = z.object({
  /** A 户号 prefix or part of a member's name; trimmed, 1–40 characters. */
  q: z.string().trim().min(1).max(40),
})
export type SearchQuery = z.infer<typeof SearchQuery>

export const SearchHit = z.object({
  id: Uuid,
  huhao: z.string(),
  group: z.number().int().nullable(),
  /** The matched member's name (the head's when the 户号 matched). */
  name: z.string().nullable(),
  relation: z.string().nullable(),
  /** The household's position, [longitude, latitude] WGS84; null before it is placed on the map. */
  lngLat: LngLat.nullable(),
})
export type SearchHit = z.infer<typeof SearchHit>
/** At most 20 hits: enough to pick from, small enough to scan by eye. */
export const SearchHits = z.array(SearchHit).max(20)
export const SEARCH_LIMIT = 20
