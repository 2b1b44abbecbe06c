/** Search by name or 户号; choosing a hit opens its card and flies the map to it. A combobox, keyboard first. */
import { useEffect, useId, useState } from 'react'
import type { SearchHit } from '@cuntu/server/contract'
import { useSearch } from '../../api/queries.ts'
import { useT } from '../../i18n/index.ts'
import { selectHousehold } from '../card/selection.ts'
import { flyTo } from '../households/fly.ts'
import { groupName } from '../filters/group-name.ts'

/** Wait this long after the last keystroke before asking the server (ms). */
const DEBOUNCE_MS = 200

export function SearchBox({ village }: { village: string | null }) {
  const t = useT()
  const id = useId()
  const [text, setText] = useState('')
  const [term, setTerm] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  useEffect(() => {
    const h = setTimeout(() => setTerm(text.trim().slice(0, 40)), DEBOUNCE_MS)
    return () => clearTimeout(h)
  }, [text])
  const q = useSearch(village, term)
  const hits = q.data ?? []
  useEffect(() => setActive(0), [term])

  const choose = (hit: SearchHit) => {
    selectHousehold(hit.id)
    if (hit.lngLat) flyTo(hit.lngLat)
    setOpen(false)
  }
  const showList = open && term.length > 0

  return (
    <div className="search" role="search">
      <input
        type="search"
        role="combobox"
        aria-label={t('search.label')}
        aria-expanded={showList}
        aria-controls={`${id}-list`}
        aria-activedescendant={showList && hits[active] ? `${id}-${active}` : undefined}
        placeholder={t('search.placeholder')}
        value={text}
        maxLength={40}
        data-testid="search"
        onChange={(e) => {
          setText(e.target.value)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1))
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0))
          else if (e.key === 'Enter' && hits[active]) choose(hits[active])
          else if (e.key === 'Escape') setOpen(false)
          else return
          e.preventDefault()
          e.stopPropagation()
        }}
      />
      {showList && (
        <ul id={`${id}-list`} role="listbox" className="search-results" aria-label={t('search.label')}>
          {q.isFetching && hits.length === 0 && <li className="muted">{t('search.searching')}</li>}
          {q.isError && <li className="error">{q.error.message || t('state.networkError')}</li>}
          {!q.isFetching && !q.isError && hits.length === 0 && <li className="muted">{t('search.none')}</li>}
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(h)}
            >
              <strong>{h.name ?? '—'}</strong>
              {h.relation && h.relation !== '户主' && <span className="muted"> ({h.relation})</span>}
              <span className="muted">
                {' '}
                · {h.huhao} · {h.group === null ? t('filters.noGroup') : groupName(h.group, t)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
