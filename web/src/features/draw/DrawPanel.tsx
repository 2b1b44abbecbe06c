/**
 * The drawing panel: a village's maps and their layers (show, hide, lock,
 * fade, reorder, rename), the drawing tools, the form that names a new shape,
 * the selected feature (edit, reshape, delete, history and restore), deleted
 * features to bring back, the mine-or-theirs choice after a conflict, and the
 * import of a GeoJSON/KML file into the map.
 */
import { useState } from 'react'
import type { DrawnFeature, FeatureKind, VillageMap } from '@cuntu/server/contract'
import { kindAllows, FEATURE_GROUPS } from '@cuntu/domain'
import { api, ApiError } from '../../api/client.ts'
import { useLang, useT } from '../../i18n/index.ts'
import { select, useSelection } from '../card/selection.ts'
import { DRAW_TOOLS } from '../../map/draw-controller.ts'
import { useDeletedFeatures, useRefreshMaps } from './api.ts'
import { activeLayerStore, dispatch, useActiveLayer, useDrawController, useDrawSession, useDrawTick } from './store.ts'
import type { Shape } from './session.ts'
import { FeatureHistory } from './FeatureHistory.tsx'
import { FeaturePhotos } from './FeaturePhotos.tsx'
import { SpatialQuestion } from './SpatialQuestion.tsx'
import { ImportFeatures } from './ImportFeatures.tsx'
import './draw.css'

interface Props {
  village: string
  maps: VillageMap[]
  kinds: FeatureKind[]
  byId: Map<string, DrawnFeature>
  mayEdit: boolean
  onClose: () => void
}

const geometryKind = (g: Shape) => (g.type === 'Point' ? 'Point' : g.type)

