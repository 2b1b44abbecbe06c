import { z } from 'zod'
import { DISABILITY_TYPE_CODES, HOUSEHOLD_STATUSES } from '@cuntu/domain'
import { AreaCode, CategoryCode, Uuid } from './common.ts'

/**
 * Printed maps (sheets, atlases, WeChat images) and their saved snapshots.
 * A snapshot holds the parameters of what was printed and the aggregate counts
 * its legend showed: never names or other record values.
 */

/** The map filters as the client's URL spells them (web/src/state/url-state.ts). */
export const PrintFilters = z.object({
  cats: z.array(CategoryCode).max(50),
  match: z.enum(['any', 'all']),
  group: z.union([z.number().int().min(0).max(999), z.literal('none')]).nullable(),
  status: z.enum(HOUSEHOLD_STATUSES).nullable(),
  age: z.enum(['minor', 'senior', 'aged80']).nullable(),
  dis: z.enum(DISABILITY_TYPE_CODES).nullable(),
  grade: z.enum(['12', '34']).nullable(),
  year: z.number().int().min(1990).max(2100).nullable(),
})
export type PrintFilters = z.infer<typeof PrintFilters>

const Lng = z.number().min(-180).max(180)
const Lat = z.number().min(-85).max(85)
/** [west, south, east, north], WGS84 degrees. */
export const Bbox = z
  .tuple([Lng, Lat, Lng, Lat])
  .refine(([w, s, e, n]) => w < e && s < n, { message: 'west < east and south < north' })

export const PrintExtent = z.object({
  /** What the sheet covers: the map's current view, a chosen box, one village group, the whole village. */
  kind: z.enum(['view', 'bbox', 'group', 'village']),
  bbox: Bbox,
  group: z.number().int().min(0).max(999).nullable(),
})

export const PrintPage = z.object({
  size: z.enum(['A4', 'A3']),
  orientation: z.enum(['landscape', 'portrait']),
  dpi: z.union([z.literal(150), z.literal(300)]),
})
export type PrintPage = z.infer<typeof PrintPage>

/** Free text on the sheet: one line, no control characters. */
const Line = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'no control characters' })

export const PrintParams = z.object({
  kind: z.enum(['sheet', 'atlas', 'wechat']),
  format: z.enum(['png', 'pdf', 'jpeg']),
  title: Line(60).pipe(z.string().min(1)),
  author: Line(40),
  notes: z.string().max(500).refine((s) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(s), { message: 'no control characters' }),
  filters: PrintFilters,
  extent: PrintExtent,
  /** The map's layers, bottom first (drawn layers join this list when they exist). */
  layers: z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/)).min(1).max(20),
  basemap: z.enum(['offline', 'osm', 'tianditu-vec', 'tianditu-img', 'amap']),
  page: PrintPage,
  /** Heads' names on the map: needs the exportNamed ability; the sheet then carries 保密 and a watermark. */
  names: z.boolean(),
  /** Sensitive categories merged into one 重点关注户 colour, for meetings with outsiders. */
  deidentified: z.boolean(),
  /** A small inset of the whole village with the sheet's extent. */
  overview: z.boolean(),
  /** Atlas only: a table page per group (户号 and categories; names only as above). */
  annex: z.boolean(),
})
export type PrintParams = z.infer<typeof PrintParams>

/** What the legend counted: households per category (each once per category), people, per group. */
export const PrintCounts = z.object({
  households: z.number().int().min(0),
  people: z.number().int().min(0),
  byCategory: z.record(CategoryCode, z.number().int().min(0)),
})
export type PrintCounts = z.infer<typeof PrintCounts>

export const PrintRequest = z.object({ params: PrintParams, counts: PrintCounts })
export type PrintRequest = z.infer<typeof PrintRequest>

export const PrintSnapshot = z.object({
  id: Uuid,
  villageCode: AreaCode,
  createdAt: z.string(),
  createdBy: z.string(),
  kind: z.enum(['sheet', 'atlas', 'wechat']),
  title: z.string(),
  params: PrintParams,
  counts: PrintCounts,
})
export type PrintSnapshot = z.infer<typeof PrintSnapshot>
