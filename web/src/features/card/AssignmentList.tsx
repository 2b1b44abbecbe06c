/** Category assignments as chips: registry colour and label, year for per-year ones, disability type and grade. */
import type { Category, CategoryAssignment } from '@cuntu/server/contract'
import { categoryLabel, disabilityLabel, useLang, useT } from '../../i18n/index.ts'

export function AssignmentList({ assignments, categories }: { assignments: CategoryAssignment[]; categories: Category[] }) {
  const t = useT()
  const lang = useLang()
  return (
    <ul className="chips">
      {assignments.map((a) => {
        const c = categories.find((x) => x.code === a.code)
        const parts = [c ? categoryLabel(c, lang) : a.code]
        if (a.year !== null) parts.push(t('card.year', { y: a.year }))
        if (a.disabilityType && a.disabilityGrade !== null)
          parts.push(t('member.disability', { type: disabilityLabel(a.disabilityType, lang), grade: a.disabilityGrade }))
        return (
          <li key={a.id} className="chip" title={a.note ?? undefined}>
            <span className="swatch" style={{ background: c?.colour ?? '#8a8f98' }} />
            {parts.join(' · ')}
            {a.note && <span className="muted"> ({a.note})</span>}
          </li>
        )
      })}
    </ul>
  )
}
