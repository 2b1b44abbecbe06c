/** Loading, empty and error states over the map, in the user's language (server messages arrive already translated). */
import { useT } from '../i18n/index.ts'
import { ApiError } from '../api/client.ts'

interface Props {
  loading: boolean
  /** While loading, the map already shows the households from tiles. */
  preview?: boolean
  error: unknown
  empty: 'village' | 'filter' | 'none' | null
  onRetry: () => void
}

export function StatusOverlay({ loading, preview = false, error, empty, onRetry }: Props) {
  const t = useT()
  if (error) {
    const msg = error instanceof ApiError && error.message ? error.message : t('state.networkError')
    return (
      <div className="overlay error" role="alert" data-testid="map-error">
        <p>{msg}</p>
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      </div>
    )
  }
  if (loading)
    return (
      <div className="overlay" role="status" data-testid="map-loading">
        <span className="spinner" aria-hidden="true" />
        {t(preview ? 'state.loadingHouseholdsPreview' : 'state.loadingHouseholds')}
      </div>
    )
  if (empty)
    return (
      <div className="overlay" role="status">
        {t(empty === 'village' ? 'state.emptyVillage' : empty === 'none' ? 'state.noVillage' : 'state.nothingMatches')}
      </div>
    )
  return null
}
