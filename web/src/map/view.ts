/**
 * The map's view, defined once: what the URL keeps, the households map starts
 * from and the adapter reports. No map engine here, so state and features can
 * import it.
 */

/** A map view in WGS84, whatever the basemap's datum: the adapter shifts at its edge. */
export interface Wgs84View {
  /** Web-Mercator zoom (MapLibre's: a 512 CSS-pixel world at zoom 0). */
  z: number
  /** Centre, WGS84 degrees east. */
  lng: number
  /** Centre, WGS84 degrees north. */
  lat: number
}
