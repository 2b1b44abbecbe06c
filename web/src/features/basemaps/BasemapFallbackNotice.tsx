/** Says that the chosen online basemap did not load and the offline one is shown instead. */
import { useT } from '../../i18n/index.ts'
import { BASEMAPS } from './basemaps.ts'
import { dismissBasemapFallback, useBasemapFallback } from './fallback.ts'

export function BasemapFallbackNotice() {
  const t = useT()
  const failed = useBasemapFallback()
  if (!failed) return null
  return (
    <div className="overlay basemap-fallback" role="alert" data-testid="basemap-fallback">
      <p>
        {t('basemap.failed')} <span className="muted small">({t(BASEMAPS[failed].labelKey)})</span>
      </p>
      <button type="button" className="icon" onClick={dismissBasemapFallback} aria-label={t('basemap.failedDismiss')}>
        ×
      </button>
    </div>
  )
}
