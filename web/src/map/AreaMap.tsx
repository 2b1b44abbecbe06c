/**
 * The map of an area above the village: its child areas as aggregate discs
 * (aggregate-layers.ts) on the chosen basemap; a click drills down. Opens on
 * the area's household extent.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Basemap } from '../features/basemaps/basemaps.ts'
import { MapAdapter } from './adapter.ts'
import { basemapStyle } from './basemap-style.ts'
import type { AggregatePoint, AggregatesLayer } from './layers.ts'
import { HOUSEHOLD_MIN_ZOOM } from '@cuntu/domain'
import { firstCategoryColour, showAreaHouseholds } from './area-household-tiles.ts'

export interface AreaMapProps {
  basemap: Basemap
  tiandituKey: string
  /** WGS84 [west, south, east, north]. */
  bbox: readonly [number, number, number, number] | null
  points: AggregatePoint[]
  /** Changes whenever the counts do (filter, data version), so the discs are re-sized. */
  version: string
  onPick: (code: string) => void
  label: string
  /** Household vector tiles from z13: URL template with {z}/{x}/{y} and the filter's query. */
  tileUrl: string
  /** Category colours in registry order, for the household dots. */
  colours: { code: string; colour: string }[]
  /** The online basemap's tiles did not load. */
  onBasemapFailed?: () => void
}

export function AreaMap(p: AreaMapProps) {
  const container = useRef<HTMLDivElement>(null)
  const [adapter, setAdapter] = useState<MapAdapter | null>(null)
  // From the zoom where households are drawn, a disc would cover them: only the name and count stay (still a drill-down).
  const [householdZoom, setHouseholdZoom] = useState(false)
  const latest = useRef(p)
  latest.current = p
  const style = useMemo(() => basemapStyle(p.basemap, p.tiandituKey, null), [p.basemap, p.tiandituKey])
  const firstStyle = useRef(style)

  useEffect(() => {
    if (!container.current) return
    const a = new MapAdapter({
      container: container.current,
      style: firstStyle.current,
      datum: latest.current.basemap.datum,
      view: { z: 10, lng: 111.04, lat: 21.82 },
      onViewChange: () => {},
      onZoom: (z) => setHouseholdZoom(z >= HOUSEHOLD_MIN_ZOOM),
      onSelect: (selection) => {
        if (selection?.kind === 'area') latest.current.onPick(selection.id)
      },
      onBasemapFailed: () => latest.current.onBasemapFailed?.(),
    })
    setAdapter(a)
    return () => a.destroy()
  }, [])

  useEffect(() => {
    if (!adapter) return
    if (style !== firstStyle.current) adapter.setStyle(style)
    adapter.setDatum(p.basemap.datum)
  }, [adapter, style, p.basemap.datum])

  const fitted = useRef<string | null>(null)
  useEffect(() => {
    if (!adapter || !p.bbox) return
    const key = p.bbox.join(',')
    if (fitted.current === key) return
    fitted.current = key
    adapter.fitBounds([...p.bbox])
  }, [adapter, p.bbox])

  useEffect(() => {
    if (!adapter) return
    const layer: AggregatesLayer = {
      type: 'aggregates',
      id: 'area-aggregates',
      points: p.points,
      version: p.version,
      discs: !householdZoom,
      pick: (i) => (p.points[i] ? { kind: 'area', id: p.points[i].code } : null),
    }
    adapter.setLayers([layer])
  }, [adapter, p.points, p.version, householdZoom])

  const colour = useMemo(() => firstCategoryColour(p.colours), [p.colours])
  useEffect(() => {
    if (adapter) showAreaHouseholds(adapter.map, p.tileUrl, colour)
  }, [adapter, p.tileUrl, colour])

  return <div ref={container} className="map" role="application" aria-label={p.label} data-testid="area-map" />
}
