/**
 * 出图: a finished map for a planning meeting in two clicks. Defaults are safe
 * (no names, the current view, A3 landscape PDF); names need the role's right
 * and stamp the sheet. Below, the village's saved maps: reopen one as the live
 * view, or print it again with today's data.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { AreaDetail, Category, PrintParams, PrintSnapshot, SessionInfo } from '@cuntu/server/contract'
import { categoryLabel, useLang, useT } from '../../i18n/index.ts'
import { useUrlState } from '../../state/url-store.ts'
import { mayNameVillage } from '../auth/session.ts'
import type { HouseholdModel } from '../households/model.ts'
import { visibleBbox } from '../households/map-handle.ts'
import { useInvalidateSnapshots, useSnapshots } from './api.ts'
import { reopenSnapshot } from './reopen.ts'
import { usePrint, type PrintInputs } from './usePrint.ts'
import { WeChatView } from './WeChatView.tsx'
import './print.css'

const APPROVAL_KEY = 'cuntu.print.approval'

type Kind = PrintParams['kind']
type ExtentKind = 'view' | 'village' | 'group'

export interface PrintPanelProps {
  village: string
  session: SessionInfo
  model: HouseholdModel
  categories: Category[]
  area: AreaDetail
  onClose: () => void
}

export function PrintPanel(p: PrintPanelProps) {
  const t = useT()
  const lang = useLang()
  const url = useUrlState()
  const head = useRef<HTMLHeadingElement>(null)
  const mayExportNames = p.session.abilities.exportNamed && mayNameVillage(p.session, p.village)
  const [kind, setKind] = useState<Kind>('sheet')
  const [format, setFormat] = useState<'pdf' | 'png'>('pdf')
  const [extent, setExtent] = useState<ExtentKind>('view')
  const [group, setGroup] = useState<number | null>(p.area.groups[0]?.number ?? null)
  const [size, setSize] = useState<'A3' | 'A4'>('A3')
  const [orientation, setOrientation] = useState<'landscape' | 'portrait'>('landscape')
  const [dpi, setDpi] = useState<150 | 300>(300)
  const [title, setTitle] = useState(() => t('print.defaultTitle', { village: p.area.name.replace(/（示例）$/, '') }))
  const [author, setAuthor] = useState(p.session.user.displayName)
  const [notes, setNotes] = useState('')
  const [names, setNames] = useState(false)
  const [deidentified, setDeidentified] = useState(false)
  const [overview, setOverview] = useState(true)
  const [approval, setApproval] = useState(() => localStorage.getItem(APPROVAL_KEY) ?? '')
  const { state, start, cancel } = usePrint()
  const snapshots = useSnapshots(p.village)
  const invalidate = useInvalidateSnapshots()
  const chinese = url.basemap.startsWith('tianditu') || url.basemap === 'amap'
  const [wechat, setWechat] = useState<string | null>(null)

  useEffect(() => head.current?.focus(), [])
  useEffect(() => localStorage.setItem(APPROVAL_KEY, approval), [approval])

  const inputs: PrintInputs = useMemo(
    () => ({ village: p.village, model: p.model, categories: p.categories, area: p.area, approval }),
    [p.village, p.model, p.categories, p.area, approval],
  )

  function params(): PrintParams {
    const villageBbox = p.area.bbox ?? [0, 0, 1, 1]
    const bbox =
      kind === 'atlas' || extent === 'village' ? villageBbox : extent === 'view' ? (visibleBbox() ?? villageBbox) : (groupExtent(p.model, group) ?? villageBbox)
    return {
      kind,
      format: kind === 'wechat' ? 'jpeg' : kind === 'atlas' ? 'pdf' : format,
      title: title.trim(),
      author: author.trim(),
      notes,
      filters: { ...url.filters, ...(extent === 'group' && kind !== 'atlas' && group !== null ? { group } : {}) },
      extent: { kind: kind === 'atlas' ? 'village' : extent, bbox, group: extent === 'group' ? group : null },
      layers: ['households'],
      // The printed sheet does not draw the base sketch yet: it prints on the offline look.
      basemap: url.basemap === 'sketch' ? 'offline' : url.basemap,
      page: { size, orientation, dpi },
      names: names && mayExportNames,
      deidentified,
      overview,
      annex: false,
    }
  }

  async function run(again?: PrintSnapshot) {
    const prm = again ? again.params : params()
    const r = await start(inputs, prm)
    void invalidate(p.village)
    if (r && prm.kind === 'wechat') setWechat(r.url)
  }

  const running = state.phase === 'running'
  return (
    <div className="print-backdrop" onClick={(e) => e.target === e.currentTarget && p.onClose()}>
      <div className="print-sheet" role="dialog" aria-modal="true" aria-labelledby="print-title" data-testid="print-panel">
        <div className="panel-head">
          <h2 id="print-title" tabIndex={-1} ref={head}>
            {t('print.title')}
          </h2>
          <button type="button" className="icon" onClick={p.onClose} aria-label={t('print.close')}>
            ×
          </button>
        </div>
        <form
          className="print-form"
          onSubmit={(e) => {
            e.preventDefault()
            void run()
          }}
        >
          <fieldset className="segmented">
            <legend>{t('print.kind')}</legend>
            {(['sheet', 'atlas', 'wechat'] as const).map((k) => (
              <label key={k} className={kind === k ? 'on' : ''}>
                <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`print-kind-${k}`} />
                {t(`print.kind.${k}`)}
              </label>
            ))}
          </fieldset>
          {kind === 'sheet' && (
            <fieldset className="segmented">
              <legend>{t('print.format')}</legend>
              {(['pdf', 'png'] as const).map((f) => (
                <label key={f} className={format === f ? 'on' : ''}>
                  <input type="radio" name="format" checked={format === f} onChange={() => setFormat(f)} data-testid={`print-format-${f}`} />
                  {f.toUpperCase()}
                </label>
              ))}
            </fieldset>
          )}
          {kind !== 'atlas' && (
            <fieldset>
              <legend>{t('print.extent')}</legend>
              <select value={extent} onChange={(e) => setExtent(e.target.value as ExtentKind)} data-testid="print-extent">
                <option value="view">{t('print.extent.view')}</option>
                <option value="village">{t('print.extent.village')}</option>
                <option value="group">{t('print.extent.group')}</option>
              </select>
              {extent === 'group' && (
                <select value={group ?? ''} onChange={(e) => setGroup(Number(e.target.value))} data-testid="print-group">
                  {p.area.groups.map((g) => (
                    <option key={g.number} value={g.number}>
                      {g.name}
                    </option>
                  ))}
                </select>
              )}
            </fieldset>
          )}
          {kind !== 'wechat' && (
            <fieldset>
              <legend>{t('print.paper')}</legend>
              <select value={size} onChange={(e) => setSize(e.target.value as 'A3' | 'A4')} data-testid="print-size">
                <option value="A3">A3</option>
                <option value="A4">A4</option>
              </select>
              <select value={orientation} onChange={(e) => setOrientation(e.target.value as 'landscape' | 'portrait')} data-testid="print-orientation">
                <option value="landscape">{t('print.landscape')}</option>
                <option value="portrait">{t('print.portrait')}</option>
              </select>
              <select value={dpi} onChange={(e) => setDpi(Number(e.target.value) as 150 | 300)} aria-label={t('print.dpi')} data-testid="print-dpi">
                <option value={300}>300 dpi</option>
                <option value={150}>150 dpi</option>
              </select>
            </fieldset>
          )}
          <label className="stack">
            <span>{t('print.titleField')}</span>
            <input type="text" value={title} maxLength={60} required onChange={(e) => setTitle(e.target.value)} data-testid="print-title-input" />
          </label>
          <label className="stack">
            <span>{t('print.author')}</span>
            <input type="text" value={author} maxLength={40} onChange={(e) => setAuthor(e.target.value)} />
          </label>
          <label className="stack">
            <span>{t('print.notesField')}</span>
            <textarea value={notes} maxLength={500} rows={2} onChange={(e) => setNotes(e.target.value)} data-testid="print-notes" />
          </label>
          <label className="check">
            <input type="checkbox" checked={names && mayExportNames} disabled={!mayExportNames} onChange={(e) => setNames(e.target.checked)} data-testid="print-names" />
            {t('print.names')}
          </label>
          {!mayExportNames && <small className="muted">{t('print.namesNeedRight')}</small>}
          <label className="check">
            <input type="checkbox" checked={deidentified} onChange={(e) => setDeidentified(e.target.checked)} data-testid="print-deidentified" />
            {t('print.deidentified')}
          </label>
          {kind !== 'wechat' && (
            <label className="check">
              <input type="checkbox" checked={overview} onChange={(e) => setOverview(e.target.checked)} data-testid="print-overview" />
              {t('print.overview')}
            </label>
          )}
          {chinese && (
            <label className="stack">
              <span>{t('print.approvalField')}</span>
              <input type="text" value={approval} maxLength={40} onChange={(e) => setApproval(e.target.value)} />
              {!approval.trim() && <small className="muted">{t('print.approvalMissing')}</small>}
            </label>
          )}
          <div className="print-actions">
            <button type="submit" className="primary" disabled={running || !title.trim()} data-testid="print-run">
              {t('print.run')}
            </button>
            {running && (
              <>
                <progress max={state.total} value={state.done} data-testid="print-progress" />
                <span className="muted">{t('print.progress', { done: state.done, total: state.total })}</span>
                <button type="button" onClick={cancel} data-testid="print-cancel">
                  {t('print.cancel')}
                </button>
              </>
            )}
          </div>
          <div aria-live="polite" data-testid="print-status">
            {state.phase === 'done' && (
              <p>
                {t('print.done', { name: state.output.fileName })}{' '}
                <a href={state.url} download={state.output.fileName} data-testid="print-download">
                  {t('print.download')}
                </a>
              </p>
            )}
            {state.phase === 'cancelled' && <p className="muted">{t('print.cancelled')}</p>}
            {state.phase === 'failed' && (
              <p className="error" role="alert">
                {t('print.failed', { reason: state.message })}
              </p>
            )}
          </div>
        </form>
        <section className="print-snapshots" aria-labelledby="print-snapshots-title">
          <h3 id="print-snapshots-title">{t('print.snapshots')}</h3>
          {snapshots.data && snapshots.data.length === 0 && <p className="muted">{t('print.noSnapshots')}</p>}
          <ul data-testid="print-snapshots">
            {snapshots.data?.map((s) => (
              <li key={s.id} data-testid="print-snapshot">
                <div className="grow">
                  <strong>{s.title}</strong>
                  <div className="muted small">
                    {new Date(s.createdAt).toLocaleString(lang)} · {s.createdBy} · {t(`print.kind.${s.kind}`)} · {t('print.savedCounts', { n: s.counts.households })}
                    {s.params.filters.cats.length > 0 &&
                      ` · ${s.params.filters.cats.map((c) => p.categories.find((x) => x.code === c)).filter((c): c is Category => !!c).map((c) => categoryLabel(c, lang)).join('、')}`}
                    {s.params.names && ' · 保密'}
                  </div>
                </div>
                <button
                  type="button"
                  onClick={() => {
                    reopenSnapshot(s)
                    p.onClose()
                  }}
                  data-testid="print-reopen"
                >
                  {t('print.reopen')}
                </button>
                <button type="button" disabled={running || (s.params.names && !mayExportNames)} onClick={() => void run(s)} data-testid="print-again">
                  {t('print.again')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
      {wechat && <WeChatView src={wechat} title={title} onClose={() => setWechat(null)} />}
    </div>
  )
}

function groupExtent(m: HouseholdModel, group: number | null): [number, number, number, number] | null {
  if (group === null) return null
  let w = Infinity
  let s = Infinity
  let e = -Infinity
  let n = -Infinity
  for (let i = 0; i < m.count; i++) {
    if (m.group[i] !== group || !m.hasPosition[i]) continue
    w = Math.min(w, m.positions[2 * i]!)
    e = Math.max(e, m.positions[2 * i]!)
    s = Math.min(s, m.positions[2 * i + 1]!)
    n = Math.max(n, m.positions[2 * i + 1]!)
  }
  if (!Number.isFinite(w)) return null
  const pad = Math.max(e - w, n - s) * 0.06 + 0.0004
  return [w - pad, s - pad, e + pad, n + pad]
}

