/**
 * The visible map, for features that need its extent or want to move it (the
 * print panel's "current view", reopening a saved snapshot) without reaching
 * into the map engine. WGS84 in and out, whatever the basemap's datum.
 */
import type { MapAdapter } from '../../map/adapter.ts'
import type { Datum } from '../basemaps/basemaps.ts'
import { fromDatum, toDatum } from '../basemaps/datum.ts'

let current: { adapter: MapAdapter; datum: Datum } | null = null

export function setMapHandle(adapter: MapAdapter | null, datum: Datum): void {
  current = adapter ? { adapter, datum } : null
}

/** [west, south, east, north], WGS84 degrees, of what the map shows now; null before the map exists. */
export function visibleBbox(): [number, number, number, number] | null {
  if (!current) return null
  const [w, s, e, n] = current.adapter.bounds()
  const [w2, s2] = fromDatum([w, s], current.datum)
  const [e2, n2] = fromDatum([e, n], current.datum)
  return [w2, s2, e2, n2]
}

/** Show a WGS84 [west, south, east, north] box, instantly. */
export function showBbox(bbox: [number, number, number, number]): void {
  if (!current) return
  const [w, s] = toDatum([bbox[0], bbox[1]], current.datum)
  const [e, n] = toDatum([bbox[2], bbox[3]], current.datum)
  current.adapter.fitBounds([w, s, e, n])
}
