/** A version conflict laid out field by field, so the worker sees what the other person changed before choosing. */
import { useEffect, useRef } from 'react'
import type { AreaDetail } from '@cuntu/server/contract'
import { useT } from '../../i18n/index.ts'
import type { FieldConflict } from './diff.ts'
import type { FieldDef } from './fields.ts'
import { optionsOf } from './field-options.ts'

interface Props {
  rows: FieldConflict[]
  fields: readonly FieldDef<string>[]
  groups: AreaDetail['groups']
  onKeepMine: () => void
  onTakeTheirs: () => void
}

export function ConflictView({ rows, fields, groups, onKeepMine, onTakeTheirs }: Props) {
  const t = useT()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  const show = (key: string, v: unknown) => {
    const f = fields.find((x) => x.key === key)
    if (v === null || v === undefined || v === '') return '—'
    if (f?.kind === 'bool') return v ? t('yes') : t('no')
    if (f && (f.kind === 'select' || f.kind === 'group')) return optionsOf(f, groups, t).find((o) => o.value === String(v))?.label ?? String(v)
    return String(v)
  }
  return (
    <div className="conflict" role="alertdialog" aria-labelledby="conflict-title" data-testid="conflict">
      <h3 id="conflict-title" ref={heading} tabIndex={-1}>
        {t('conflict.title')}
      </h3>
      <p>{t('conflict.explain')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('conflict.field')}</th>
            <th scope="col">{t('conflict.mine')}</th>
            <th scope="col">{t('conflict.theirs')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const f = fields.find((x) => x.key === r.field)
            return (
              <tr key={r.field} className={r.clash ? 'clash' : ''}>
                <th scope="row">{f ? t(f.label) : r.field}</th>
                <td>{show(r.field, r.mine)}</td>
                <td>{show(r.field, r.theirs)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="primary" onClick={onKeepMine}>
          {t('conflict.keepMine')}
        </button>
        <button type="button" onClick={onTakeTheirs}>
          {t('conflict.takeTheirs')}
        </button>
      </div>
    </div>
  )
}
