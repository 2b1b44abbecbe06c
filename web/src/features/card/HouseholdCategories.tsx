/**
 * The card's 救助与服务类别: the household's own and its members' assignments,
 * and for editors a tick list of the household-scope categories (with years
 * for 精准扶贫) saved with the version check.
 */
import { useState } from 'react'
import type { Category, Household } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import { useT } from '../../i18n/index.ts'
import { AssignmentList } from './AssignmentList.tsx'
import { CategoryEditor } from './CategoryEditor.tsx'

export function HouseholdCategories({ h, categories, mayEdit }: { h: Household; categories: Category[]; mayEdit: boolean }) {
  const t = useT()
  const [editing, setEditing] = useState(false)
  const householdAssignments = h.categories.filter((a) => a.memberId === null)
  return (
    <section data-testid="card-categories">
      <div className="section-head">
        <h3>{t('card.categories')}</h3>
        {mayEdit && !editing && (
          <button type="button" className="link" onClick={() => setEditing(true)} data-testid="edit-categories">
            {t('card.editCategories')}
          </button>
        )}
      </div>
      {editing ? (
        <CategoryEditor
          key={h.version}
          scope="household"
          categories={categories}
          own={householdAssignments}
          version={h.version}
          send={(list, version) => api<Household>(`/api/households/${h.id}`, { method: 'PATCH', body: { version, categories: list } })}
          fromCurrent={(current) => ({ own: current.categories.filter((a) => a.memberId === null), version: current.version })}
          onDone={() => setEditing(false)}
        />
      ) : h.categories.length === 0 ? (
        <p className="muted">{t('card.noCategories')}</p>
      ) : (
        <>
          {householdAssignments.length > 0 && <AssignmentList assignments={householdAssignments} categories={categories} />}
          {h.members.some((m) => m.categories.length > 0) && (
            <ul className="plain">
              {h.members
                .filter((m) => m.categories.length > 0)
                .map((m) => (
                  <li key={m.id}>
                    <span className="muted">{m.name}：</span>
                    <AssignmentList assignments={m.categories} categories={categories} />
                  </li>
                ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}
