/**
 * Everything a bookmarked or shared link restores: the village, the filters,
 * the basemap, name labels, language and the map view. Pure parse/serialise
 * so a round trip is tested without a browser.
 */
import { HOUSEHOLD_STATUSES, DISABILITY_TYPE_CODES, type HouseholdStatus, type DisabilityType } from '@cuntu/domain'
import type { Wgs84View } from '../map/view.ts'

// Age and grade bands are the domain's facet definitions (domain/src/facets.ts), spelled here as the URL spells them.
import { AGE_BANDS, GRADE_BANDS, type AgeBand, type GradeBand } from '@cuntu/domain'
export { AGE_BANDS, GRADE_BANDS, type AgeBand, type GradeBand }
/** The URL spells age bands as the age threshold a worker would say: under 18, 60+, 80+. */
const AGE_PARAM: Record<AgeBand, string> = { minor: '18', senior: '60', aged80: '80' }


/** `sketch`: the village's own drawn base sketch (村庄底图), offline. */
export const BASEMAP_IDS = ['offline', 'sketch', 'osm', 'tianditu-vec', 'tianditu-img', 'amap'] as const
export type BasemapId = (typeof BASEMAP_IDS)[number]

export const LANGS = ['zh-CN', 'en'] as const
export type Lang = (typeof LANGS)[number]

/** `none` = households without a village group (the Excel map's 00). */
export type GroupFilter = number | 'none'

/**
 * A spatial question as a filter facet, answered by the server (PostGIS, metres):
 * households within `metres` of a drawn feature, or further than `metres` from every feature of a kind.
 */
export type SpatialFacet = { type: 'near'; feature: string; metres: number } | { type: 'far'; kind: string; metres: number }

export interface Filters {
  /** Absent when not asked; in the URL as `near=<feature id>&m=300` or `far=<kind>&m=500`. */
  spatial?: SpatialFacet
  cats: string[]
  match: 'any' | 'all'
  group: GroupFilter | null
  status: HouseholdStatus | null
  age: AgeBand | null
  dis: DisabilityType | null
  grade: GradeBand | null
  year: number | null
}

export interface UrlState {
  village: string | null
  /** Any area the user may see (township, county …): its map of child areas. A village here opens the village map. */
  area: string | null
  filters: Filters
  names: boolean
  basemap: BasemapId
  lang: Lang
  view: Wgs84View | null
}

export const EMPTY_FILTERS: Filters = { cats: [], match: 'any', group: null, status: null, age: null, dis: null, grade: null, year: null }

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => (v !== null && (list as readonly string[]).includes(v) ? (v as T) : null)
const intIn = (v: string | null, lo: number, hi: number): number | null => {
  if (v === null || !/^\d+$/.test(v)) return null
  const n = Number(v)
  return n >= lo && n <= hi ? n : null
}
const num = (v: string | null): number | null => (v === null || v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v))

export function parseUrlState(search: string): UrlState {
  const p = new URLSearchParams(search)
  const village = p.get('village')
  const area = p.get('area')
  const cats = (p.get('cats') ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => /^[a-z][a-z0-9_]{1,39}$/.test(c))
  const groupRaw = p.get('group')
  const ageRaw = p.get('age')
  const age = (Object.entries(AGE_PARAM) as [AgeBand, string][]).find(([, v]) => v === ageRaw)?.[0] ?? null
  const z = num(p.get('z'))
  const lng = num(p.get('lng'))
  const lat = num(p.get('lat'))
  const metres = intIn(p.get('m'), 1, 5000)
  const nearRaw = p.get('near')
  const farRaw = p.get('far')
  const spatial: SpatialFacet | null =
    metres === null
      ? null
      : nearRaw && /^[0-9a-f-]{36}$/i.test(nearRaw)
        ? { type: 'near', feature: nearRaw.toLowerCase(), metres }
        : farRaw && /^[a-z][a-z0-9_]{1,39}$/.test(farRaw)
          ? { type: 'far', kind: farRaw, metres }
          : null
  const view =
    z !== null && lng !== null && lat !== null && z >= 0 && z <= 24 && Math.abs(lng) <= 180 && Math.abs(lat) <= 85 ? { z, lng, lat } : null
  return {
    village: village && /^\d{12}$/.test(village) ? village : null,
    area: area && /^\d{12}$/.test(area) ? area : null,
    filters: {
      cats: [...new Set(cats)],
      match: p.get('match') === 'all' ? 'all' : 'any',
      group: groupRaw === 'none' ? 'none' : intIn(groupRaw, 0, 999),
      status: oneOf(HOUSEHOLD_STATUSES, p.get('status')),
      age,
      dis: oneOf(DISABILITY_TYPE_CODES, p.get('dis')),
      grade: oneOf(GRADE_BANDS, p.get('grade')),
      year: intIn(p.get('year'), 1990, 2100),
      ...(spatial && { spatial }),
    },
    names: p.get('names') === '1',
    basemap: oneOf(BASEMAP_IDS, p.get('basemap')) ?? 'offline',
    lang: oneOf(LANGS, p.get('lang')) ?? 'zh-CN',
    view,
  }
}

/** Defaults are left out so a plain link stays short. Coordinates to 6 decimals (~0.1 m), zoom to 2. */
export function serializeUrlState(s: UrlState): string {
  const p = new URLSearchParams()
  if (s.area) p.set('area', s.area)
  if (s.village) p.set('village', s.village)
  const f = s.filters
  if (f.cats.length) p.set('cats', f.cats.join(','))
  if (f.match === 'all') p.set('match', 'all')
  if (f.group !== null) p.set('group', String(f.group))
  if (f.status) p.set('status', f.status)
  if (f.age) p.set('age', AGE_PARAM[f.age])
  if (f.dis) p.set('dis', f.dis)
  if (f.grade) p.set('grade', f.grade)
  if (f.year !== null) p.set('year', String(f.year))
  if (f.spatial) {
    if (f.spatial.type === 'near') p.set('near', f.spatial.feature)
    else p.set('far', f.spatial.kind)
    p.set('m', String(f.spatial.metres))
  }
  if (s.names) p.set('names', '1')
  if (s.basemap !== 'offline') p.set('basemap', s.basemap)
  if (s.lang !== 'zh-CN') p.set('lang', s.lang)
  if (s.view) {
    p.set('z', s.view.z.toFixed(2))
    p.set('lng', s.view.lng.toFixed(6))
    p.set('lat', s.view.lat.toFixed(6))
  }
  // URLSearchParams encodes commas; they are safe in a query and easier to read in a shared link.
  const text = p.toString().replace(/%2C/g, ',')
  return text ? `?${text}` : ''
}
