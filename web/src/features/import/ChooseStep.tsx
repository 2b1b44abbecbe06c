/** Step 1: the archive workbook, optionally a locations file and where its coordinates come from. */
import { useState } from 'react'
import { useT } from '../../i18n/index.ts'
import { cancelUpload, startUpload, useFlow } from './actions.ts'
import type { Crs } from './api.ts'
import { ProgressBar } from './ProgressBar.tsx'

const ARCHIVE_ACCEPT = '.xlsx,.xlsm,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv'
const LOCATIONS_ACCEPT = '.csv,.txt,.xlsx,.geojson,.json,.kml'

const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)

export function ChooseStep({ village }: { village: string }) {
  const t = useT()
  const s = useFlow()
  const [archive, setArchive] = useState<File | null>(null)
  const [locations, setLocations] = useState<File | null>(null)
  const [crs, setCrs] = useState<Crs | null>(null)
  const [tried, setTried] = useState(false)
  const busy = s.busy === 'upload'
  const needCrs = !!locations && !crs
  const ready = (!!archive || !!locations) && !needCrs

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    setTried(true)
    if (!ready || busy) return
    void startUpload({ village, archive, locations, crs: locations ? crs : null }, t('import.networkError'))
  }

  return (
    <form className="import-step" onSubmit={submit} data-testid="import-choose">
      <label className="file-field">
        <span className="field-title">{t('import.archive')}</span>
        <input type="file" className="visually-hidden" accept={ARCHIVE_ACCEPT} disabled={busy} onChange={(e) => setArchive(e.target.files?.[0] ?? null)} data-testid="import-archive" />
        <span className="file-pick">
          <span className="file-button">{t('import.chooseFile')}</span>
          <span className={archive ? 'file-name' : 'muted'}>{archive ? `${archive.name} · ${sizeText(archive.size)}` : t('import.noFile')}</span>
        </span>
        <small className="muted">{t('import.archiveHelp')}</small>
      </label>

      <label className="file-field">
        <span className="field-title">{t('import.locations')}</span>
        <input type="file" className="visually-hidden" accept={LOCATIONS_ACCEPT} disabled={busy} onChange={(e) => setLocations(e.target.files?.[0] ?? null)} data-testid="import-locations" />
        <span className="file-pick">
          <span className="file-button">{t('import.chooseFile')}</span>
          <span className={locations ? 'file-name' : 'muted'}>{locations ? `${locations.name} · ${sizeText(locations.size)}` : t('import.noFile')}</span>
        </span>
        <small className="muted">{t('import.locationsHelp')}</small>
      </label>

      {locations && (
        <fieldset className="crs" data-testid="import-crs">
          <legend>{t('import.crs')}</legend>
          {(['wgs84', 'gcj02'] as const).map((c) => (
            <label key={c} className={`crs-option${crs === c ? ' on' : ''}`}>
              <input type="radio" name="crs" value={c} checked={crs === c} disabled={busy} onChange={() => setCrs(c)} />
              <span>
                <strong>{t(c === 'wgs84' ? 'import.crsWgs84' : 'import.crsGcj02')}</strong>
                <small className="muted">{t(c === 'wgs84' ? 'import.crsWgs84Help' : 'import.crsGcj02Help')}</small>
              </span>
            </label>
          ))}
          <small className="muted">{t('import.crsUnsure')}</small>
          {tried && needCrs && <p className="error small">{t('import.crsRequired')}</p>}
        </fieldset>
      )}

      {busy && (
        <ProgressBar
          testId="upload-progress"
          fraction={s.uploadFraction !== null && s.uploadFraction < 1 ? s.uploadFraction : null}
          label={s.uploadFraction !== null && s.uploadFraction < 1 ? t('import.uploading', { pct: Math.round(s.uploadFraction * 100) }) : t('import.reading')}
        />
      )}

      <div className="actions">
        <button type="submit" className="primary" disabled={busy || !(archive || locations)} data-testid="import-upload">
          {t('import.upload')}
        </button>
        {busy && (
          <button type="button" onClick={cancelUpload}>
            {t('import.cancel')}
          </button>
        )}
      </div>
    </form>
  )
}
