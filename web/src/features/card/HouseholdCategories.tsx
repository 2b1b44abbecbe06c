/**
 * The card's 救助与服务类别: the household's own and its members' assignments,
 * and for editors a tick list of the household-scope categories (with years
 * for 精准扶贫) saved with the version check.
 */
import { useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { Category, Household } from '@cuntu/server/contract'
import { api, ApiError } from '../../api/client.ts'
import { keys } from '../../api/queries.ts'
import { categoryLabel, useLang, useT } from '../../i18n/index.ts'
import { AssignmentList } from './AssignmentList.tsx'
import { changed, draftOf, householdScope, patchOf, type CategoryDraft } from './category-edit.ts'

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
        <CategoryEditor key={h.version} h={h} categories={categories} onDone={() => setEditing(false)} />
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

function CategoryEditor({ h, categories, onDone }: { h: Household; categories: Category[]; onDone: () => void }) {
  const t = useT()
  const lang = useLang()
  const qc = useQueryClient()
  const [draft, setDraft] = useState<CategoryDraft>(() => draftOf(h.categories))
  const [state, setState] = useState<{ kind: 'editing' | 'saving' } | { kind: 'conflict' } | { kind: 'error'; message: string }>({ kind: 'editing' })
  const { categories: patch, problems } = patchOf(draft, categories, h.categories)
  const bad = new Set(problems.map((p) => p.code))
  const toggle = (code: string, on: boolean) => setDraft((d) => ({ ...d, codes: on ? [...d.codes, code] : d.codes.filter((c) => c !== code) }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (problems.length > 0) return
    if (!changed(draft, categories, h.categories)) return onDone()
    setState({ kind: 'saving' })
    try {
      const saved = await api<Household>(`/api/households/${h.id}`, { method: 'PATCH', body: { version: h.version, categories: patch } })
      qc.setQueryData(keys.household(h.id), saved)
      // The map colours and counts come from the village list.
      void qc.invalidateQueries({ queryKey: ['households'] })
      void qc.invalidateQueries({ queryKey: ['stats'] })
      onDone()
    } catch (err) {
      const current = err instanceof ApiError && err.status === 409 ? (err.body as { current?: Household } | null)?.current : undefined
      if (current) {
        // Someone saved first: show their categories and let the worker tick again on top of them.
        qc.setQueryData(keys.household(h.id), current)
        setDraft(draftOf(current.categories))
        setState({ kind: 'conflict' })
      } else setState({ kind: 'error', message: err instanceof Error && err.message ? err.message : t('state.networkError') })
    }
  }

  return (
    <form className="category-editor" onSubmit={(e) => void submit(e)} aria-label={t('card.editCategories')}>
      <p className="muted small">{t('card.categoriesHelp')}</p>
      <ul className="plain">
        {householdScope(categories).map((c) => {
          const on = draft.codes.includes(c.code)
          return (
            <li key={c.code}>
              <label className="check">
                <input type="checkbox" checked={on} onChange={(e) => toggle(c.code, e.target.checked)} data-testid={`edit-cat-${c.code}`} />
                <span className="swatch" style={{ background: c.colour }} />
                {categoryLabel(c, lang)}
              </label>
              {on && c.perYear && (
                <label className="years">
                  <span>{t('card.years')}</span>
                  <input
                    value={draft.years[c.code] ?? ''}
                    inputMode="numeric"
                    placeholder="2017、2018"
                    aria-invalid={bad.has(c.code)}
                    onChange={(e) => setDraft((d) => ({ ...d, years: { ...d.years, [c.code]: e.target.value } }))}
                    data-testid={`edit-years-${c.code}`}
                  />
                </label>
              )}
              {bad.has(c.code) && <p className="error small">{t('card.yearsNeeded')}</p>}
            </li>
          )
        })}
      </ul>
      {state.kind === 'conflict' && (
        <p role="alert" className="warn-text" data-testid="categories-conflict">
          {t('card.categoriesConflict')}
        </p>
      )}
      {state.kind === 'error' && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={state.kind === 'saving' || problems.length > 0} data-testid="save-categories">
          {state.kind === 'saving' ? t('card.saving') : t('card.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('card.cancel')}
        </button>
      </div>
    </form>
  )
}
