/**
 * The per-group tally the Excel map kept by hand: group → households, and per category, for the current filter.
 * Short text heads (the full label as a tooltip) over a thin bar in the category's colour; the table scrolls
 * sideways with the group column kept in place, so a phone shows every column.
 */
import { categoryShortLabel } from '@cuntu/domain'
import type { Category } from '@cuntu/server/contract'
import { categoryLabel, useLang, useT } from '../../i18n/index.ts'
import { groupKey, type FilterResult } from '../households/filter.ts'
import type { HouseholdModel } from '../households/model.ts'
import { groupName } from './group-name.ts'

export function GroupTally({ categories, model, result }: { categories: Category[]; model: HouseholdModel; result: FilterResult }) {
  const t = useT()
  const lang = useLang()
  const cols = categories.filter((c) => (result.total.byCategory[c.code] ?? 0) > 0)
  const rows = model.groups.filter((g) => result.byGroup[groupKey(g)])
  return (
    <section className="tally" aria-labelledby="tally-title">
      <h2 id="tally-title">{t('tally.title')}</h2>
      <div className="table-scroll" data-testid="group-tally-scroll" tabIndex={0} role="region" aria-labelledby="tally-title">
        <table data-testid="group-tally">
          <thead>
            <tr>
              <th scope="col">{t('tally.group')}</th>
              <th scope="col">{t('tally.households')}</th>
              {cols.map((c) => (
                <th key={c.code} scope="col" title={categoryLabel(c, lang)} data-code={c.code} style={{ borderBottomColor: c.colour }}>
                  {categoryShortLabel(c, lang)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((g) => {
              const r = result.byGroup[groupKey(g)]!
              return (
                <tr key={g}>
                  <th scope="row">{groupName(g, t)}</th>
                  <td>{r.households}</td>
                  {cols.map((c) => (
                    <td key={c.code}>{r.byCategory[c.code] ?? ''}</td>
                  ))}
                </tr>
              )
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('tally.total')}</th>
              <td>{result.total.households}</td>
              {cols.map((c) => (
                <td key={c.code}>{result.total.byCategory[c.code]}</td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  )
}
