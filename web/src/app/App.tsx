/** The page layout: top bar (village, search, settings), filters beside the map (a drawer on a phone), the card. */
import { useEffect, useState } from 'react'
import { useArea, useCategories, useHouseholds } from '../api/queries.ts'
import { useT } from '../i18n/index.ts'
import { patchUrlState, useUrlState } from '../state/url-store.ts'
import { areaLevelOfCode, facetQuery, isEmptyFilter } from '@cuntu/domain'
import { AreaView, openArea } from '../features/areas/AreaView.tsx'
import { Brand } from '../features/shell/Brand.tsx'
import { facetFilterOf, facetSearch, householdTileUrl } from '../features/areas/facet-filter.ts'
import { BASEMAPS } from '../features/basemaps/basemaps.ts'
import { FilterPanel } from '../features/filters/FilterPanel.tsx'
import { Legend } from '../features/filters/Legend.tsx'
import { GroupTally } from '../features/filters/GroupTally.tsx'
import { HouseholdsMap } from '../features/households/HouseholdsMap.tsx'
import { useVillageHouseholds } from '../features/households/useVillageHouseholds.ts'
import { HouseholdCard } from '../features/card/HouseholdCard.tsx'
import { SearchBox } from '../features/search/SearchBox.tsx'
import { SettingsPanel } from '../features/settings/SettingsPanel.tsx'
import { openPanel, togglePanel, usePanel } from './panels.ts'
import { StatusOverlay } from './StatusOverlay.tsx'
import { useVillageCode } from './useVillageCode.ts'
import type { SessionInfo } from '@cuntu/server/contract'
import { mayNameVillage, useSession } from '../features/auth/session.ts'
import { LoginForm } from '../features/auth/LoginForm.tsx'
import { AdminPanel, mayAdminister } from '../features/admin/AdminPanel.tsx'
import { ImportPanel } from '../features/import/ImportPanel.tsx'
import { useFeatureKinds, useVillageMaps } from '../features/draw/api.ts'
import { useDrawnLayers } from '../features/draw/useDrawnLayers.ts'
import { DrawPanel } from '../features/draw/DrawPanel.tsx'
import { DrawnLegend } from '../features/draw/DrawnLegend.tsx'
import { attachDrawing } from '../features/draw/attach.ts'
import { useSelection } from '../features/card/selection.ts'
import { useSpatialAnswer } from '../features/draw/spatial.ts'
import { PrintPanel } from '../features/print/PrintPanel.tsx'
import { ReopenedNotice } from '../features/print/ReopenedNotice.tsx'
import { BasemapFallbackNotice } from '../features/basemaps/BasemapFallbackNotice.tsx'
import { useSnapshotLink } from '../features/print/reopen.ts'
import { installPrintHook } from '../features/print/print-hook.ts'

/** Signed in → the map; otherwise the sign-in form. */
export function App() {
  const t = useT()
  const session = useSession()
  if (session.isPending) return <div className="overlay">{t('state.loading')}</div>
  if (session.isError)
    return (
      <div className="overlay error" role="alert">
        {session.error.message || t('state.networkError')}
        <button type="button" onClick={() => void session.refetch()}>
          {t('state.retry')}
        </button>
      </div>
    )
  if (!session.data) return <LoginForm />
  return <AreaOrVillage session={session.data} />
}

/** `?area=` above village level opens the area view; a village (or no area: a worker's own village) the village map. */
function AreaOrVillage({ session }: { session: SessionInfo }) {
  const url = useUrlState()
  const categories = useCategories()
  const above = url.area !== null && areaLevelOfCode(url.area) !== 'village'
  useEffect(() => {
    if (url.area && !above) patchUrlState({ village: url.area, area: null })
  }, [url.area, above])
  if (above) return categories.data ? <AreaView code={url.area!} categories={categories.data} /> : null
  return <MainView session={session} />
}

