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
/** Free text from the archive: kept verbatim, bounded. */
export const Text = (max = 500) => z.string().max(max)

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
})
export type ErrorBody = z.infer<typeof ErrorBody>
