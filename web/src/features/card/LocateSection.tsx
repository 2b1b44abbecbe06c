/**
 * Placing a household from its card: tap its house on the map, or take the
 * phone's position fix (accuracy shown before confirming). Saved through the
 * household's versioned edit (PATCH with `version` and `location`), so it is
 * audited like any edit and a crossing save shows the conflict view.
 * WGS84 throughout: the map turns a tap on GCJ-02 tiles back into WGS84 at
 * its edge, and the phone's fix is WGS84 already.
 */
import { useEffect, useRef, useState } from 'react'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { Household, HouseholdCollection } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import { useT, type T } from '../../i18n/index.ts'
import {
  failPosition,
  fixPosition,
  GeoError,
  locateOnce,
  pointAt,
  POOR_ACCURACY_M,
  roundAccuracy,
  startPlacing,
  stopPlacing,
  usePlacing,
  type Placing,
} from '../households/locate.ts'
import { ConflictView } from './ConflictView.tsx'
import { useCardSave } from './useCardSave.ts'
import type { FieldDef } from './fields.ts'

const LOCATION_FIELD: readonly FieldDef<string>[] = [{ key: 'location', label: 'locate.field', kind: 'text' }]

/** A stored position as the conflict view shows it (and compares it: six decimals, about 0.1 m). */
const coordsText = (t: T, loc: Household['location']) =>
  loc ? t('locate.coords', { lat: loc.coordinates[1].toFixed(6), lng: loc.coordinates[0].toFixed(6) }) : null

export function LocateSection({ h }: { h: Household }) {
  const t = useT()
  const placing = usePlacing()
  const mine = placing?.householdId === h.id ? placing : null
  const [choosing, setChoosing] = useState(false)
  // The buttons that started placing are gone: keyboard focus and screen readers follow to the placing controls.
  const panel = useRef<HTMLDivElement>(null)
  const placingHere = !!mine
  useEffect(() => {
    if (placingHere) panel.current?.focus()
  }, [placingHere])

  const locate = () => {
    startPlacing(h.id, 'gps')
    locateOnce().then(
      ({ lngLat, accuracy }) => fixPosition(h.id, lngLat, accuracy),
      (e: unknown) => failPosition(h.id, e instanceof GeoError ? e.failure : 'unavailable'),
    )
  }
  const byTap = () => startPlacing(h.id, 'tap')
  const cancel = () => {
    setChoosing(false)
    stopPlacing(h.id)
  }

  if (!mine) {
    // Already placed: one "重新定位" that opens the same two ways.
    if (h.location && !choosing)
      return (
        <div className="locate">
          <button type="button" onClick={() => setChoosing(true)} data-testid="locate-move">
            {t('locate.move')}
          </button>
        </div>
      )
    return (
      <div className="locate" role="group" aria-label={t('locate.title')}>
        <button type="button" onClick={byTap} data-testid="locate-tap">
          {h.location ? t('locate.moveByTap') : t('locate.byTap')}
        </button>
        <button type="button" onClick={locate} data-testid="locate-gps">
          {t('locate.byGps')}
        </button>
        {choosing && (
          <button type="button" className="link" onClick={() => setChoosing(false)}>
            {t('locate.cancel')}
          </button>
        )}
      </div>
    )
  }

  return (
    <div ref={panel} tabIndex={-1} className="locate placing" role="group" aria-label={t('locate.placing', { huhao: h.huhao })} data-testid="locate-panel">
      {mine.via === 'tap' && (
        <p className="hint" role="status" data-testid="locate-hint">
          {mine.at ? t('locate.tapChosen') : t('locate.tapHint')}
        </p>
      )}
      {mine.locating && (
        <p className="hint" role="status">
          <span className="spinner" aria-hidden="true" /> {t('locate.locating')}
        </p>
      )}
      {mine.failure && (
        <p role="alert" className="error" data-testid="locate-error" data-failure={mine.failure}>
          {t(`locate.failed.${mine.failure}`)}
        </p>
      )}
      {mine.via === 'gps' && mine.at && mine.accuracy !== null && !mine.locating && (
        <>
          <p className="accuracy" data-testid="locate-accuracy">
            {t('locate.accuracy', { m: roundAccuracy(mine.accuracy) })}
          </p>
          <p className={mine.accuracy > POOR_ACCURACY_M ? 'hint warn' : 'hint'}>{mine.accuracy > POOR_ACCURACY_M ? t('locate.poorAccuracy') : t('locate.gpsHint')}</p>
        </>
      )}
      {mine.at && !mine.locating ? (
        <ConfirmPlacement key={`${mine.via}:${mine.at.join(',')}`} h={h} placing={mine as Placing & { at: [number, number] }} onCancel={cancel} onRetryGps={mine.via === 'gps' ? locate : null} />
      ) : (
        <div className="actions">
          {mine.failure && (
            <>
              <button type="button" onClick={locate}>
                {t('locate.retry')}
              </button>
              <button type="button" onClick={byTap} data-testid="locate-tap">
                {t('locate.byTap')}
              </button>
            </>
          )}
          <button type="button" onClick={cancel} data-testid="locate-cancel">
            {t('locate.cancel')}
          </button>
        </div>
      )}
    </div>
  )
}

interface ConfirmProps {
  h: Household
  placing: Placing & { at: [number, number] }
  onCancel: () => void
  onRetryGps: (() => void) | null
}

/**
 * The saved position into the village's map download(s) at once, so the house is drawn and the counts move
 * the moment the preview goes; the refetch storeSaved starts then brings the rest.
 */
function placeInVillage(qc: QueryClient, h: Household): void {
  qc.setQueriesData<HouseholdCollection>({ queryKey: ['households', h.villageCode] }, (fc) =>
    fc ? { ...fc, features: fc.features.map((f) => (f.id === h.id ? { ...f, geometry: h.location ?? null } : f)) } : fc,
  )
}

/** 确认/取消 for a chosen position, with the save state and the conflict choice (useCardSave, as every card edit). */
function ConfirmPlacement({ h, placing, onCancel, onRetryGps }: ConfirmProps) {
  const t = useT()
  const qc = useQueryClient()
  const s = useCardSave({
    fields: ['location'],
    base: { version: h.version, location: coordsText(t, h.location) },
    send: (_patch, version) => api<Household>(`/api/households/${h.id}`, { method: 'PATCH', body: { version, location: pointAt(placing.at) } }),
    theirsOf: (current) => ({ version: current.version, location: coordsText(t, current.location) }),
    onSaved: (saved) => {
      placeInVillage(qc, saved)
      stopPlacing(h.id)
    },
    errorText: (e) => (e instanceof Error && e.message ? e.message : t('state.networkError')),
  })
  const mine = { location: coordsText(t, pointAt(placing.at)) }

  if (s.state.kind === 'conflict')
    return <ConflictView rows={s.state.rows} fields={LOCATION_FIELD} groups={[]} onKeepMine={() => void s.keepMine()} onTakeTheirs={s.takeTheirs} />
  return (
    <>
      {s.state.kind === 'error' && (
        <p role="alert" className="error">
          {s.state.message}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={s.state.kind === 'saving'} onClick={() => void s.save(mine)} data-testid="locate-confirm">
          {s.state.kind === 'saving' ? t('locate.saving') : t('locate.confirm')}
        </button>
        {onRetryGps && (
          <button type="button" onClick={onRetryGps} disabled={s.state.kind === 'saving'}>
            {t('locate.retry')}
          </button>
        )}
        <button type="button" onClick={onCancel} data-testid="locate-cancel">
          {t('locate.cancel')}
        </button>
      </div>
    </>
  )
}
