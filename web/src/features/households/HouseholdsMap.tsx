/**
 * The village map: the households layer plus whatever other layers a feature
 * adds (drawn maps, query results), on the chosen basemap. Builds the layer
 * descriptions (WGS84; the map shifts them into the basemap's datum itself),
 * routes a click to a selection, flies on request, and exposes a small
 * read-only hook for browser tests and the benchmark.
 */
import { useEffect, useMemo, useRef } from 'react'
import type { AreaDetail } from '@cuntu/server/contract'
import { MapView, type MapViewProps } from '../../map/MapView.tsx'
import type { MapAdapter } from '../../map/adapter.ts'
import type { Wgs84View } from '../../map/view.ts'
import type { HighlightLayer, HouseholdsLayer, LabelsLayer, LayerDescription } from '../../map/layers.ts'
import type { SketchFeature } from '../../map/sketch-style.ts'
import { BASEMAPS } from '../basemaps/basemaps.ts'
import { basemapFailed } from '../basemaps/fallback.ts'
import { useTiandituKey } from '../settings/tianditu-key.ts'
import { select, useSelectedHousehold } from '../card/selection.ts'
import { patchUrlState, useUrlState } from '../../state/url-store.ts'
import { useT } from '../../i18n/index.ts'
import { useFly } from './fly.ts'
import type { VillageHouseholds } from './useVillageHouseholds.ts'
import { installTestHook } from './test-hook.ts'
import { setMapHandle } from './map-handle.ts'
import { circleAround, pointAt, tapPosition, usePlacing, type Placing } from './locate.ts'
import { useCover } from '../card/cover.ts'
import { groupClusters } from './group-labels.ts'

export interface HouseholdsMapProps {
  area: AreaDetail | undefined
  village: VillageHouseholds | null
  names: boolean
  /** Layers drawn under the households (drawn maps), bottom first. */
  below?: readonly LayerDescription[]
  /** Layers drawn over the households (query results, highlights). */
  above?: readonly LayerDescription[]
  /** The adapter, once created (the drawing tools attach to it). */
  onAdapter?: (a: MapAdapter) => void
  /** The village's base sketch (WGS84) for the sketch basemap: null when it has none, undefined while loading. */
  sketch?: readonly SketchFeature[] | null
  /** A large village's households as tiles until `village` arrives (see MapView). */
  preview?: MapViewProps['preview']
}

const NONE: readonly LayerDescription[] = []

/** Web-Mercator zoom at which a phone fix is shown for confirming: single houses apart, the lane around visible. */
const GPS_CHECK_ZOOM = 18

/** Where a household being placed would go: a ring at the position, and the GPS fix's accuracy circle. */
function previewLayers(p: Placing | null): HighlightLayer[] {
  if (!p?.at) return []
  const out: HighlightLayer[] = []
  if (p.accuracy !== null && p.accuracy > 0) out.push({ type: 'highlight', id: 'placing-accuracy', geometries: [circleAround(p.at, p.accuracy)], colour: '#1565c0', fill: 0.12 })
  out.push({ type: 'highlight', id: 'placing', geometries: [pointAt(p.at)], colour: '#ef6c00', fill: 0.45 })
  return out
}

export function HouseholdsMap({ area, village, names, below = NONE, above = NONE, onAdapter, sketch, preview: tilePreview = null }: HouseholdsMapProps) {
  const t = useT()
  const url = useUrlState()
  const basemap = BASEMAPS[url.basemap]
  const key = useTiandituKey()
  const selectedId = useSelectedHousehold()
  const fly = useFly()
  const adapterRef = useRef<MapAdapter | null>(null)

  const model = village?.model ?? null
  // Each village group named once per cluster of its houses, not beside every house.
  const groupLabels = useMemo((): LabelsLayer | null => {
    if (!model) return null
    const labels = groupClusters(model.positions, model.group).map((c) => ({ position: c.position, text: t('filters.groupN', { n: c.group }) }))
    return { type: 'labels', id: 'group-labels', labels }
  }, [model, t])
  const selectedIndex = useMemo(() => (model && selectedId ? model.ids.indexOf(selectedId) : -1), [model, selectedId])

  const households = useMemo((): HouseholdsLayer | null => {
    if (!village) return null
    const ids = village.model.ids
    return {
      type: 'households',
      id: 'households',
      count: village.model.count,
      positions: village.model.positions,
      positionsVersion: `${village.model.count}:${ids[0] ?? ''}`,
      glyphKeys: village.glyphs.keys,
      glyphs: village.glyphs.specs,
      filterValues: village.filterValues,
      filterVersion: village.filterVersion,
      groupLabels: null,
      nameLabels: names && village.model.headName.some((n) => n !== null) ? village.model.headName : null,
      selected: selectedIndex >= 0 ? selectedIndex : null,
      pick: (i) => (ids[i] ? { kind: 'household', id: ids[i] } : null),
    }
  }, [village, names, selectedIndex])
  const placing = usePlacing()
  const preview = useMemo(() => previewLayers(placing), [placing])
  const layers = useMemo(
    () => [...below, ...(households ? [households] : []), ...(groupLabels ? [groupLabels] : []), ...above, ...preview],
    [below, households, groupLabels, above, preview],
  )

  // Keep in view, outside the phone's bottom sheet: the position being chosen, else the open household.
  const cover = useCover()
  const reveal = useMemo(() => {
    // A phone fix is checked against the houses around it: close enough in to tell them apart.
    if (placing?.at) return { lngLat: placing.at, key: `placing:${placing.householdId}`, minZoom: placing.via === 'gps' ? GPS_CHECK_ZOOM : 0 }
    if (!model || selectedIndex < 0 || !model.hasPosition[selectedIndex]) return null
    return { lngLat: [model.positions[2 * selectedIndex]!, model.positions[2 * selectedIndex + 1]!] as [number, number], key: model.ids[selectedIndex]! }
  }, [placing, model, selectedIndex])

  // Only the first view matters: later views come from the map itself. The URL keeps it in WGS84.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const view = useMemo((): Wgs84View | null => url.view, [])

  useEffect(() => installTestHook(() => ({ adapter: adapterRef.current, village })), [village])
  useEffect(() => setMapHandle(adapterRef.current), [village])

  // The sketch chosen (from a link, or another village's) where there is none: the offline look, and why.
  const noSketch = url.basemap === 'sketch' && sketch === null
  return (
    <>
    {noSketch && (
      <p className="map-notice" role="status" data-testid="basemap-fallback">
        {t('basemap.sketchMissing')}
      </p>
    )}
    <MapView
      basemap={basemap}
      sketch={sketch}
      tiandituKey={key}
      boundary={area?.boundary ?? null}
      view={view}
      bbox={area?.bbox ?? null}
      layers={layers}
      preview={village ? null : tilePreview}
      fly={fly}
      label={t('app.map')}
      onReady={(a) => {
        adapterRef.current = a
        onAdapter?.(a)
        setMapHandle(a)
      }}
      onSelect={select}
      onBasemapFailed={() => basemapFailed(basemap.id)}
      onViewChange={(v) => patchUrlState({ view: v })}
      cover={cover}
      reveal={reveal}
      onTap={placing?.via === 'tap' ? tapPosition : null}
    />
    </>
  )
}
