/**
 * In the preview: the worker's say over positions. Flagged points (swapped or
 * far away) are listed to accept one by one; when the workbook has a 社区地图,
 * control points tie it to the ground so households without GPS get a place.
 */
import { useState, type ChangeEvent } from 'react'
import type { ImportPreview } from '@cuntu/server/contract'
import { useT, type T } from '../../i18n/index.ts'
import { dispatch, useFlow } from './actions.ts'
import { MIN_CONTROL_POINTS, controlPointsFromJson, placementOptions, type ControlPointDraft, type Placement, type PlacementProblem } from './placement.ts'

const set = (placement: Placement) => dispatch({ type: 'setPlacement', placement })

export function problemText(t: T, p: PlacementProblem): string {
  if (p.kind === 'row') return t(`place.bad.${p.field}`, { n: p.index + 1 })
  if (p.kind === 'tooFew') return t('place.bad.tooFew', { given: p.given, min: MIN_CONTROL_POINTS })
  return t('place.bad.duplicate', { huhao: p.huhao })
}

export function PlacementSection({ preview, disabled }: { preview: ImportPreview; disabled: boolean }) {
  const flagged = preview.locations?.flagged ?? []
  return (
    <>
      {flagged.length > 0 && <FlaggedPoints flagged={flagged} disabled={disabled} />}
      {preview.cellMap && <ControlPoints disabled={disabled} />}
    </>
  )
}

function FlaggedPoints({ flagged, disabled }: { flagged: NonNullable<ImportPreview['locations']>['flagged']; disabled: boolean }) {
  const t = useT()
  const placement = useFlow().placement
  const accepted = new Set(placement.acceptFlagged)
  const toggle = (huhao: string, on: boolean) =>
    set({ ...placement, acceptFlagged: on ? [...placement.acceptFlagged, huhao] : placement.acceptFlagged.filter((h) => h !== huhao) })
  return (
    <section data-testid="flagged-points">
      <div className="section-head">
        <h3>{t('place.flaggedTitle')}</h3>
        <button type="button" className="link" disabled={disabled} onClick={() => set({ ...placement, acceptFlagged: flagged.map((f) => f.huhao) })}>
          {t('place.acceptAll')}
        </button>
        <button type="button" className="link" disabled={disabled || accepted.size === 0} onClick={() => set({ ...placement, acceptFlagged: [] })}>
          {t('place.acceptNone')}
        </button>
      </div>
      <p className="muted small">{t('place.flaggedHelp')}</p>
      <ul className="flagged-list">
        {flagged.map((f) => (
          <li key={`${f.huhao}:${f.row}`}>
            <label>
              <input type="checkbox" checked={accepted.has(f.huhao)} disabled={disabled} onChange={(e) => toggle(f.huhao, e.target.checked)} data-testid={`accept-${f.huhao}`} />
              <span>
                {t('place.flaggedRow', { huhao: f.huhao, row: f.row, why: f.warnings.map((w) => t(w === 'swapped' ? 'place.why.swapped' : 'place.why.far')).join('、') })}
                <span className="muted mono small"> ({f.lngLat[0].toFixed(6)}, {f.lngLat[1].toFixed(6)})</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    </section>
  )
}

const emptyRow = (): ControlPointDraft => ({ huhao: '', lng: '', lat: '' })

function ControlPoints({ disabled }: { disabled: boolean }) {
  const t = useT()
  const placement = useFlow().placement
  const [fileError, setFileError] = useState(false)
  const rows = placement.controlPoints.length > 0 ? placement.controlPoints : [emptyRow(), emptyRow(), emptyRow()]
  const setRows = (controlPoints: ControlPointDraft[]) => set({ ...placement, controlPoints })
  // Typing over a GPS or dragged point makes it a typed one (in the table's datum).
  const edit = (i: number, patch: Partial<ControlPointDraft>) =>
    setRows(rows.map((r, k) => (k === i ? { huhao: r.huhao, lng: r.lng, lat: r.lat, ...patch } : r)))
  const { problems } = placementOptions(placement)

  const readFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ''
    if (!file) return
    // A control-point list is a few hundred bytes; anything big is not one.
    const drafts = file.size < 256 * 1024 ? controlPointsFromJson(await file.text()) : null
    setFileError(drafts === null)
    if (drafts) setRows(drafts)
  }

  return (
    <section data-testid="control-points">
      <h3>{t('place.cpTitle')}</h3>
      <p className="muted small">{t('place.cpHelp', { min: MIN_CONTROL_POINTS })}</p>
      <table className="rows control-points">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('place.cpHuhao')}</th>
            <th>{t('place.cpLng')}</th>
            <th>{t('place.cpLat')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td className="muted">{i + 1}</td>
              {(['huhao', 'lng', 'lat'] as const).map((field) => (
                <td key={field}>
                  <input
                    value={r[field]}
                    disabled={disabled}
                    inputMode={field === 'huhao' ? 'numeric' : 'decimal'}
                    aria-label={`${t(field === 'huhao' ? 'place.cpHuhao' : field === 'lng' ? 'place.cpLng' : 'place.cpLat')} ${i + 1}`}
                    aria-invalid={problems.some((p) => p.kind === 'row' && p.index === i && p.field === field)}
                    onChange={(e) => edit(i, { [field]: e.target.value })}
                    data-testid={`cp-${field}-${i}`}
                  />
                </td>
              ))}
              <td>
                {r.source && r.source !== 'typed' && (
                  <span className="muted small" data-testid={`cp-source-${i}`}>
                    {r.source === 'drag' ? t('place.source.drag') : r.accuracyMetres !== undefined ? t('place.source.gps', { acc: r.accuracyMetres }) : t('place.source.gpsNoAcc')}{' '}
                  </span>
                )}
                <button type="button" className="link" disabled={disabled || rows.length <= 1} onClick={() => setRows(rows.filter((_, k) => k !== i))}>
                  {t('place.cpRemove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="section-head">
        <button type="button" disabled={disabled} onClick={() => setRows([...rows, emptyRow()])} data-testid="cp-add">
          {t('place.cpAdd')}
        </button>
        <label className="file-button">
          {t('place.cpFile')}
          <input type="file" accept=".json,application/json" className="visually-hidden" disabled={disabled} onChange={(e) => void readFile(e)} data-testid="cp-file" />
        </label>
        <label>
          {t('place.crs')}{' '}
          <select value={placement.crs} disabled={disabled} onChange={(e) => set({ ...placement, crs: e.target.value === 'gcj02' ? 'gcj02' : 'wgs84' })} data-testid="cp-crs">
            <option value="wgs84">{t('import.crsWgs84')}</option>
            <option value="gcj02">{t('import.crsGcj02')}</option>
          </select>
        </label>
      </div>
      {fileError && (
        <p className="error-text" role="alert">
          {t('place.cpFileBad')}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="error-text small" data-testid="cp-problems">
          {problems.map((p, i) => (
            <li key={i}>{problemText(t, p)}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
