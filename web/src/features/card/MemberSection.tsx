/** One member with every archive field and their category assignments; editable in place. */
import { useState } from 'react'
import type { AreaDetail, Category, Household, Member } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import { useT } from '../../i18n/index.ts'
import { MEMBER_FIELDS } from './fields.ts'
import { EditForm } from './EditForm.tsx'
import { AssignmentList } from './AssignmentList.tsx'
import { CategoryEditor } from './CategoryEditor.tsx'
import { useSession } from '../auth/session.ts'

interface Props {
  member: Member
  categories: Category[]
  groups: AreaDetail['groups']
}

export function MemberSection({ member: m, categories, groups }: Props) {
  const t = useT()
  const [editing, setEditing] = useState<'fields' | 'categories' | null>(null)
  const mayEdit = useSession().data?.abilities.editHouseholds ?? false
  const sex = m.sex ? t(m.sex === 'male' ? 'member.male' : 'member.female') : null
  const rows: [string, string | null][] = [
    [t('member.relation'), m.relation],
    [t('member.sex'), sex],
    [t('member.birthDate'), m.birthDate],
    [t('member.age'), m.age === null ? null : t('member.ageYears', { n: m.age })],
    [t('member.ethnicity'), m.ethnicity],
    [t('member.marriedOut'), m.marriedOut ? t('yes') : null],
    [t('member.health'), m.health],
    [t('member.schooling'), m.schooling],
    [t('member.work'), m.work],
    [t('member.disabilityText'), m.disabilityText],
    [t('member.notes'), m.notes],
  ]
  return (
    <li className="member" data-testid="member">
      <div className="member-head">
        <strong>{m.name}</strong>
        {m.relation && <span className="muted">{m.relation}</span>}
        {!editing && mayEdit && (
          <>
            <button type="button" className="link" onClick={() => setEditing('fields')} aria-label={t('member.edit', { name: m.name })}>
              {t('card.edit')}
            </button>
            <button type="button" className="link" onClick={() => setEditing('categories')} aria-label={`${t('card.editCategories')} ${m.name}`} data-testid="edit-member-categories">
              {t('card.editCategories')}
            </button>
          </>
        )}
      </div>
      {editing === 'categories' ? (
        <CategoryEditor
          key={m.version}
          scope="member"
          categories={categories}
          own={m.categories}
          version={m.version}
          send={(list, version) => api<Household>(`/api/members/${m.id}`, { method: 'PATCH', body: { version, categories: list } })}
          fromCurrent={(h) => {
            const now = h.members.find((x) => x.id === m.id)
            return now ? { own: now.categories, version: now.version } : null
          }}
          onDone={() => setEditing(null)}
        />
      ) : editing === 'fields' ? (
        <EditForm
          title={t('member.edit', { name: m.name })}
          fields={MEMBER_FIELDS}
          groups={groups}
          base={m}
          send={(patch, version) => api<Household>(`/api/members/${m.id}`, { method: 'PATCH', body: { ...patch, version } })}
          theirsOf={(h) => h.members.find((x) => x.id === m.id) ?? null}
          onSaved={() => setEditing(null)}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <>
          <dl className="fields">
            {rows.map(([label, value]) => (
              <div key={label} className={value ? '' : 'empty'}>
                <dt>{label}</dt>
                <dd>{value || '—'}</dd>
              </div>
            ))}
          </dl>
          {m.categories.length > 0 && <AssignmentList assignments={m.categories} categories={categories} />}
        </>
      )}
    </li>
  )
}
