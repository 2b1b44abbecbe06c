/**
 * One click from a feature: its length and area, "households within N m of
 * this", and "households further than N m from every <kind>". Asking sets the
 * spatial facet of the filter (in the URL), so the map, legend and tally narrow.
 */
import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import type { DrawnFeature, FeatureKind } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import { useLang, useT } from '../../i18n/index.ts'
import { setFilters, useUrlState } from '../../state/url-store.ts'

export function SpatialQuestion({ feature, kinds }: { feature: DrawnFeature; kinds: FeatureKind[] }) {
  const t = useT()
  const lang = useLang()
  const url = useUrlState()
  const [metres, setMetres] = useState(url.filters.spatial?.metres ?? 300)
  const measure = useQuery({
    queryKey: ['measure', feature.id, feature.version],
    queryFn: () => api<{ lengthM: number; areaM2: number; perimeterM: number }>(`/api/features/${feature.id}/measure`),
  })
  const active = url.filters.spatial
  const kind = kinds.find((k) => k.code === feature.kind)
  const m = Math.max(1, Math.min(5000, Math.round(metres) || 300))
  return (
    <div className="draw-spatial" data-testid="spatial-question">
      {measure.data && feature.geometry.type !== 'Point' && (
        <p className="muted small" data-testid="measure">
          {feature.geometry.type === 'LineString'
            ? t('draw.length', { m: Math.round(measure.data.lengthM) })
            : t('draw.area', { m2: Math.round(measure.data.areaM2), m: Math.round(measure.data.perimeterM) })}
        </p>
      )}
      <label className="draw-row small">
        {t('draw.distance')}
        <input type="number" min={1} max={5000} step={50} value={metres} onChange={(e) => setMetres(Number(e.target.value))} data-testid="spatial-metres" />
      </label>
      <div className="draw-row">
        <button type="button" data-testid="ask-near" onClick={() => setFilters((f) => ({ ...f, spatial: { type: 'near', feature: feature.id, metres: m } }))}>
          {t('draw.askNear', { m })}
        </button>
        {kind && (
          <button type="button" data-testid="ask-far" onClick={() => setFilters((f) => ({ ...f, spatial: { type: 'far', kind: kind.code, metres: m } }))}>
            {t('draw.askFar', { m, kind: lang === 'zh-CN' ? kind.labelZh : kind.labelEn })}
          </button>
        )}
        {active && (
          <button type="button" data-testid="clear-spatial" onClick={() => setFilters(({ spatial: _, ...f }) => f)}>
            {t('draw.clearSpatial')}
          </button>
        )}
      </div>
    </div>
  )
}
