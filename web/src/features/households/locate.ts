/**
 * Placing a household on the map (a worker at the door, or at the station
 * with the map): which household is being placed, how, and the position
 * chosen so far. Its own store: the card drives it, the map reads it (a tap
 * sets the position, a preview marker shows it). Positions are WGS84
 * [lng, lat] degrees: the map hands taps back in WGS84, and the phone's
 * geolocation is WGS84 already.
 */
import type { Polygon } from 'geojson'
import { createStore, useStore } from '../../state/store.ts'

export interface Placing {
  householdId: string
  /** 'tap': the next map tap sets the position; 'gps': the phone's position fix. */
  via: 'tap' | 'gps'
  /** The chosen position, WGS84 [lng, lat]; null until tapped or fixed. */
  at: [number, number] | null
  /** The fix's accuracy radius in metres (GPS only). */
  accuracy: number | null
  /** GPS: waiting for the phone's fix. */
  locating: boolean
  /** GPS: why the last attempt gave no fix. */
  failure: GeoFailure | null
}

export const placingStore = createStore<Placing | null>(null)
export const usePlacing = () => useStore(placingStore)

/** Start (or restart) placing: by tap, or asking the phone for a fix (the position so far is kept until a new one). */
export function startPlacing(householdId: string, via: Placing['via']): void {
  placingStore.set((p) => ({
    householdId,
    via,
    at: p?.householdId === householdId && p.via === via ? p.at : null,
    accuracy: p?.householdId === householdId && p.via === via ? p.accuracy : null,
    locating: via === 'gps',
    failure: null,
  }))
}

/** A map tap while placing by tap: the position (WGS84 [lng, lat]). Ignored otherwise. */
export function tapPosition(lngLat: [number, number]): void {
  placingStore.set((p) => (p && p.via === 'tap' ? { ...p, at: lngLat } : p))
}

const gpsOf = (householdId: string, p: Placing | null) => p !== null && p.householdId === householdId && p.via === 'gps'

/** The phone's fix for `householdId` arrived (ignored if placing stopped or changed meanwhile). */
export function fixPosition(householdId: string, lngLat: [number, number], accuracy: number): void {
  placingStore.set((p) => (gpsOf(householdId, p) ? { ...p!, at: lngLat, accuracy, locating: false, failure: null } : p))
}

export function failPosition(householdId: string, failure: GeoFailure): void {
  placingStore.set((p) => (gpsOf(householdId, p) ? { ...p!, locating: false, failure } : p))
}

/** Stop placing `householdId` (or whatever is being placed, with no id). */
export function stopPlacing(householdId?: string): void {
  placingStore.set((p) => (p && (householdId === undefined || p.householdId === householdId) ? null : p))
}

/** A WGS84 [lng, lat] as the stored GeoJSON point. */
export const pointAt = (lngLat: [number, number]): { type: 'Point'; coordinates: [number, number] } => ({ type: 'Point', coordinates: [lngLat[0], lngLat[1]] })

/**
 * A fix's accuracy radius (metres) rounded as a worker reads it: to the metre
 * under 10 m, to 5 m under 100 m, to 10 m under 1 km, to 100 m beyond; never 0.
 */
export function roundAccuracy(metres: number): number {
  if (!Number.isFinite(metres) || metres < 0) return Number.NaN
  const step = metres < 10 ? 1 : metres < 100 ? 5 : metres < 1000 ? 10 : 100
  return Math.max(1, Math.round(metres / step) * step)
}

/** Beyond this radius (metres) a fix may land on the neighbour's house: the card says so. */
export const POOR_ACCURACY_M = 30

export type GeoFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported'

/** A GeolocationPositionError's code (1 denied, 2 unavailable, 3 timeout) as what the card explains. */
export function geoFailure(code: number): GeoFailure {
  return code === 1 ? 'denied' : code === 3 ? 'timeout' : 'unavailable'
}

/** How long to wait for a fix (ms): a phone outdoors needs a few seconds, indoors longer. */
export const GEO_TIMEOUT_MS = 20_000

/** One high-accuracy fix, fresh (no cached position): WGS84 [lng, lat] and the accuracy radius in metres. */
export function locateOnce(geo: Geolocation | undefined = globalThis.navigator?.geolocation): Promise<{ lngLat: [number, number]; accuracy: number }> {
  return new Promise((resolve, reject) => {
    // Browsers offer geolocation only on https (or localhost): a station server on plain http has none.
    if (!geo || (typeof window !== 'undefined' && !window.isSecureContext)) return reject(new GeoError('unsupported'))
    geo.getCurrentPosition(
      (p) => resolve({ lngLat: [p.coords.longitude, p.coords.latitude], accuracy: p.coords.accuracy }),
      (e) => reject(new GeoError(geoFailure(e.code))),
      { enableHighAccuracy: true, timeout: GEO_TIMEOUT_MS, maximumAge: 0 },
    )
  })
}

export class GeoError extends Error {
  constructor(readonly failure: GeoFailure) {
    super(failure)
  }
}

/**
 * A circle of `radius` metres around a WGS84 [lng, lat], as a polygon of
 * `steps` vertices (the GPS accuracy drawn on the map). Local flat-earth
 * approximation: exact enough for tens of metres.
 */
export function circleAround(centre: [number, number], radius: number, steps = 48): Polygon {
  const [lng, lat] = centre
  const dLat = radius / 110_540
  const dLng = radius / (111_320 * Math.cos((lat * Math.PI) / 180))
  const ring: [number, number][] = []
  for (let i = 0; i < steps; i++) {
    const a = (i / steps) * 2 * Math.PI
    ring.push([lng + dLng * Math.cos(a), lat + dLat * Math.sin(a)])
  }
  ring.push(ring[0]!)
  return { type: 'Polygon', coordinates: [ring] }
}
