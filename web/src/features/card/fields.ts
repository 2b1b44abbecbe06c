/** The editable archive fields of a household and of a member, as the card's forms show them. */
import { HOUSEHOLD_STATUSES, SEXES } from '@cuntu/domain'
import type { Household, Member } from '@cuntu/server/contract'
import type { MessageKey } from '../../i18n/types.ts'

export type FieldKind = 'text' | 'textarea' | 'date' | 'bool' | 'select' | 'group'

export interface FieldDef<K extends string> {
  key: K
  label: MessageKey
  kind: FieldKind
  /** For selects: value → label key. */
  options?: readonly { value: string; label: MessageKey }[]
}

export const HOUSEHOLD_FIELDS = [
  { key: 'group', label: 'card.group', kind: 'group' },
  { key: 'doorNumber', label: 'card.door', kind: 'text' },
  { key: 'status', label: 'card.status', kind: 'select', options: HOUSEHOLD_STATUSES.map((s) => ({ value: s, label: `status.${s}` as const })) },
  { key: 'housing', label: 'card.housing', kind: 'textarea' },
  { key: 'living', label: 'card.living', kind: 'textarea' },
  { key: 'notes', label: 'card.notes', kind: 'textarea' },
] as const satisfies readonly FieldDef<keyof Household>[]

export const MEMBER_FIELDS = [
  { key: 'name', label: 'member.name', kind: 'text' },
  { key: 'relation', label: 'member.relation', kind: 'text' },
  { key: 'sex', label: 'member.sex', kind: 'select', options: SEXES.map((s) => ({ value: s, label: `member.${s}` as const })) },
  { key: 'birthDate', label: 'member.birthDate', kind: 'date' },
  { key: 'ethnicity', label: 'member.ethnicity', kind: 'text' },
  { key: 'marriedOut', label: 'member.marriedOut', kind: 'bool' },
  { key: 'health', label: 'member.health', kind: 'text' },
  { key: 'schooling', label: 'member.schooling', kind: 'text' },
  { key: 'work', label: 'member.work', kind: 'text' },
  { key: 'disabilityText', label: 'member.disabilityText', kind: 'text' },
  { key: 'notes', label: 'member.notes', kind: 'textarea' },
] as const satisfies readonly FieldDef<keyof Member>[]

export type HouseholdFieldKey = (typeof HOUSEHOLD_FIELDS)[number]['key']
export type MemberFieldKey = (typeof MEMBER_FIELDS)[number]['key']

/** Form text → API value: blank text fields become null (the archive's "not recorded"). */
export function normalise(kind: FieldKind, v: unknown): unknown {
  if (kind === 'bool') return !!v
  if (kind === 'group') return v === '' || v === null || v === undefined ? null : Number(v)
  if (typeof v === 'string') return v.trim() === '' ? null : v
  return v ?? null
}
