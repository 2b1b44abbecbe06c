import { z } from 'zod'
import { AGE_BANDS, DISABILITY_TYPE_CODES, GRADE_BANDS, SEXES } from '@cuntu/domain'
import { PointGeometry, PolygonGeometry } from './geo.ts'
import { AreaCode, BirthDate, CategoryCode, GroupNumber, HouseholdStatus, Huhao, INT4_MAX, IsoDate, Text, Uuid, Version, Year } from './common.ts'

// ── the map list ────────────────────────────────────────────────────────────
export const HouseholdFilterQuery = z.object({
  /** Comma-separated category codes. */
  categories: z
    .string()
    .max(1000)
    .optional()
    .transform((s) => (s ? [...new Set(s.split(',').map((c) => c.trim()).filter(Boolean))] : []))
    .pipe(z.array(CategoryCode).max(50)),
  match: z.enum(['any', 'all']).default('any'),
  group: GroupNumber.optional(),
  status: HouseholdStatus.optional(),
  /** Only assignments for this year count for per-year categories (精准扶贫). */
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  /** Households with a member in this age band (today's age): minor (<18), senior (60+), aged80 (80+). */
  age: z.enum(AGE_BANDS).optional(),
  /** Households with a member of this disability type (残疾类别). */
  dis: z.enum(DISABILITY_TYPE_CODES).optional(),
  /** Households with a member of this disability grade band: 12 (一二级) or 34 (三四级). */
  grade: z.enum(GRADE_BANDS).optional(),
})
export type HouseholdFilter = z.infer<typeof HouseholdFilterQuery>

export const HouseholdListQuery = HouseholdFilterQuery.extend({
  /** Include the head's name (for labels). Off by default: names are sensitive. */
  names: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
})

export const HouseholdFeatureProperties = z.object({
  id: Uuid,
  huhao: z.string(),
  group: z.number().int().nullable(),
  /** Every category the household or any member holds, ordered by registry priority. */
  categories: z.array(CategoryCode),
  memberCount: z.number().int(),
  status: HouseholdStatus,
  villageCode: AreaCode,
  /** Age bands present among members: 'minor' (<18), 'senior' (60+), 'aged80' (80+). */
  ageBands: z.array(z.enum(['minor', 'senior', 'aged80'])),
  /** Disabilities among members as `type:grade`, e.g. `visual:2`. */
  disabilities: z.array(z.string()),
  /**
   * Years of each per-year category the household holds (null = an assignment without a year, which counts for
   * every year); categories held only without a year are absent. Lets a client apply `year` like the stats query.
   */
  categoryYears: z.record(z.string(), z.array(z.number().int().nullable())).optional(),
  headName: z.string().nullable().optional(),
})
export type HouseholdFeatureProperties = z.infer<typeof HouseholdFeatureProperties>

export const HouseholdFeature = z.object({
  type: z.literal('Feature'),
  id: Uuid,
  geometry: PointGeometry.nullable(),
  properties: HouseholdFeatureProperties,
})
export const HouseholdCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(HouseholdFeature),
})
export type HouseholdCollection = z.infer<typeof HouseholdCollection>

// ── assignments ─────────────────────────────────────────────────────────────
export const HouseholdCategoryInput = z.object({
  code: CategoryCode,
  year: Year.nullish(),
  validFrom: IsoDate.nullish(),
  validTo: IsoDate.nullish(),
  note: Text(500).nullish(),
})
export const MemberCategoryInput = HouseholdCategoryInput.extend({
  disabilityType: z.enum(DISABILITY_TYPE_CODES).nullish(),
  disabilityGrade: z.number().int().min(1).max(4).nullish(),
})
export type HouseholdCategoryInput = z.infer<typeof HouseholdCategoryInput>
export type MemberCategoryInput = z.infer<typeof MemberCategoryInput>

