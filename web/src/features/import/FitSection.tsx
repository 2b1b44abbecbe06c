/**
 * In the plan: how the 社区地图 was tied to the ground, honestly. The model
 * chosen and why, every candidate's residual and leave-one-out error, each
 * control point's (with where it came from), spread warnings and the house
 * where one more point helps most, the houses not placed and why. Then the
 * worker adds a point: the phone's GPS standing at a house, or a house dragged
 * on the map to where it is; the dry run runs again and the fit updates.
 */
import { useMemo, useState } from 'react'
import type { Wgs84LngLat } from '@cuntu/domain'
import type { FitReport } from '@cuntu/server/contract'
import { useT, type T } from '../../i18n/index.ts'
import { PlacementMap, type PlacementMapApi, type PlacementPoint } from '../../map/PlacementMap.tsx'
import { basemapStyle } from '../../map/basemap-style.ts'
import { BASEMAPS } from '../basemaps/basemaps.ts'
import { useTiandituKey } from '../settings/tianditu-key.ts'
import { useUrlState } from '../../state/url-store.ts'
import { dispatch, startDryRun, useFlow } from './actions.ts'
import type { ControlPointAdded } from './placement.ts'

declare global {
  interface Window {
    /** The plan's placement map, for browser tests: page pixels of a WGS84 [lng, lat]. */
    __cuntuPlacement?: PlacementMapApi
  }
}

/** Accuracy worse than this (metres) is more than a map cell: say so. */
const POOR_ACCURACY_M = 30

const pct = (x: number | undefined) => Math.round((x ?? 0) * 100)

function whyText(t: T, fit: FitReport): string {
  const c = fit.choice
  switch (c.code) {
    case 'three_points_north_up':
      return t('place.why.three_points_north_up', { pct: pct(c.strain) })
    case 'three_points_rotated':
      return t('place.why.three_points_rotated', { deg: c.rotationDeg ?? 0, nu: c.northUpRmsMetres ?? 0 })
    case 'three_points_sheared':
      return t('place.why.three_points_sheared', { nu: c.northUpRmsMetres ?? 0, pct: pct(c.strain) })
    case 'leave_one_out':
      return t('place.why.leave_one_out', { n: fit.points.length })
    case 'only_north_up':
      return t('place.why.only_north_up')
  }
}

function sourceText(t: T, p: FitReport['points'][number]): string {
  if (p.source === 'gps') return p.accuracyMetres === null ? t('place.source.gpsNoAcc') : t('place.source.gps', { acc: p.accuracyMetres })
  return t(p.source === 'drag' ? 'place.source.drag' : 'place.source.typed')
}

const metres = (x: number | null) => (x === null ? '—' : String(x))

/** Re-plan with one more point (or a moved one) for this household. */
function addPoint(point: ControlPointAdded, networkMessage: string) {
  dispatch({ type: 'addControlPoint', point })
  void startDryRun(networkMessage)
}

