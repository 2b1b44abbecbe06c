/**
 * "另有 N 户尚未定位" as a list that opens: each household not yet on the map
 * (户号, the head's name where names are shown, the group), opening its card
 * where it can be placed. Names come from the map's own download, which holds
 * them only when the role may see them and the worker turned names on.
 */
import type { HouseholdModel } from '../households/model.ts'
import type { FilterResult } from '../households/filter.ts'
import { useT } from '../../i18n/index.ts'
import { selectHousehold, useSelectedHousehold } from '../card/selection.ts'
import { groupName } from './group-name.ts'
import { unplacedOf } from './unplaced.ts'

export interface UnplacedListProps {
  model: HouseholdModel
  result: FilterResult
  /** After a household is chosen (the phone's filters drawer closes, so the card is seen). */
  onOpen?: () => void
}

export function UnplacedList({ model, result, onOpen }: UnplacedListProps) {
  const t = useT()
  const selected = useSelectedHousehold()
  if (result.unplaced === 0) return null
  const rows = unplacedOf(model, result.pass)
  const open = (id: string) => {
    selectHousehold(id)
    onOpen?.()
  }
  return (
    <details className="unplaced" data-testid="unplaced">
      <summary className="small" data-testid="unplaced-summary">
        {t('state.unplaced', { n: result.unplaced })}
      </summary>
      <ul aria-label={t('unplaced.listLabel')}>
        {rows.map((i) => {
          const id = model.ids[i]!
          const group = model.group[i]!
          return (
            <li key={id}>
              <button
                type="button"
                className={`unplaced-row${selected === id ? ' on' : ''}`}
                onClick={() => open(id)}
                aria-current={selected === id ? 'true' : undefined}
                data-testid="unplaced-row"
                data-id={id}
              >
                <span className="mono">{model.huhao[i]}</span>
                {model.headName[i] && <span className="grow">{model.headName[i]}</span>}
                <span className="muted">{group < 0 ? t('filters.noGroup') : groupName(group, t)}</span>
              </button>
            </li>
          )
        })}
      </ul>
    </details>
  )
}
