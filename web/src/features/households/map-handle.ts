/**
 * The visible map, for features that need its extent or want to move it (the
 * print panel's "current view", reopening a saved snapshot) without reaching
 * into the map engine. WGS84 in and out: the adapter shifts to the basemap's datum at its edge.
 */
import type { MapAdapter } from '../../map/adapter.ts'

let current: MapAdapter | null = null

export function setMapHandle(adapter: MapAdapter | null): void {
  current = adapter
}

/** [west, south, east, north], WGS84 degrees, of what the map shows now; null before the map exists. */
export function visibleBbox(): [number, number, number, number] | null {
  return current ? current.bounds() : null
}

/** Show a WGS84 [west, south, east, north] box, instantly. */
export function showBbox(bbox: [number, number, number, number]): void {
  current?.fitBounds(bbox)
}
