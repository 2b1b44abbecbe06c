import { z } from 'zod'
import { AREA_CODE_PATTERN, CATEGORY_CODE_PATTERN, HOUSEHOLD_STATUSES, HUHAO_PATTERN } from '@cuntu/domain'

export const AreaCode = z.string().regex(AREA_CODE_PATTERN).describe('12-digit statistical division code')
export const CategoryCode = z.string().regex(CATEGORY_CODE_PATTERN)
export const Huhao = z.string().trim().regex(HUHAO_PATTERN).describe('户号: text, leading zeros kept')
export const Uuid = z.uuid()
export const GroupNumber = z.coerce.number().int().min(0).max(999)
export const HouseholdStatus = z.enum(HOUSEHOLD_STATUSES)
export const Year = z.number().int().min(1990).max(2100)
export const IsoDate = z.iso.date()
/** Largest PostgreSQL integer: a bigger version number would fail in the database as a 500. */
export const INT4_MAX = 2_147_483_647
/** A record's optimistic-lock version. */
export const Version = z.number().int().min(1).max(INT4_MAX)
/** Today's calendar date in China (UTC+8, no daylight saving), as YYYY-MM-DD. */
export const todayInChina = (now = Date.now()) => new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
/** A birth date: a calendar day, not after today. */
export const BirthDate = IsoDate.refine((d) => d <= todayInChina(), { message: '出生日期不能晚于今天 / the birth date is after today' })
/** Free text from the archive: kept verbatim, bounded. */
export const Text = (max = 500) => z.string().max(max)

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
