/** The filters, each option with its live count (what choosing it would show). Writes to the URL. */
import { DISABILITY_TYPE_CODES, HOUSEHOLD_STATUSES } from '@cuntu/domain'
import type { Category } from '@cuntu/server/contract'
import { categoryLabel, disabilityLabel, useLang, useT } from '../../i18n/index.ts'
import { setFilters, useUrlState } from '../../state/url-store.ts'
import { AGE_BANDS, EMPTY_FILTERS, GRADE_BANDS, type Filters } from '../../state/url-state.ts'
import type { FilterResult } from '../households/filter.ts'
import type { HouseholdModel } from '../households/model.ts'
import { GlyphIcon } from '../households/GlyphIcon.tsx'
import { groupName } from './group-name.ts'

interface Props {
  categories: Category[]
  model: HouseholdModel
  result: FilterResult
}

export function FilterPanel({ categories, model, result }: Props) {
  const t = useT()
  const lang = useLang()
  const { filters } = useUrlState()
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }))
  const toggleCat = (code: string) =>
    setFilters((f) => ({ ...f, cats: f.cats.includes(code) ? f.cats.filter((c) => c !== code) : [...f.cats, code] }))
  const n = (v: number | undefined) => `（${v ?? 0}）`
  const active = JSON.stringify(filters) !== JSON.stringify(EMPTY_FILTERS)

  return (
    <div className="filters">
      <div className="panel-head">
        <h2>{t('filters.title')}</h2>
        <span className="muted" data-testid="shown-count">
          {t('filters.shown', { n: result.total.households, total: model.count })}
        </span>
        {active && (
          <button type="button" className="link" onClick={() => setFilters(() => EMPTY_FILTERS)}>
            {t('filters.clear')}
          </button>
        )}
      </div>

      <fieldset>
        <legend>{t('filters.categories')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('filters.match')}>
          {(['any', 'all'] as const).map((m) => (
            <label key={m} className={filters.match === m ? 'on' : ''}>
              <input type="radio" name="match" checked={filters.match === m} onChange={() => set({ match: m })} />
              {t(m === 'any' ? 'filters.matchAny' : 'filters.matchAll')}
            </label>
          ))}
        </div>
        <ul className="cat-list">
          {categories.map((c) => (
            <li key={c.code}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={filters.cats.includes(c.code)}
                  onChange={() => toggleCat(c.code)}
                  data-testid={`filter-cat-${c.code}`}
                />
                <GlyphIcon spec={{ status: 'active', colours: [c.colour] }} size={16} />
                <span className="grow">{categoryLabel(c, lang)}</span>
                <span className="count" data-testid={`option-count-${c.code}`}>
                  {result.options.categories[c.code] ?? 0}
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>

      <div className="filter-grid">
        <label>
          <span>{t('filters.group')}</span>
          <select
            value={filters.group === null ? '' : String(filters.group)}
            onChange={(e) => set({ group: e.target.value === '' ? null : e.target.value === 'none' ? 'none' : Number(e.target.value) })}
            data-testid="filter-group"
          >
            <option value="">{t('filters.allGroups')}</option>
            {model.groups.map((g) => {
              const k = g < 0 ? 'none' : String(g)
              return (
                <option key={k} value={k}>
                  {groupName(g, t)}
                  {n(result.options.groups[k])}
                </option>
              )
            })}
          </select>
        </label>
        <label>
          <span>{t('filters.status')}</span>
          <select value={filters.status ?? ''} onChange={(e) => set({ status: (e.target.value || null) as Filters['status'] })}>
            <option value="">{t('filters.allStatus')}</option>
            {HOUSEHOLD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
                {n(result.options.status[s])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('filters.age')}</span>
          <select value={filters.age ?? ''} onChange={(e) => set({ age: (e.target.value || null) as Filters['age'] })}>
            <option value="">{t('filters.anyAge')}</option>
            {AGE_BANDS.map((a) => (
              <option key={a} value={a}>
                {t(`age.${a}`)}
                {n(result.options.age[a])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('filters.disability')}</span>
          <select value={filters.dis ?? ''} onChange={(e) => set({ dis: (e.target.value || null) as Filters['dis'] })}>
            <option value="">{t('filters.anyDisability')}</option>
            {DISABILITY_TYPE_CODES.map((d) => (
              <option key={d} value={d}>
                {disabilityLabel(d, lang)}
                {n(result.options.dis[d])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('filters.grade')}</span>
          <select value={filters.grade ?? ''} onChange={(e) => set({ grade: (e.target.value || null) as Filters['grade'] })}>
            <option value="">{t('filters.anyGrade')}</option>
            {GRADE_BANDS.map((g) => (
              <option key={g} value={g}>
                {t(g === '12' ? 'filters.grade12' : 'filters.grade34')}
                {n(result.options.grade[g])}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('filters.year')}</span>
          <select value={filters.year ?? ''} onChange={(e) => set({ year: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{t('filters.anyYear')}</option>
            {model.years.map((y) => (
              <option key={y} value={y}>
                {y}
                {n(result.options.year[String(y)])}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  )
}
