import type { AreaDetail } from '@cuntu/server/contract'
import type { T } from '../../i18n/index.ts'
import { groupName } from '../filters/group-name.ts'
import type { FieldDef } from './fields.ts'

/** The choices of a select field, labelled in the current language. */
export function optionsOf(f: FieldDef<string>, groups: AreaDetail['groups'], t: T): { value: string; label: string }[] {
  if (f.kind === 'group') return groups.map((g) => ({ value: String(g.number), label: groupName(g.number, t) }))
  return (f.options ?? []).map((o) => ({ value: o.value, label: t(o.label) }))
}
