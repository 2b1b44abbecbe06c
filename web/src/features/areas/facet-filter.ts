/**
 * The URL's filters in the API's terms (domain/src/facets.ts): the one query
 * string that tiles, area stats and household lists take, canonical so that
 * equal filters share the browser's and the server's caches.
 */
import { facetQuery, type FacetFilter } from '@cuntu/domain'
import type { Filters } from '../../state/url-state.ts'
import type { Datum } from '../basemaps/basemaps.ts'

export function facetFilterOf(f: Filters): FacetFilter {
  return {
    categories: f.cats,
    match: f.match,
    ...(typeof f.group === 'number' ? { group: f.group } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.year !== null ? { year: f.year } : {}),
    ...(f.age ? { age: f.age } : {}),
    ...(f.dis ? { dis: f.dis } : {}),
    ...(f.grade ? { grade: f.grade } : {}),
  }
}

/** `?…` for an API URL, or '' for no filter. */
export function facetSearch(f: Filters): string {
  const q = facetQuery(facetFilterOf(f))
  return q ? `?${q}` : ''
}

/**
 * An area's tiles (households from z13, child areas below), under the filter, cut for the basemap's datum;
 * `preview`: positions and categories only, on a coarse grid (a large village while its list loads).
 */
export function householdTileUrl(code: string, search: string, datum: Datum, preview = false, origin = window.location.origin): string {
  const extra = [...(datum === 'gcj02' ? ['datum=gcj02'] : []), ...(preview ? ['detail=preview'] : [])].join('&')
  const query = search && extra ? `${search}&${extra}` : search || (extra ? `?${extra}` : '')
  return `${origin}/api/areas/${code}/tiles/{z}/{x}/{y}.mvt${query}`
}
