/**
 * Database failures in the domain's words. A constraint name such as
 * `households_village_huhao_key` means nothing to a social worker and tells an
 * outsider the schema; SQLSTATE classes that come from a bad value (22xxx) are
 * the caller's mistake, not a server fault. Unknown ones stay 500s.
 */
import { pgErrorOf } from '@cuntu/db'
import type { MessageCode } from '../i18n/messages.ts'

export interface DomainFailure {
  code: MessageCode
  status: number
}

/** Constraint → what it protects, as a message code. */
export const CONSTRAINT_MESSAGES: Record<string, DomainFailure> = {
  households_village_huhao_key: { code: 'huhao_taken', status: 409 },
  users_username_unique: { code: 'username_exists', status: 409 },
  users_organisation_id_organisations_id_fk: { code: 'organisation_not_found', status: 400 },
  households_village_code_group_number_village_groups_village_code_number_fk: { code: 'group_missing', status: 400 },
  household_categories_category_code_categories_code_fk: { code: 'category_missing', status: 400 },
  member_categories_category_code_categories_code_fk: { code: 'category_missing', status: 400 },
  household_categories_unique: { code: 'category_listed_twice', status: 400 },
  member_categories_unique: { code: 'category_listed_twice', status: 400 },
  member_categories_grade_range: { code: 'disability_grade_range', status: 400 },
  village_groups_number_range: { code: 'group_number_range', status: 400 },
  households_village_code_areas_code_fk: { code: 'village_missing', status: 400 },
  members_household_id_households_id_fk: { code: 'household_not_found', status: 404 },
}

/** SQLSTATE → message, for values the database refused whatever the constraint. */
const SQLSTATE_MESSAGES: Record<string, DomainFailure> = {
  '22021': { code: 'text_nul', status: 400 }, // invalid byte sequence: a NUL in text
  '22P05': { code: 'text_nul', status: 400 }, // untranslatable character (\u0000 in jsonb)
  '22003': { code: 'value_out_of_range', status: 400 },
  '22007': { code: 'value_invalid', status: 400 },
  '22008': { code: 'value_invalid', status: 400 },
  '22P02': { code: 'value_invalid', status: 400 },
  '22001': { code: 'value_too_long', status: 400 },
  '23502': { code: 'value_invalid', status: 400 },
  '23503': { code: 'reference_missing', status: 400 },
  '23505': { code: 'record_exists', status: 409 },
  '23514': { code: 'value_invalid', status: 400 },
}

/** The domain message for a database error, or null when it is a real fault (500). */
export function domainFailureOf(err: unknown): DomainFailure | null {
  const { code, constraint } = pgErrorOf(err)
  if (!code) return null
  if (constraint && CONSTRAINT_MESSAGES[constraint]) return CONSTRAINT_MESSAGES[constraint]
  return SQLSTATE_MESSAGES[code] ?? null
}
