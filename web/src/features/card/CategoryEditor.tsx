/**
 * Ticking a household's or a member's categories in the card: one tick per
 * category of that scope (years for per-year ones such as 精准扶贫), and for a
 * member one disability row, type and grade. Saved with the version check; if
 * someone saved first, their categories are loaded and the worker ticks again.
 */
import { useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { DISABILITY_TYPES, type DisabilityType } from '@cuntu/domain'
import type { Category, CategoryAssignment, Household, MemberCategoryInput } from '@cuntu/server/contract'
import { ApiError } from '../../api/client.ts'
import { keys } from '../../api/queries.ts'
import { categoryLabel, disabilityLabel, useLang, useT } from '../../i18n/index.ts'
import { changed, draftOf, patchOf, tickable, type CategoryDraft, type Scope } from './category-edit.ts'
import { storeSaved } from './useCardSave.ts'

interface Props {
  scope: Scope
  categories: Category[]
  /** The assignments this editor owns (the household's own, or one member's). */
  own: CategoryAssignment[]
  version: number
  send: (categories: MemberCategoryInput[], version: number) => Promise<Household>
  /** The same record in a newer household (after a 409); null if it is gone. */
  fromCurrent: (current: Household) => { own: CategoryAssignment[]; version: number } | null
  onDone: () => void
}

type State = { kind: 'editing' | 'saving' | 'conflict' } | { kind: 'error'; message: string }

export function CategoryEditor({ scope, categories, own, version, send, fromCurrent, onDone }: Props) {
  const t = useT()
  const lang = useLang()
  const qc = useQueryClient()
  const [base, setBase] = useState({ own, version })
  const [draft, setDraft] = useState<CategoryDraft>(() => draftOf(own))
  const [state, setState] = useState<State>({ kind: 'editing' })
  const { categories: list, problems } = patchOf(draft, categories, base.own, scope)
  const bad = new Set(problems.map((p) => p.code))
  const exclusive = problems.find((p) => p.kind === 'exclusive')
  const labelOf = (code: string) => {
    const c = categories.find((x) => x.code === code)
    return c ? categoryLabel(c, lang) : code
  }
  const toggle = (code: string, on: boolean) => setDraft((d) => ({ ...d, codes: on ? [...d.codes, code] : d.codes.filter((c) => c !== code) }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (problems.length > 0) return
    if (!changed(draft, categories, base.own, scope)) return onDone()
    setState({ kind: 'saving' })
    try {
      storeSaved(qc, await send(list, base.version))
      onDone()
    } catch (err) {
      const current = err instanceof ApiError && err.status === 409 ? (err.body as { current?: Household } | null)?.current : undefined
      const theirs = current ? fromCurrent(current) : null
      if (current && theirs) {
        qc.setQueryData(keys.household(current.id), current)
        setBase(theirs)
        setDraft(draftOf(theirs.own))
        setState({ kind: 'conflict' })
      } else setState({ kind: 'error', message: err instanceof Error && err.message ? err.message : t('state.networkError') })
    }
  }

  return (
    <form className="category-editor" onSubmit={(e) => void submit(e)} aria-label={t('card.editCategories')} data-testid={`category-editor-${scope}`}>
      <p className="muted small">{t(scope === 'household' ? 'card.categoriesHelp' : 'card.memberCategoriesHelp')}</p>
      <ul className="plain">
        {tickable(categories, scope).map((c) => {
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
        {scope === 'member' && (
          <li>
            <label className="years">
              <span>{t('card.disabilityGrade')}</span>
              <select
                value={draft.disability.grade}
                onChange={(e) => setDraft((d) => ({ ...d, disability: { ...d.disability, grade: Number(e.target.value) } }))}
                data-testid="edit-disability-grade"
              >
                <option value={0}>{t('card.noDisability')}</option>
                {[1, 2, 3, 4].map((g) => (
                  <option key={g} value={g}>
                    {t('card.gradeN', { n: g })}
                  </option>
                ))}
              </select>
            </label>
            {draft.disability.grade > 0 && (
              <label className="years">
                <span>{t('card.disabilityType')}</span>
                <select
                  value={draft.disability.type}
                  aria-invalid={bad.has('disability')}
                  onChange={(e) => setDraft((d) => ({ ...d, disability: { ...d.disability, type: e.target.value as DisabilityType | '' } }))}
                  data-testid="edit-disability-type"
                >
                  <option value="">—</option>
                  {DISABILITY_TYPES.map((d) => (
                    <option key={d.code} value={d.code}>
                      {disabilityLabel(d.code, lang)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {bad.has('disability') && <p className="error small">{t('card.disabilityTypeNeeded')}</p>}
          </li>
        )}
      </ul>
      {exclusive && (
        <p role="alert" className="error small" data-testid="categories-exclusive">
          {t('card.categoriesExclusive', { a: labelOf(exclusive.pair[0]), b: labelOf(exclusive.pair[1]) })}
        </p>
      )}
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