export function DrawPanel({ village, maps, kinds, byId, mayEdit, onClose }: Props) {
  const t = useT()
  const lang = useLang()
  const session = useDrawSession()
  const controller = useDrawController()
  useDrawTick()
  const refresh = useRefreshMaps(village)
  const selection = useSelection()
  const selected = selection?.kind === 'feature' ? (byId.get(selection.id) ?? null) : null
  const activeLayerId = useActiveLayer()
  const allLayers = maps.flatMap((m) => m.layers.map((l) => ({ ...l, map: m })))
  const activeLayer = allLayers.find((l) => l.id === activeLayerId && !l.locked) ?? allLayers.find((l) => !l.locked && l.visible) ?? null
  const [mapId, setMapId] = useState<string | null>(null)
  const map = maps.find((m) => m.id === mapId) ?? activeLayer?.map ?? maps[0] ?? null
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const deleted = useDeletedFeatures(map?.id ?? null)
  const label = (k: Pick<FeatureKind, 'labelZh' | 'labelEn'>) => (lang === 'zh-CN' ? k.labelZh : k.labelEn)

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setError(null)
    try {
      const r = await fn()
      await refresh()
      return r
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      await refresh()
      return undefined
    }
  }

  const createMap = (purpose: VillageMap['purpose']) =>
    run(async () => {
      const name = `${new Date().getFullYear()} ${t(`draw.purpose.${purpose}`)}`
      const m = await api<VillageMap>(`/api/villages/${village}/maps`, { method: 'POST', body: { name, purpose } })
      setMapId(m.id)
      activeLayerStore.set(m.layers[0]?.id ?? null)
    })

  const patchLayer = (l: VillageMap['layers'][number], body: Record<string, unknown>) =>
    run(() => api(`/api/layers/${l.id}`, { method: 'PATCH', body: { version: l.version, ...body } }))

  const startTool = (tool: (typeof DRAW_TOOLS)[number]) => {
    if (!controller) return
    select(null)
    dispatch({ t: 'tool', tool })
    controller.start(tool)
  }
  const stopTools = () => {
    controller?.stop()
    dispatch({ t: 'cancel' })
  }

  /** Save an edit; a 409 turns into the conflict screen with mine and theirs. */
  async function saveFeature(f: DrawnFeature, patch: object) {
    setError(null)
    try {
      const saved = await api<DrawnFeature>(`/api/features/${f.id}`, { method: 'PATCH', body: { version: f.version, ...patch } })
      if (saved.repair) setNotice(t('draw.repaired', { reason: saved.repair.reason, before: saved.repair.verticesBefore, after: saved.repair.verticesAfter }))
      controller?.stop()
      dispatch({ t: 'saved' })
      await refresh()
      return true
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'version_conflict') {
        controller?.stop()
        dispatch({ t: 'conflict', featureId: f.id, mine: patch as Record<string, unknown>, theirs: (e.body as { current: DrawnFeature }).current })
      } else setError(e instanceof Error ? e.message : String(e))
      await refresh()
      return false
    }
  }

  const drawing = session.s === 'drawing' || session.s === 'editing'
  return (
    <div className="draw-panel" role="dialog" aria-labelledby="draw-title" data-testid="draw-panel">
      <div className="panel-head">
        <h2 id="draw-title">{t('draw.title')}</h2>
        <button type="button" className="icon" onClick={() => (stopTools(), onClose())} aria-label={t('draw.close')}>
          ×
        </button>
      </div>
      {error && (
        <p className="draw-error" role="alert" data-testid="draw-error">
          {error}
        </p>
      )}
      {notice && (
        <p className="draw-notice" role="status" data-testid="draw-notice" onClick={() => setNotice(null)}>
          {notice}
        </p>
      )}

      <fieldset>
        <legend>{t('draw.maps')}</legend>
        {maps.length === 0 && <p className="muted">{t('draw.noMaps')}</p>}
        {maps.map((m) => (
          <label key={m.id} className="check">
            <input type="radio" name="draw-map" checked={map?.id === m.id} onChange={() => (setMapId(m.id), activeLayerStore.set(m.layers.find((l) => !l.locked)?.id ?? null))} />
            {m.name}
          </label>
        ))}
        {mayEdit && (
          <div className="draw-row">
            {(['base', 'asset', 'need'] as const).map((p) => (
              <button key={p} type="button" onClick={() => void createMap(p)} data-testid={`new-map-${p}`}>
                + {t(`draw.purpose.${p}`)}
              </button>
            ))}
          </div>
        )}
      </fieldset>

      {map && (
        <fieldset>
          <legend>{t('draw.layers')}</legend>
          <ul className="draw-layers">
            {[...map.layers].sort((a, b) => b.position - a.position).map((l, i, arr) => (
              <li key={l.id} data-testid="layer-row" data-layer={l.name}>
                <label className="check" title={t('draw.activeLayer')}>
                  <input type="radio" name="draw-layer" checked={activeLayer?.id === l.id} disabled={l.locked} onChange={() => activeLayerStore.set(l.id)} />
                  <LayerName name={l.name} disabled={!mayEdit} onRename={(name) => void patchLayer(l, { name })} />
                  <span className="count">{l.featureCount}</span>
                </label>
                <div className="draw-row small">
                  <label className="check">
                    <input type="checkbox" checked={l.visible} disabled={!mayEdit} onChange={(e) => void patchLayer(l, { visible: e.target.checked })} />
                    {t('draw.show')}
                  </label>
                  <label className="check">
                    <input type="checkbox" checked={l.locked} disabled={!mayEdit} onChange={(e) => void patchLayer(l, { locked: e.target.checked })} data-testid="layer-lock" />
                    {t('draw.lock')}
                  </label>
                  <input
                    type="range" min={0.2} max={1} step={0.1} defaultValue={l.opacity} disabled={!mayEdit} aria-label={t('draw.opacity')}
                    onChange={(e) => void patchLayer(l, { opacity: Number(e.target.value) })}
                  />
                  {i > 0 && mayEdit && (
                    <button type="button" onClick={() => void run(async () => {
                      const above = arr[i - 1]!
                      await api(`/api/layers/${l.id}`, { method: 'PATCH', body: { version: l.version, position: above.position } })
                      await api(`/api/layers/${above.id}`, { method: 'PATCH', body: { version: above.version, position: l.position } })
                    })}>
                      {t('draw.up')}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          {mayEdit && (
            <div className="draw-row">
              <button type="button" onClick={() => void run(() => api(`/api/maps/${map.id}/layers`, { method: 'POST', body: { name: `${t('draw.layers')} ${map.layers.length + 1}` } }))}>
                + {t('draw.addLayer')}
              </button>
            </div>
          )}
          {mayEdit && (
            <ImportFeatures
              key={map.id} map={map} kinds={kinds} label={label} onError={setError}
              onImported={(r) => {
                setError(null)
                setNotice(t('draw.import.done', { n: r.counts.created + r.counts.repaired, layer: r.layer.name }))
                if (r.layer.id) activeLayerStore.set(r.layer.id)
                void refresh()
              }}
            />
          )}
        </fieldset>
      )}

      {mayEdit && (
        <fieldset>
          <legend>{t('draw.tools')}</legend>
          {!activeLayer && <p className="muted">{t('draw.noLayer')}</p>}
          <div className="draw-tools">
            {DRAW_TOOLS.map((tool) => (
              <button
                key={tool} type="button" disabled={!activeLayer || !controller || session.s === 'naming' || session.s === 'conflict'}
                aria-pressed={session.s === 'drawing' && session.tool === tool} onClick={() => startTool(tool)} data-testid={`tool-${tool}`}
              >
                {t(`draw.tool.${tool}`)}
              </button>
            ))}
          </div>
          {drawing && (
            <>
              <p className="muted small">{t(session.s === 'drawing' ? 'draw.hint.drawing' : 'draw.hint.editing')}</p>
              <div className="draw-row">
                {session.s === 'drawing' && (session.tool === 'line' || session.tool === 'polygon') && (
                  <button type="button" onClick={() => controller?.finish()} data-testid="draw-finish">
                    {t('draw.finish')}
                  </button>
                )}
                <button type="button" disabled={!controller?.canUndo()} onClick={() => controller?.undo()} data-testid="draw-undo">
                  {t('draw.undo')}
                </button>
                <button type="button" disabled={!controller?.canRedo()} onClick={() => controller?.redo()} data-testid="draw-redo">
                  {t('draw.redo')}
                </button>
                {session.s === 'editing' && selected && (
                  <button type="button" className="primary" data-testid="save-shape" onClick={() => {
                    const g = controller?.editedGeometry()
                    if (g) void saveFeature(selected, { geometry: g })
                  }}>
                    {t('draw.saveShape')}
                  </button>
                )}
                <button type="button" onClick={stopTools} data-testid="draw-cancel">
                  {t('draw.cancel')}
                </button>
              </div>
            </>
          )}
        </fieldset>
      )}

      {session.s === 'naming' && activeLayer && (
        <FeatureForm
          key="new" kinds={kinds.filter((k) => kindAllows(k, geometryKind(session.geometry)))} label={label} purpose={activeLayer.map.purpose}
          onCancel={stopTools}
          onSave={async (fields) => {
            const created = await run(() => api<DrawnFeature>(`/api/layers/${activeLayer.id}/features`, { method: 'POST', body: { ...fields, geometry: session.geometry } }))
            if (!created) return
            if (created.repair) setNotice(t('draw.repaired', { reason: created.repair.reason, before: created.repair.verticesBefore, after: created.repair.verticesAfter }))
            controller?.stop()
            dispatch({ t: 'saved' })
            select({ kind: 'feature', id: created.id })
          }}
        />
      )}

      {session.s === 'conflict' && (
        <div className="conflict" role="alertdialog" data-testid="draw-conflict">
          <p>{t('draw.conflict')}</p>
          <table>
            <thead>
              <tr><th /><th scope="col">{t('draw.mine')}</th><th scope="col">{t('draw.theirs')}</th></tr>
            </thead>
            <tbody>
              {Object.keys(session.mine).map((k) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{show(session.mine[k])}</td>
                  <td>{show((session.theirs as unknown as Record<string, unknown>)[k])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="draw-row">
            <button type="button" className="primary" data-testid="keep-mine" onClick={() => void saveFeature(session.theirs, session.mine)}>
              {t('draw.keepMine')}
            </button>
            <button type="button" data-testid="keep-theirs" onClick={() => dispatch({ t: 'resolved' })}>
              {t('draw.keepTheirs')}
            </button>
          </div>
        </div>
      )}

      {selected && session.s !== 'conflict' && session.s !== 'naming' && (
        <div className="draw-selected" data-testid="feature-details">
          <FeatureForm
            key={`${selected.id}:${selected.version}`} feature={selected} kinds={kinds.filter((k) => kindAllows(k, selected.geometry.type))} label={label}
            purpose={map?.purpose ?? 'other'} disabled={!mayEdit} onSave={(fields) => void saveFeature(selected, fields)}
          />
          {mayEdit && (
            <div className="draw-row">
              <button type="button" data-testid="edit-shape" disabled={session.s === 'editing'} onClick={() => {
                if (!controller) return
                dispatch({ t: 'edit', featureId: selected.id })
                controller.edit(selected.geometry)
              }}>
                {t('draw.editShape')}
              </button>
              <button type="button" data-testid="delete-feature" onClick={() => void run(async () => {
                await api(`/api/features/${selected.id}?version=${selected.version}`, { method: 'DELETE' })
                select(null)
              })}>
                {t('draw.delete')}
              </button>
            </div>
          )}
          <FeaturePhotos feature={selected} mayEdit={mayEdit} onError={setError} />
          <SpatialQuestion feature={selected} kinds={kinds} />
          <FeatureHistory feature={selected} mayEdit={mayEdit} onRestored={() => void refresh()} onError={setError} />
        </div>
      )}

      {mayEdit && (deleted.data?.length ?? 0) > 0 && (
        <fieldset>
          <legend>{t('draw.deleted')}</legend>
          <ul className="draw-deleted">
            {deleted.data!.map((f) => (
              <li key={f.id}>
                <span>{f.name || label(kinds.find((k) => k.code === f.kind) ?? { labelZh: f.kind, labelEn: f.kind })}</span>
                <button type="button" data-testid="undelete" onClick={() => void run(async () => {
                  await api(`/api/features/${f.id}/undelete`, { method: 'POST' })
                  select({ kind: 'feature', id: f.id })
                })}>
                  {t('draw.undelete')}
                </button>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </div>
  )
}

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? `${(v as { type?: string }).type ?? ''}` : String(v))

function LayerName({ name, disabled, onRename }: { name: string; disabled: boolean; onRename: (name: string) => void }) {
  const t = useT()
  return (
    <input
      className="layer-name" defaultValue={name} disabled={disabled} aria-label={t('draw.layerName')} maxLength={80}
      onBlur={(e) => {
        const v = e.target.value.trim()
        if (v && v !== name) onRename(v)
      }}
    />
  )
}

interface FormFields {
  kind: string
  name: string
  description: string
  contactName?: string | null
  contactPhone?: string | null
}

function FeatureForm(p: {
  feature?: DrawnFeature
  kinds: FeatureKind[]
  label: (k: FeatureKind) => string
  purpose: VillageMap['purpose']
  disabled?: boolean
  onSave: (f: FormFields) => void | Promise<void>
  onCancel?: () => void
}) {
  const t = useT()
  const lang = useLang()
  const role = p.purpose === 'base' ? 'base' : p.purpose === 'need' ? 'need' : 'asset'
  // The map's own kinds first: an asset map offers 人文地产 first, a need map the needs.
  const groups = [...FEATURE_GROUPS].sort((a, b) => Number(b.role === role) - Number(a.role === role))
  const [kind, setKind] = useState(p.feature?.kind ?? p.kinds.find((k) => FEATURE_GROUPS.find((g) => g.code === k.group)?.role === role)?.code ?? p.kinds[0]?.code ?? '')
  const [name, setName] = useState(p.feature?.name ?? '')
  const [description, setDescription] = useState(p.feature?.description ?? '')
  const [contactName, setContactName] = useState(p.feature?.contactName ?? '')
  const [contactPhone, setContactPhone] = useState(p.feature?.contactPhone ?? '')
  const hidden = p.feature?.contactsHidden ?? false
  return (
    <form
      className="draw-form" data-testid="feature-form"
      onSubmit={(e) => {
        e.preventDefault()
        void p.onSave({ kind, name, description, ...(!hidden && { contactName: contactName || null, contactPhone: contactPhone || null }) })
      }}
    >
      <label>
        <span>{t('draw.kind')}</span>
        <select value={kind} disabled={p.disabled} onChange={(e) => setKind(e.target.value)} data-testid="feature-kind">
          {groups.map((g) => {
            const list = p.kinds.filter((k) => k.group === g.code)
            return list.length ? (
              <optgroup key={g.code} label={lang === 'zh-CN' ? g.labelZh : g.labelEn}>
                {list.map((k) => (
                  <option key={k.code} value={k.code}>
                    {k.icon} {p.label(k)}
                  </option>
                ))}
              </optgroup>
            ) : null
          })}
        </select>
      </label>
      <label>
        <span>{t('draw.name')}</span>
        <input value={name} maxLength={80} disabled={p.disabled} onChange={(e) => setName(e.target.value)} data-testid="feature-name" />
      </label>
      <label>
        <span>{t('draw.description')}</span>
        <textarea value={description} maxLength={2000} rows={2} disabled={p.disabled} onChange={(e) => setDescription(e.target.value)} />
      </label>
      {hidden ? (
        <p className="muted small">{t('draw.contactHidden')}</p>
      ) : (
        <div className="draw-row">
          <label>
            <span>{t('draw.contactName')}</span>
            <input value={contactName} maxLength={40} disabled={p.disabled} onChange={(e) => setContactName(e.target.value)} />
          </label>
          <label>
            <span>{t('draw.contactPhone')}</span>
            <input value={contactPhone} maxLength={20} inputMode="tel" disabled={p.disabled} onChange={(e) => setContactPhone(e.target.value)} />
          </label>
        </div>
      )}
      {!p.disabled && (
        <div className="draw-row">
          <button type="submit" className="primary" data-testid="feature-save">
            {t('draw.save')}
          </button>
          {p.onCancel && (
            <button type="button" onClick={p.onCancel}>
              {t('draw.cancel')}
            </button>
          )}
        </div>
      )}
    </form>
  )
}
