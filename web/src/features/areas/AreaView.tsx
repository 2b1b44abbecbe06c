/**
 * Any area above the village (township, county, city …): breadcrumbs and an
 * area picker over the user's scope, the child areas on a map as discs sized
 * by the filter's counts, and the same numbers in a table (the Excel tally per
 * village, per township …). Category ticks change the counts in place; a
 * click on a disc or a row drills down, into the village map at the bottom.
 */
import { useMemo } from 'react'
import { areaLevelOfCode } from '@cuntu/domain'
import type { Category } from '@cuntu/server/contract'
import { useArea, useAreaTree } from '../../api/queries.ts'
import { useT } from '../../i18n/index.ts'
import { SignOut } from '../auth/SignOut.tsx'
import { useSession } from '../auth/session.ts'
import { Brand } from '../shell/Brand.tsx'
import { patchUrlState, setFilters, useUrlState } from '../../state/url-store.ts'
import { AreaMap } from '../../map/AreaMap.tsx'
import { basemapFailed } from '../basemaps/fallback.ts'
import { BasemapFallbackNotice } from '../basemaps/BasemapFallbackNotice.tsx'
import { BASEMAPS } from '../basemaps/basemaps.ts'
import { useTiandituKey } from '../settings/tianditu-key.ts'
import { flattenTree } from './area-tree.ts'
import { useAreaStats } from './useAreaStats.ts'
import { facetSearch, householdTileUrl } from './facet-filter.ts'

/** Open an area: a village opens the village map; anything above it this view. */
export function openArea(code: string): void {
  if (areaLevelOfCode(code) === 'village') patchUrlState({ area: null, village: code, view: null })
  else patchUrlState({ area: code, view: null })
}

export function AreaView({ code, categories }: { code: string; categories: Category[] }) {
  const t = useT()
  const url = useUrlState()
  const session = useSession()
  const tree = useAreaTree()
  const area = useArea(code)
  const stats = useAreaStats(code, url.filters)
  const key = useTiandituKey()
  const basemap = BASEMAPS[url.basemap]
  const rows = useMemo(() => (tree.data ? flattenTree(tree.data) : []), [tree.data])
  const shown = categories.filter((c) => url.filters.cats.length === 0 || url.filters.cats.includes(c.code))

  const points = useMemo(
    () =>
      (stats.data?.children ?? [])
        .filter((c) => c.centre)
        .map((c) => ({ code: c.code, name: c.name, households: c.households, position: c.centre! })),
    [stats.data],
  )
  const bbox = area.data?.bbox ?? null

  return (
    <div className="app area-view" data-testid="area-view">
      <header className="topbar">
        <Brand>
      <nav className="place breadcrumbs" aria-label={t('areas.picker')} data-testid="breadcrumbs">
          {(area.data?.path ?? []).map((p) => (
            <span key={p.code}>
              <button type="button" className="link" onClick={() => openArea(p.code)}>
                {p.name}
              </button>
              {' › '}
            </span>
          ))}
          <strong>{area.data?.name ?? '…'}</strong>
        </nav>
        </Brand>
        <label className="grow">
          <span className="sr-only">{t('areas.picker')}</span>
          <select value={code} onChange={(e) => openArea(e.target.value)} data-testid="area-picker" aria-label={t('areas.picker')}>
            {rows.map((r) => (
              <option key={r.code} value={r.code}>
                {'\u3000'.repeat(r.depth)}
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <div className="tools">
          {session.data && (
            <span className="user only-wide" title={session.data.user.username}>
              {session.data.user.displayName}
            </span>
          )}
          <SignOut />
        </div>
      </header>

      <aside className="sidebar" aria-label={t('filters.title')}>
        <fieldset>
          <legend>{t('filters.categories')}</legend>
          {categories.map((c) => (
            <label key={c.code} className="check">
              <input
                type="checkbox"
                checked={url.filters.cats.includes(c.code)}
                onChange={(e) =>
                  setFilters((f) => ({ ...f, cats: e.target.checked ? [...f.cats, c.code] : f.cats.filter((x) => x !== c.code) }))
                }
                data-testid={`area-cat-${c.code}`}
              />
              <span className="swatch" style={{ background: c.colour }} />
              {url.lang === 'en' ? c.labelEn : c.labelZh}
              <span className="count" data-testid={`area-count-${c.code}`}>
                {stats.data?.byCategory[c.code] ?? 0}
              </span>
            </label>
          ))}
        </fieldset>
        <p data-testid="area-total">{stats.data ? t('areas.households', { n: stats.data.households }) : '…'}</p>
        <p className="confidential">{t('app.confidential')}</p>
      </aside>

      <main className="map-wrap">
        <AreaMap
          basemap={basemap}
          tiandituKey={key}
          bbox={bbox}
          points={points}
          version={`${stats.data?.version ?? 0}:${stats.data?.households ?? 0}:${url.filters.cats.join(',')}`}
          onPick={openArea}
          label={t('areas.map')}
          tileUrl={householdTileUrl(code, facetSearch(url.filters), basemap.datum)}
          colours={categories}
          onBasemapFailed={() => basemapFailed(basemap.id)}
        />
        <BasemapFallbackNotice />
        <section className="area-table" aria-label={t('areas.table')}>
          <table data-testid="area-table">
            <thead>
              <tr>
                <th>{t('areas.name')}</th>
                <th>{t('areas.householdsCol')}</th>
                <th>{t('areas.peopleCol')}</th>
                {shown.map((c) => (
                  <th key={c.code}>{url.lang === 'en' ? c.labelEn : c.labelZh}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(stats.data?.children ?? []).map((c) => (
                <tr key={c.code} data-testid={`area-row-${c.code}`}>
                  <td>
                    <button type="button" className="link" onClick={() => openArea(c.code)}>
                      {c.name}
                    </button>
                  </td>
                  <td data-testid="households">{c.households}</td>
                  <td>{c.members}</td>
                  {shown.map((k) => (
                    <td key={k.code}>{c.byCategory[k.code] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
            {stats.data && (
              <tfoot>
                <tr>
                  <th>{t('areas.total')}</th>
                  <th>{stats.data.households}</th>
                  <th>{stats.data.members}</th>
                  {shown.map((k) => (
                    <th key={k.code}>{stats.data.byCategory[k.code] ?? 0}</th>
                  ))}
                </tr>
              </tfoot>
            )}
          </table>
        </section>
      </main>
    </div>
  )
}

/**
 * The area's household tiles with the filter, cut in the basemap's datum: a vector tile cannot be shifted
 * in the browser as GeoJSON is, so on 高德 (GCJ-02) the server places each household where that basemap draws it.
 */
