/** The drawn kinds on the map with their counts, beside the household categories' legend. */
import type { FeatureKind } from '@cuntu/server/contract'
import { useLang, useT } from '../../i18n/index.ts'

export function DrawnLegend({ kinds, counts }: { kinds: FeatureKind[]; counts: Map<string, number> }) {
  const t = useT()
  const lang = useLang()
  const shown = kinds.filter((k) => (counts.get(k.code) ?? 0) > 0)
  if (shown.length === 0) return null
  return (
    <section className="draw-legend legend" aria-label={t('draw.legend')} data-testid="drawn-legend">
      <h2>{t('draw.legend')}</h2>
      <ul>
        {shown.map((k) => (
          <li key={k.code} data-kind={k.code}>
            <span className="draw-badge" style={{ background: k.colour }} aria-hidden="true">
              {k.icon}
            </span>
            <span className="grow">{lang === 'zh-CN' ? k.labelZh : k.labelEn}</span>
            <span className="count" data-testid="drawn-count">
              {counts.get(k.code)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  )
}
