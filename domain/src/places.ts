/**
 * Administrative places and register facts, defined once.
 * Statistical division codes (统计用区划代码) are 12 digits down to the village:
 * 2 province, 2 city, 2 county, 3 township, 3 village.
 */

export const AREA_LEVELS = ['province', 'city', 'county', 'township', 'village'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]

export const AREA_CODE_PATTERN = /^\d{12}$/

/** The leading digits that identify an area at each level; the rest of the 12 are zeros. */
export const AREA_PREFIX_LENGTH: Record<AreaLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  township: 9,
  village: 12,
}

/** Register status of a household, from the Excel map's conventions (group 00 = not yet linked, 01 = moved out). */
export const HOUSEHOLD_STATUSES = ['active', 'moved_out', 'unlinked'] as const
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number]

export const SEXES = ['male', 'female'] as const
export type Sex = (typeof SEXES)[number]

/** 户号: household register number. Text, digits (occasionally letters), leading zeros significant. */
export const HUHAO_PATTERN = /^[0-9A-Za-z-]{1,32}$/

/** The level of an area code, judged from its trailing zeros (a township code ends in 000, etc.). */
export function areaLevelOfCode(code: string): AreaLevel {
  if (!AREA_CODE_PATTERN.test(code)) throw new RangeError(`not a 12-digit area code: ${code}`)
  if (code.endsWith('0000000000')) return 'province'
  if (code.endsWith('00000000')) return 'city'
  if (code.endsWith('000000')) return 'county'
  if (code.endsWith('000')) return 'township'
  return 'village'
}

/** The parent code of an area code, or null for a province. */
export function parentAreaCode(code: string): string | null {
  const level = areaLevelOfCode(code)
  const i = AREA_LEVELS.indexOf(level)
  if (i === 0) return null
  const keep = AREA_PREFIX_LENGTH[AREA_LEVELS[i - 1]!]
  return code.slice(0, keep).padEnd(12, '0')
}

/**
 * The inclusive range of village codes inside an area, for index range scans:
 * a township 440882105000 holds villages 440882105000‥440882105999.
 */
export function villageCodeRange(code: string): { lo: string; hi: string } {
  const level = areaLevelOfCode(code)
  const prefix = code.slice(0, AREA_PREFIX_LENGTH[level])
  return { lo: prefix.padEnd(12, '0'), hi: prefix.padEnd(12, '9') }
}
