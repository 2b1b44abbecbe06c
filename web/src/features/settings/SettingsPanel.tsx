/** Basemap (and its key), name labels and language. Basemap and names go to the URL; the key stays in this browser. */
import { BASEMAP_IDS, LANGS } from '../../state/url-state.ts'
import { patchUrlState, useUrlState } from '../../state/url-store.ts'
import { useT } from '../../i18n/index.ts'
import { BASEMAPS } from '../basemaps/basemaps.ts'
import { setTiandituKey, useTiandituKey } from './tianditu-key.ts'
import { SignOut } from '../auth/SignOut.tsx'
import { AccountSection } from '../account/AccountSection.tsx'

/** `hasSketch`: the village has a base sketch (a map with purpose `base`), so it can be the basemap. */
export function SettingsPanel({ onClose, mayName, hasSketch }: { onClose: () => void; mayName: boolean; hasSketch: boolean }) {
  const t = useT()
  const url = useUrlState()
  const key = useTiandituKey()
  const basemap = BASEMAPS[url.basemap]
  return (
    <div className="settings" role="dialog" aria-labelledby="settings-title" data-testid="settings">
      <div className="panel-head">
        <h2 id="settings-title">{t('settings.title')}</h2>
        <button type="button" className="icon" onClick={onClose} aria-label={t('settings.close')}>
          ×
        </button>
      </div>
      <fieldset>
        <legend>{t('settings.basemap')}</legend>
        {BASEMAP_IDS.filter((id) => id !== 'sketch' || hasSketch || url.basemap === 'sketch').map((id) => (
          <label key={id} className="check">
            <input type="radio" name="basemap" value={id} checked={url.basemap === id} onChange={() => patchUrlState({ basemap: id })} data-testid={`basemap-${id}`} />
            {t(BASEMAPS[id].labelKey)}
          </label>
        ))}
        {basemap.needsKey && (
          <label className="stack">
            <span>{t('settings.tiandituKey')}</span>
            <input type="text" autoComplete="off" spellCheck={false} value={key} onChange={(e) => setTiandituKey(e.target.value.trim())} />
            <small className="muted">{key ? t('settings.tiandituKeyHelp') : t('settings.tiandituNeedsKey')}</small>
          </label>
        )}
        {basemap.datum === 'gcj02' && <small className="muted">{t('basemap.amapNote')}</small>}
        {basemap.id === 'sketch' && <small className="muted">{hasSketch ? t('basemap.sketchNote') : t('basemap.sketchMissing')}</small>}
      </fieldset>
      <fieldset>
        <legend>{t('settings.names')}</legend>
        <label className="check">
          <input type="checkbox" disabled={!mayName} checked={url.names && mayName} onChange={(e) => patchUrlState({ names: e.target.checked })} data-testid="names-toggle" />
          {t('settings.names')}
        </label>
        <small className="muted">{t('settings.namesHelp')}</small>
      </fieldset>
      <AccountSection />
      <SignOut />
      <fieldset>
        <legend>{t('settings.language')}</legend>
        <div className="segmented">
          {LANGS.map((l) => (
            <label key={l} className={url.lang === l ? 'on' : ''}>
              <input type="radio" name="lang" checked={url.lang === l} onChange={() => patchUrlState({ lang: l })} />
              {l === 'zh-CN' ? '中文' : 'English'}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  )
}