export const CategoryAssignment = z.object({
  id: Uuid,
  code: CategoryCode,
  year: z.number().int().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  source: z.string(),
  note: z.string().nullable(),
  /** Set when a member holds it (rolled up to the household). */
  memberId: Uuid.nullable(),
  disabilityType: z.enum(DISABILITY_TYPE_CODES).nullable(),
  disabilityGrade: z.number().int().nullable(),
})
export type CategoryAssignment = z.infer<typeof CategoryAssignment>

// ── members ─────────────────────────────────────────────────────────────────
const memberFields = {
  name: Text(100).trim().min(1),
  relation: Text(40).nullish(),
  sex: z.enum(SEXES).nullish(),
  birthDate: BirthDate.nullish(),
  ethnicity: Text(40).nullish(),
  marriedOut: z.boolean().optional(),
  health: Text(500).nullish(),
  schooling: Text(200).nullish(),
  work: Text(200).nullish(),
  disabilityText: Text(200).nullish(),
  notes: Text(2000).nullish(),
  position: z.number().int().min(0).max(999).optional(),
}
export const MemberCreate = z.object({ ...memberFields, categories: z.array(MemberCategoryInput).max(30).optional() }).strict()
export const MemberPatch = MemberCreate.partial().extend({ version: Version }).strict()
export type MemberCreate = z.infer<typeof MemberCreate>
export type MemberPatch = z.infer<typeof MemberPatch>

export const Member = z.object({
  id: Uuid,
  householdId: Uuid,
  position: z.number().int(),
  name: z.string(),
  relation: z.string().nullable(),
  sex: z.enum(SEXES).nullable(),
  birthDate: z.string().nullable(),
  /** Whole years at today's date; null without a birth date. */
  age: z.number().int().nullable(),
  ethnicity: z.string().nullable(),
  marriedOut: z.boolean(),
  health: z.string().nullable(),
  schooling: z.string().nullable(),
  work: z.string().nullable(),
  disabilityText: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
  categories: z.array(CategoryAssignment),
})
export type Member = z.infer<typeof Member>

// ── households ──────────────────────────────────────────────────────────────
const householdFields = {
  group: GroupNumber.nullish(),
  doorNumber: Text(40).nullish(),
  location: PointGeometry.nullish(),
  footprint: PolygonGeometry.nullish(),
  housing: Text(500).nullish(),
  living: Text(500).nullish(),
  notes: Text(4000).nullish(),
  status: HouseholdStatus.optional(),
}
export const HouseholdCreate = z
  .object({
    huhao: Huhao,
    ...householdFields,
    members: z.array(MemberCreate).max(60).optional(),
    categories: z.array(HouseholdCategoryInput).max(30).optional(),
  })
  .strict()
export type HouseholdCreate = z.infer<typeof HouseholdCreate>

export const HouseholdPatch = z
  .object({
    version: Version,
    huhao: Huhao.optional(),
    ...householdFields,
    /** Replaces the household-scope assignments when present. */
    categories: z.array(HouseholdCategoryInput).max(30).optional(),
  })
  .strict()
export type HouseholdPatch = z.infer<typeof HouseholdPatch>

export const Household = z.object({
  id: Uuid,
  villageCode: AreaCode,
  huhao: z.string(),
  group: z.number().int().nullable(),
  doorNumber: z.string().nullable(),
  location: PointGeometry.nullable(),
  footprint: PolygonGeometry.nullable(),
  housing: z.string().nullable(),
  living: z.string().nullable(),
  notes: z.string().nullable(),
  status: HouseholdStatus,
  /** The house's cell on the imported 社区地图 sheet (1-based), the schematic layout of the Excel map; null when never imported from one. */
  mapCell: z.object({ row: z.number().int(), col: z.number().int(), address: z.string().describe('A1 address, as Excel shows it') }).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  members: z.array(Member),
  /** Household-scope assignments and, rolled up, every member's. */
  categories: z.array(CategoryAssignment),
  /** Distinct codes the household holds (own and members'), by registry priority. */
  categoryCodes: z.array(CategoryCode),
})
export type Household = z.infer<typeof Household>

export const VersionQuery = z.object({ version: z.coerce.number().int().min(1).max(INT4_MAX).optional() })
