import { z } from 'zod'
import { CategoryCode } from './common.ts'

export const Category = z.object({
  code: CategoryCode,
  labelZh: z.string(),
  labelEn: z.string(),
  colour: z.string(),
  scope: z.enum(['household', 'member']),
  priority: z.number().int(),
  perYear: z.boolean(),
  builtin: z.boolean(),
  stationCode: z.string().nullable(),
})
export type Category = z.infer<typeof Category>
export const CategoryList = z.array(Category)
