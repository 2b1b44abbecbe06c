/** What the map shows, with counts for the households on it now (each household once per category). */
import type { Category } from '@cuntu/server/contract'
import { categoryLabel, useLang, useT } from '../../i18n/index.ts'
import type { FilterResult } from '../households/filter.ts'
import { GlyphIcon } from '../households/GlyphIcon.tsx'
import type { HouseholdModel } from '../households/model.ts'
import { UnplacedList } from './UnplacedList.tsx'

export interface LegendProps {
  categories: Category[]
  model: HouseholdModel
  result: FilterResult
  /** A household was opened from the list of those not yet placed. */
  onOpenHousehold?: () => void
}

export function Legend({ categories, model, result, onOpenHousehold }: LegendProps) {
  const t = useT()
  const lang = useLang()
  const shown = categories.filter((c) => (result.total.byCategory[c.code] ?? 0) > 0)
  const sample = shown.slice(0, 3).map((c) => c.colour)
  return (
    <section className="legend" aria-labelledby="legend-title" data-testid="legend">
      <h2 id="legend-title">{t('legend.title')}</h2>
      <ul>
        {shown.map((c) => (
          <li key={c.code} data-testid={`legend-${c.code}`}>
            <GlyphIcon spec={{ status: 'active', colours: [c.colour] }} size={18} />
            <span className="grow">{categoryLabel(c, lang)}</span>
            <span className="count" data-testid={`legend-count-${c.code}`}>
              {result.total.byCategory[c.code]}
            </span>
          </li>
        ))}
        <li>
          <GlyphIcon spec={{ status: 'active', colours: [] }} size={18} />
          <span className="grow">{t('legend.none')}</span>
          <span className="count">{result.noCategory}</span>
        </li>
        {sample.length > 1 && (
          <li>
            <GlyphIcon spec={{ status: 'active', colours: sample }} size={18} />
            <span className="grow muted">{t('legend.multi')}</span>
          </li>
        )}
        <li>
          <GlyphIcon spec={{ status: 'moved_out', colours: sample.slice(0, 1) }} size={18} />
          <span className="grow">{t('legend.movedOut')}</span>
          <span className="count">{result.byStatus.moved_out ?? 0}</span>
        </li>
        <li>
          <GlyphIcon spec={{ status: 'unlinked', colours: [] }} size={18} />
          <span className="grow">{t('legend.unlinked')}</span>
          <span className="count">{result.byStatus.unlinked ?? 0}</span>
        </li>
      </ul>
      <UnplacedList model={model} result={result} onOpen={onOpenHousehold} />
    </section>
  )
}