export function FitSection({ fit }: { fit: FitReport }) {
  const t = useT()
  const chosen = fit.candidates.find((c) => c.model === fit.model)
  return (
    <section data-testid="fit-report">
      <h3>{t('place.fitTitle')}</h3>
      <p data-testid="fit-model">
        <strong>{t('place.chosenModel', { model: t(`place.model.${fit.model}`), help: t(`place.modelHelp.${fit.model}`) })}</strong>
      </p>
      <p className="small" data-testid="fit-why">
        {whyText(t, fit)}
      </p>
      <p className="small muted">{t('place.shape', { col: fit.metresPerCol, row: fit.metresPerRow, rot: fit.rotationDeg, shear: fit.shearDeg })}</p>
      <p className={fit.looRmsMetres === null ? 'small warn-text' : 'small'} data-testid="fit-loo">
        {fit.looRmsMetres === null ? t('place.looNone') : t('place.loo', { loo: fit.looRmsMetres })}
      </p>

      <table className="rows" data-testid="fit-points">
        <thead>
          <tr>
            <th>{t('place.cpHuhao')}</th>
            <th>{t('place.fitCell')}</th>
            <th>{t('place.colSource')}</th>
            <th>{t('place.colResidual')}</th>
            <th>{t('place.colLoo')}</th>
          </tr>
        </thead>
        <tbody>
          {fit.points.map((p, i) => (
            <tr key={`${p.huhao}:${p.address}:${i}`}>
              <td className="mono">{p.huhao ?? '—'}</td>
              <td className="mono">{p.address}</td>
              <td className="small">{sourceText(t, p)}</td>
              <td>{p.residualMetres}</td>
              <td>{metres(p.looMetres)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <details className="small">
        <summary>{t('place.candidates')}</summary>
        <table className="rows" data-testid="fit-candidates">
          <thead>
            <tr>
              <th>{t('place.colModel')}</th>
              <th>{t('place.colResidual')}</th>
              <th>{t('place.colLoo')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {fit.candidates.map((c) => (
              <tr key={c.model} className={c === chosen ? 'chosen' : ''}>
                <td>{t(`place.model.${c.model}`)}</td>
                <td>{c.rmsMetres}</td>
                <td>{metres(c.looRmsMetres)}</td>
                <td>{c === chosen ? t('place.chosen') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      {fit.spread.map((w) => (
        <p key={w} className="small warn-text" data-testid={`fit-spread-${w}`}>
          {t(`place.spread.${w}`)}
        </p>
      ))}
      {fit.suggest && (
        <p className={fit.spread.length > 0 ? 'small warn-text' : 'small'} data-testid="fit-suggest">
          {t('place.suggest', { cell: fit.suggest.address, huhao: fit.suggest.huhao ?? '' })}
        </p>
      )}
      <Unplaced fit={fit} />
      <AddPoint fit={fit} />
      <PlacedMap fit={fit} />
    </section>
  )
}

function Unplaced({ fit }: { fit: FitReport }) {
  const t = useT()
  const missing = fit.unplaced
  if (missing.length === 0) {
    return (
      <p className="small" data-testid="fit-all-placed">
        {t('place.allPlaced', { n: fit.placed.length })}
      </p>
    )
  }
  return (
    <details className="small" data-testid="fit-unplaced" open={missing.some((u) => u.reason !== 'kept')}>
      <summary>{t('place.unplacedTitle', { n: missing.length })}</summary>
      <ul>
        {missing.map((u, i) => (
          <li key={`${u.address}:${i}`}>
            <span className="mono">{u.address}</span> {u.huhao && <span className="mono">{u.huhao}</span>} ·{' '}
            {u.reason === 'no_household' ? t('place.unplaced.no_household', { name: u.name ?? '' }) : t(`place.unplaced.${u.reason}`)}
          </li>
        ))}
      </ul>
    </details>
  )
}

type GpsState = { kind: 'idle' } | { kind: 'waiting' } | { kind: 'denied' } | { kind: 'unavailable' } | { kind: 'notOnMap'; huhao: string } | { kind: 'got'; acc: number }

function AddPoint({ fit }: { fit: FitReport }) {
  const t = useT()
  const busy = useFlow().busy !== null
  const [huhao, setHuhao] = useState(fit.suggest?.huhao ?? '')
  const [gps, setGps] = useState<GpsState>({ kind: 'idle' })
  const onMap = useMemo(() => new Set([...fit.placed.map((p) => p.huhao), ...fit.points.map((p) => p.huhao ?? '')]), [fit])

  const locate = () => {
    const h = huhao.trim()
    if (!onMap.has(h)) return setGps({ kind: 'notOnMap', huhao: h })
    if (!('geolocation' in navigator)) return setGps({ kind: 'unavailable' })
    setGps({ kind: 'waiting' })
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        // The W3C Geolocation API answers in WGS84, whatever map app the phone has.
        const acc = Math.round(pos.coords.accuracy * 10) / 10
        setGps({ kind: 'got', acc })
        addPoint({ huhao: h, lngLat: [pos.coords.longitude, pos.coords.latitude], source: 'gps', accuracyMetres: pos.coords.accuracy }, t('import.networkError'))
      },
      (err) => setGps({ kind: err.code === err.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 0 },
    )
  }

  return (
    <div className="add-point" data-testid="fit-add">
      <h4>{t('place.addTitle')}</h4>
      <p className="muted small">{t('place.addHelp')}</p>
      <div className="section-head">
        <label>
          {t('place.cpHuhao')}{' '}
          <input value={huhao} inputMode="numeric" onChange={(e) => setHuhao(e.target.value)} data-testid="fit-gps-huhao" />
        </label>
        <button type="button" disabled={busy || gps.kind === 'waiting' || !huhao.trim()} onClick={locate} data-testid="fit-gps">
          {t('place.gpsButton')}
        </button>
      </div>
      <p className="small" role="status" data-testid="fit-gps-status">
        {gps.kind === 'waiting' && t('place.gpsWaiting')}
        {gps.kind === 'denied' && <span className="error-text">{t('place.gpsDenied')}</span>}
        {gps.kind === 'unavailable' && <span className="error-text">{t('place.gpsUnavailable')}</span>}
        {gps.kind === 'notOnMap' && <span className="error-text">{t('place.gpsNotOnMap', { huhao: gps.huhao })}</span>}
        {gps.kind === 'got' && (gps.acc > POOR_ACCURACY_M ? <span className="warn-text">{t('place.gpsPoor', { acc: gps.acc })}</span> : t('place.gpsGot', { acc: gps.acc }))}
      </p>
    </div>
  )
}

function PlacedMap({ fit }: { fit: FitReport }) {
  const t = useT()
  const url = useUrlState()
  const key = useTiandituKey()
  const basemap = BASEMAPS[url.basemap]
  const style = useMemo(() => basemapStyle(basemap, key, null), [basemap, key])
  // WGS84 in and out: the map shifts into its basemap's datum (AMap tiles are GCJ-02) and back.
  const points = useMemo<PlacementPoint[]>(
    () => fit.placed.map((p) => ({ id: p.huhao, lngLat: p.lngLat, control: p.controlPoint })),
    [fit.placed],
  )
  const onDrop = (id: string, lngLat: Wgs84LngLat) => {
    addPoint({ huhao: id, lngLat, source: 'drag' }, t('import.networkError'))
  }
  return (
    <div className="placement-map-wrap">
      <p className="muted small">{t('place.mapHelp')}</p>
      <PlacementMap key={basemap.id} style={style} datum={basemap.datum} points={points} onDrop={onDrop} onReady={(api) => (window.__cuntuPlacement = api)} label={t('place.mapLabel')} />
    </div>
  )
}
