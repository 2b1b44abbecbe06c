/** An in-place form over archive fields, with the save state and the conflict choice. */
import { useId, useState, type FormEvent } from 'react'
import type { AreaDetail } from '@cuntu/server/contract'
import { useT } from '../../i18n/index.ts'
import { optionsOf } from './field-options.ts'
import { normalise, type FieldDef } from './fields.ts'
import { ConflictView } from './ConflictView.tsx'
import { useCardSave, type CardSaveOptions } from './useCardSave.ts'

type Rec = Record<string, unknown>

interface Props extends Omit<CardSaveOptions, 'fields' | 'errorText'> {
  fields: readonly FieldDef<string>[]
  groups: AreaDetail['groups']
  onCancel: () => void
  title: string
}

export function EditForm({ fields, groups, onCancel, title, ...save }: Props) {
  const t = useT()
  const id = useId()
  const [values, setValues] = useState<Rec>(() => Object.fromEntries(fields.map((f) => [f.key, save.base[f.key] ?? (f.kind === 'bool' ? false : '')])))
  const s = useCardSave({ ...save, fields: fields.map((f) => f.key), errorText: (e) => (e instanceof Error && e.message ? e.message : t('state.networkError')) })
  const mine = () => Object.fromEntries(fields.map((f) => [f.key, normalise(f.kind, values[f.key])]))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void s.save(mine())
  }

  if (s.state.kind === 'conflict') {
    return (
      <ConflictView rows={s.state.rows} fields={fields} groups={groups} onKeepMine={() => void s.keepMine()} onTakeTheirs={s.takeTheirs} />
    )
  }
  return (
    <form className="edit-form" onSubmit={submit} aria-label={title}>
      {fields.map((f) => {
        const fid = `${id}-${f.key}`
        const v = values[f.key]
        const set = (nv: unknown) => setValues((old) => ({ ...old, [f.key]: nv }))
        if (f.kind === 'bool') {
          return (
            <label key={f.key} className="check" htmlFor={fid}>
              <input id={fid} type="checkbox" checked={!!v} onChange={(e) => set(e.target.checked)} />
              {t(f.label)}
            </label>
          )
        }
        return (
          <label key={f.key} htmlFor={fid}>
            <span>{t(f.label)}</span>
            {f.kind === 'textarea' ? (
              <textarea id={fid} rows={2} value={String(v ?? '')} onChange={(e) => set(e.target.value)} />
            ) : f.kind === 'select' || f.kind === 'group' ? (
              <select id={fid} value={String(v ?? '')} onChange={(e) => set(e.target.value)}>
                <option value="">—</option>
                {optionsOf(f, groups, t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input id={fid} type={f.kind === 'date' ? 'date' : 'text'} value={String(v ?? '')} onChange={(e) => set(e.target.value)} />
            )}
          </label>
        )
      })}
      {s.state.kind === 'error' && (
        <p role="alert" className="error">
          {s.state.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={s.state.kind === 'saving'}>
          {s.state.kind === 'saving' ? t('card.saving') : t('card.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('card.cancel')}
        </button>
      </div>
    </form>
  )
}
