/**
 * The household card, replacing the Excel hyperlink: the household, every
 * member with every archive field, category assignments, notes; edits in
 * place with the version check. A side panel on a laptop, a bottom sheet on a
 * phone; focus moves into it on open and back on close; Esc closes.
 */
import { useEffect, useRef, useState } from 'react'
import type { AreaDetail, Category, Household } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import { useHousehold } from '../../api/queries.ts'
import { useT } from '../../i18n/index.ts'
import { groupName } from '../filters/group-name.ts'
import { SavedNotice } from './SavedNotice.tsx'
import { flyTo } from '../households/fly.ts'
import { select, useSelectedHousehold } from './selection.ts'
import { HOUSEHOLD_FIELDS } from './fields.ts'
import { EditForm } from './EditForm.tsx'
import { MemberSection } from './MemberSection.tsx'
import { HouseholdCategories } from './HouseholdCategories.tsx'
import { ApiError } from '../../api/client.ts'
import { useSession } from '../auth/session.ts'
import { BreakGlassPrompt } from '../account/BreakGlass.tsx'
import { placingStore, stopPlacing, usePlacing } from '../households/locate.ts'
import { LocateSection } from './LocateSection.tsx'
import { setCover } from './cover.ts'

export function HouseholdCard({ categories, area }: { categories: Category[]; area: AreaDetail | undefined }) {
  const id = useSelectedHousehold()
  const t = useT()
  const q = useHousehold(id)
  const heading = useRef<HTMLHeadingElement>(null)
  const returnFocus = useRef<Element | null>(null)
  const [editing, setEditing] = useState(false)
  const aside = useRef<HTMLElement>(null)
  const placing = usePlacing()
  const isPlacing = !!id && placing?.householdId === id

  // Placing belongs to the card that started it: closing the card, or opening another, stops it.
  useEffect(() => {
    if (!id) return
    return () => stopPlacing(id)
  }, [id])
  // Back from placing (saved or cancelled): focus returns to the card's heading, not to the page.
  const wasPlacing = useRef(false)
  useEffect(() => {
    if (wasPlacing.current && !isPlacing) heading.current?.focus()
    wasPlacing.current = isPlacing
  }, [isPlacing])

  // Where the card sits on the page: on a phone it is a bottom sheet over the map, and the map keeps the house above it.
  const shown = !!id
  useEffect(() => {
    const el = aside.current
    if (!shown || !el) return
    const measure = () => {
      const r = el.getBoundingClientRect()
      setCover({ left: r.left, top: r.top, right: r.right, bottom: r.bottom })
    }
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    window.addEventListener('resize', measure)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', measure)
      setCover(null)
    }
  }, [shown])

  useEffect(() => {
    if (!id) return
    returnFocus.current ??= document.activeElement
    setEditing(false)
    heading.current?.focus()
  }, [id])

  useEffect(() => {
    if (!id) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      if (placingStore.get()?.householdId === id) stopPlacing(id)
      else if (editing) setEditing(false)
      else close()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [id, editing])

  function close() {
    select(null)
    const back = returnFocus.current
    returnFocus.current = null
    if (back instanceof HTMLElement && document.contains(back)) back.focus()
  }

  if (!id) return null
  const h = q.data
  const groups = area?.groups ?? []
  return (
    <aside
      ref={aside}
      className={isPlacing ? 'card placing' : 'card'}
      role="dialog"
      aria-modal="false"
      aria-labelledby="card-title"
      data-testid="household-card"
    >
      <header className="card-head">
        <h2 id="card-title" ref={heading} tabIndex={-1}>
          {h ? t('card.title', { huhao: h.huhao }) : q.error instanceof ApiError && q.error.code === 'break_glass_required' ? t('card.locked') : t('card.loading')}
        </h2>
        <button type="button" className="icon" onClick={close} aria-label={t('card.close')}>
          ×
        </button>
      </header>
      <div className="card-body">
        {q.isError && q.error instanceof ApiError && q.error.code === 'break_glass_required' && area && (
          <BreakGlassPrompt villageCode={area.code} onGranted={() => void q.refetch()} />
        )}
        {q.isError && !(q.error instanceof ApiError && q.error.code === 'break_glass_required' && area) && (
          <p role="alert" className="error">
            {q.error.message || t('state.networkError')}
          </p>
        )}
        {!h && !q.isError && <p className="muted">{t('card.loading')}</p>}
        {h && isPlacing && <LocateSection h={h} />}
        {h && !isPlacing && <CardContent h={h} categories={categories} groups={groups} editing={editing} setEditing={setEditing} />}
      </div>
    </aside>
  )
}

interface ContentProps {
  h: Household
  categories: Category[]
  groups: AreaDetail['groups']
  editing: boolean
  setEditing: (v: boolean) => void
}

function CardContent({ h, categories, groups, editing, setEditing }: ContentProps) {
  const t = useT()
  // Read-only roles (civil-affairs admin, supervisor) get no edit controls; the server refuses edits anyway.
  const mayEdit = useSession().data?.abilities.editHouseholds ?? false
  const head = h.members.find((m) => m.relation === '户主') ?? h.members[0]
  const summary: [string, string | null][] = [
    [t('card.head'), head?.name ?? null],
    // One way of writing a group everywhere (第1组, as filters and search write it), not the stored 第一组.
    [t('card.group'), h.group === null ? t('filters.noGroup') : groupName(h.group, t)],
    [t('card.door'), h.doorNumber],
    [t('card.status'), t(`status.${h.status}`)],
    // The house's cell on the imported Excel map, so the worker can find it there.
    ...(h.mapCell ? [[t('card.mapCell'), h.mapCell.address] as [string, string]] : []),
  ]
  return (
    <>
      <SavedNotice id={h.id} />
      <div className="card-summary">
        <dl className="fields">
          {summary.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value || '—'}</dd>
            </div>
          ))}
        </dl>
        <div className="actions">
          {h.location ? (
            <button type="button" onClick={() => flyTo(h.location!.coordinates)}>
              {t('card.flyTo')}
            </button>
          ) : (
            <span className="muted" data-testid="card-no-location">
              {t('card.noLocation')}
            </span>
          )}
          {!editing && mayEdit && (
            <button type="button" onClick={() => setEditing(true)} data-testid="edit-household">
              {t('card.edit')}
            </button>
          )}
        </div>
      </div>

      {mayEdit && !editing && <LocateSection h={h} />}

      {editing && (
        <EditForm
          key={h.version}
          title={t('card.edit')}
          fields={HOUSEHOLD_FIELDS}
          groups={groups}
          base={h}
          send={(patch, version) => api<Household>(`/api/households/${h.id}`, { method: 'PATCH', body: { ...patch, version } })}
          theirsOf={(current) => current}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      )}

      <HouseholdCategories h={h} categories={categories} mayEdit={mayEdit} />

      {!editing && (h.housing || h.living || h.notes) && (
        <section>
          <dl className="fields wide">
            {(
              [
                [t('card.housing'), h.housing],
                [t('card.living'), h.living],
                [t('card.notes'), h.notes],
              ] as const
            )
              .filter(([, v]) => v)
              .map(([label, v]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd className="prewrap">{v}</dd>
                </div>
              ))}
          </dl>
        </section>
      )}

      <section>
        <h3>{t('card.members', { n: h.members.length })}</h3>
        <ul className="members">
          {h.members.map((m) => (
            <MemberSection key={`${m.id}:${m.version}`} member={m} categories={categories} groups={groups} />
          ))}
        </ul>
      </section>
    </>
  )
}
