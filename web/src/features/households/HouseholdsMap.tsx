/**
 * The households map: the compiled village on the chosen basemap. Shifts
 * positions into the basemap's datum, opens a card on click, flies on request,
 * and exposes a small read-only hook for browser tests and the benchmark.
 */
import { useEffect, useMemo, useRef } from 'react'
import type { AreaDetail } from '@cuntu/server/contract'
import { MapView } from '../../map/MapView.tsx'
import type { MapAdapter, View } from '../../map/adapter.ts'
import { BASEMAPS } from '../basemaps/basemaps.ts'
import { fromDatum, multiPolygonInDatum, positionsInDatum, toDatum } from '../basemaps/datum.ts'
import { useTiandituKey } from '../settings/tianditu-key.ts'
import { select, useSelection } from '../card/selection.ts'
import { patchUrlState, useUrlState } from '../../state/url-store.ts'
import { useT } from '../../i18n/index.ts'
import { useFly } from './fly.ts'
import type { VillageHouseholds } from './useVillageHouseholds.ts'
import { installTestHook } from './test-hook.ts'
import { setMapHandle } from './map-handle.ts'

export function HouseholdsMap({ area, village, names }: { area: AreaDetail | undefined; village: VillageHouseholds | null; names: boolean }) {
  const t = useT()
  const url = useUrlState()
  const basemap = BASEMAPS[url.basemap]
  const datum = basemap.datum
  const key = useTiandituKey()
  const selectedId = useSelection()
  const fly = useFly()
  const adapterRef = useRef<MapAdapter | null>(null)

  const model = village?.model ?? null
  const positions = useMemo(() => (model ? positionsInDatum(model.positions, datum) : null), [model, datum])
  const boundary = useMemo(() => (area?.boundary ? multiPolygonInDatum(area.boundary, datum) : null), [area?.boundary, datum])
  const bbox = useMemo((): [number, number, number, number] | null => {
    if (!area?.bbox) return null
    const [w, s] = toDatum([area.bbox[0], area.bbox[1]], datum)
    const [e, n] = toDatum([area.bbox[2], area.bbox[3]], datum)
    return [w, s, e, n]
  }, [area?.bbox, datum])
  const groupLabels = useMemo(() => (model ? Array.from(model.group, (g) => (g < 0 ? '00' : String(g))) : []), [model])
  const selectedIndex = useMemo(() => (model && selectedId ? model.ids.indexOf(selectedId) : -1), [model, selectedId])

  const layers = useMemo(() => {
    if (!village || !positions) return null
    return {
      count: village.model.count,
      positions,
      positionsVersion: `${datum}:${village.model.count}:${village.model.ids[0] ?? ''}`,
      glyphKeys: village.glyphs.keys,
      glyphs: village.glyphs.specs,
      filterValues: village.filterValues,
      filterVersion: village.filterVersion,
      groupLabels,
      nameLabels: names && village.model.headName.some((n) => n !== null) ? village.model.headName : null,
      selected: selectedIndex >= 0 ? selectedIndex : null,
    }
  }, [village, positions, datum, groupLabels, names, selectedIndex])

  // The URL keeps the view in WGS84 whatever the basemap, so a link opens on the same place.
  const view = useMemo((): View | null => {
    if (!url.view) return null
    const [lng, lat] = toDatum([url.view.lng, url.view.lat], datum)
    return { z: url.view.z, lng, lat }
    // Only the first view matters: later views come from the map itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const flyTarget = useMemo(() => (fly ? { lngLat: toDatum(fly.lngLat, datum), nonce: fly.nonce } : null), [fly, datum])

  useEffect(() => installTestHook(() => ({ adapter: adapterRef.current, village, datum })), [village, datum])
  useEffect(() => setMapHandle(adapterRef.current, datum), [village, datum])

  return (
    <MapView
      basemap={basemap}
      tiandituKey={key}
      boundary={boundary}
      view={view}
      bbox={bbox}
      layers={layers}
      fly={flyTarget}
      label={t('app.map')}
      onReady={(a) => {
        adapterRef.current = a
        setMapHandle(a, datum)
      }}
      onPick={(i) => select(i === null ? null : (model?.ids[i] ?? null))}
      onViewChange={(v) => {
        const [lng, lat] = fromDatum([v.lng, v.lat], datum)
        patchUrlState({ view: { z: v.z, lng, lat } })
      }}
    />
  )
}