/**
 * From this many households a village is drawn from tiles first, while its list loads. A browser can lower it
 * (localStorage `cuntu.tilePreviewFrom`): the browser test sees the preview on the 400-household demo village.
 */
const TILE_PREVIEW_HOUSEHOLDS = Number(globalThis.localStorage?.getItem('cuntu.tilePreviewFrom')) || 2000
/** …and its list is asked for at the latest this long after its size is known (tiles that never come hold nothing back). */
const PREVIEW_WAIT_MS = 4000

function MainView({ session }: { session: SessionInfo }) {
  const t = useT()
  const url = useUrlState()
  const panel = usePanel()
  const village = useVillageCode()
  const mayName = mayNameVillage(session, village.code)
  const categories = useCategories()
  const area = useArea(village.code)
  // A large village is drawn from tiles first, and its list is asked for once they are on the map (or after
  // PREVIEW_WAIT_MS): the list of 100,000 households takes seconds to build, and would hold the tiles back.
  const large = !!area.data && area.data.households >= TILE_PREVIEW_HOUSEHOLDS
  const [previewShown, setPreviewShown] = useState<string | null>(null)
  useEffect(() => {
    if (!large || !village.code) return
    const code = village.code
    const timer = setTimeout(() => setPreviewShown(code), PREVIEW_WAIT_MS)
    return () => clearTimeout(timer)
  }, [large, village.code])
  const households = useHouseholds(village.code, url.names && mayName, !area.data || (large && previewShown !== village.code))
  const spatial = useSpatialAnswer(village.code, url.filters.spatial)
  const data = useVillageHouseholds(households.data, categories.data, url.filters, spatial.within)
  // The export narrows by the facets the server knows; a spatial question is answered here only, so it exports everything.
  const facets = facetFilterOf(url.filters)
  const exportFilter = !isEmptyFilter(facets) && data && !url.filters.spatial ? { query: facetQuery(facets), households: data.result.total.households } : null
  const kinds = useFeatureKinds()
  const maps = useVillageMaps(village.code)
  const selection = useSelection()
  const drawn = useDrawnLayers(maps.data, kinds.data, selection?.kind === 'feature' ? selection.id : null, data?.model.positions, url.basemap === 'sketch')

  useSnapshotLink(!!data)
  useEffect(
    () => (data && area.data && categories.data && village.code ? installPrintHook({ village: village.code, model: data.model, categories: categories.data, area: area.data, approval: '' }) : undefined),
    [data, area.data, categories.data, village.code],
  )

  useEffect(() => {
    document.documentElement.lang = url.lang
    document.title = area.data ? `${area.data.name} · ${t('app.title')}` : t('app.title')
  }, [url.lang, area.data, t])

  // A large village's households as tiles while its list is on its way (a 100,000-household village is a 40 MB list).
  const preview =
    !data && large && categories.data && village.code
      ? {
          tileUrl: householdTileUrl(village.code, facetSearch(url.filters), BASEMAPS[url.basemap].datum, true),
          colours: categories.data,
          onShown: () => setPreviewShown(village.code),
        }
      : null

  const error = village.error ?? categories.error ?? area.error ?? households.error
  const loading = !data && !error && !village.none
  const empty = village.none ? 'none' : data && data.model.count === 0 ? 'village' : data && data.result.total.households === 0 ? 'filter' : null

  return (
    <div className="app" data-panel={panel ?? 'none'}>
      <header className="topbar">
        <Brand>
          <div className="place">
            {area.data
              ? [
                  // Up to the township (or whatever is above): the breadcrumb of the area view.
                  ...area.data.path.slice(-1).map((p) => (
                    <button key={p.code} type="button" className="link" onClick={() => openArea(p.code)} data-testid="up-area">
                      {p.name}
                    </button>
                  )),
                  <span key="self">
                    <span className="sep"> · </span>
                    {area.data.name}
                  </span>,
                ]
              : '…'}
          </div>
        </Brand>
        {mayName ? <SearchBox village={village.code} /> : <div className="grow" />}
        <div className="tools">
          <span className="user only-wide" title={session.user.username}>
            {session.user.displayName}
          </span>
          <button type="button" className="only-phone" onClick={() => togglePanel('filters')} aria-expanded={panel === 'filters'} data-testid="open-filters">
            {t('filters.open')}
          </button>
          {mayAdminister(session) && (
            <button type="button" onClick={() => togglePanel('admin')} aria-expanded={panel === 'admin'} data-testid="open-admin">
              {t('admin.open')}
            </button>
          )}
          {session.abilities.editHouseholds && village.code && (
            <button type="button" onClick={() => togglePanel('import')} aria-expanded={panel === 'import'} data-testid="open-import">
              {t('import.open')}
            </button>
          )}
          {village.code && (
            <button type="button" onClick={() => togglePanel('draw')} aria-expanded={panel === 'draw'} data-testid="open-draw">
              {t('draw.open')}
            </button>
          )}
          {village.code && data && (
            <button type="button" onClick={() => togglePanel('print')} aria-expanded={panel === 'print'} data-testid="open-print">
              {t('print.open')}
            </button>
          )}
          <button type="button" onClick={() => togglePanel('settings')} aria-expanded={panel === 'settings'} data-testid="open-settings">
            {t('settings.open')}
          </button>
        </div>
      </header>

      <aside className="sidebar" aria-label={t('filters.title')} data-testid="sidebar">
        <button type="button" className="icon only-phone drawer-close" onClick={() => openPanel(null)} aria-label={t('filters.close')}>
          ×
        </button>
        {data && categories.data && (
          <>
            <Legend
              categories={categories.data}
              model={data.model}
              result={data.result}
              // On a phone the legend is in the filters drawer: close it so the card is seen.
              onOpenHousehold={() => panel === 'filters' && openPanel(null)}
            />
            {kinds.data && <DrawnLegend kinds={kinds.data} counts={drawn.counts} />}
            <FilterPanel categories={categories.data} model={data.model} result={data.result} />
            <GroupTally categories={categories.data} model={data.model} result={data.result} />
          </>
        )}
        <p className="confidential">{t('app.confidential')}</p>
      </aside>

      <main className="map-wrap">
        <HouseholdsMap area={area.data} village={data} preview={preview} names={url.names && mayName} below={drawn.layers} above={spatial.layers} sketch={drawn.sketch} onAdapter={attachDrawing} />
        {url.names && mayName && <div className="secret-mark">保密</div>}
        <StatusOverlay
          loading={loading}
          preview={!!preview}
          error={error}
          empty={empty}
          onRetry={() => {
            void categories.refetch()
            void area.refetch()
            void households.refetch()
          }}
        />
        {panel === 'draw' && village.code && maps.data && kinds.data && (
          <DrawPanel
            village={village.code} maps={maps.data} kinds={kinds.data} byId={drawn.byId} mayEdit={session.abilities.editHouseholds}
            onClose={() => openPanel(null)}
          />
        )}
        {panel === 'settings' && <SettingsPanel onClose={() => openPanel(null)} mayName={mayName} hasSketch={!!drawn.sketch} />}
        {panel === 'admin' && mayAdminister(session) && <AdminPanel session={session} onClose={() => openPanel(null)} />}
        <ReopenedNotice />
        <BasemapFallbackNotice />
        {panel === 'print' && village.code && data && categories.data && area.data && (
          <PrintPanel village={village.code} session={session} model={data.model} categories={categories.data} area={area.data} onClose={() => openPanel(null)} />
        )}
        {panel === 'import' && session.abilities.editHouseholds && village.code && (
          <ImportPanel village={village.code} session={session} onClose={() => openPanel(null)} filter={exportFilter} />
        )}
      </main>

      {categories.data && <HouseholdCard categories={categories.data} area={area.data} />}
    </div>
  )
}
