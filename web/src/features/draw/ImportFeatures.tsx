/**
 * Import a GeoJSON or KML file into a map: choose the file, see the server's
 * dry-run report (what would be created, repaired or refused, and why), then
 * confirm. The layer (a new one named after the file, or an existing unlocked
 * one) and a default kind for rows of unknown kind can be changed, and each
 * change asks for a new dry run; nothing is written before 确认导入.
 */
import { useRef, useState } from 'react'
import type { FeatureKind, MapImportReport, VillageMap } from '@cuntu/server/contract'
import { uploadForm } from '../../api/client.ts'
import { useT } from '../../i18n/index.ts'

interface Options {
  layerId: string
  defaultKind: string
}

/** '' for layerId: a new layer named after the file. */
const NEW_LAYER = ''

export function ImportFeatures({ map, kinds, label, onImported, onError }: {
  map: VillageMap
  kinds: FeatureKind[]
  label: (k: FeatureKind) => string
  onImported: (r: MapImportReport) => void
  onError: (message: string) => void
}) {
  const t = useT()
  const input = useRef<HTMLInputElement>(null)
  const [file, setFile] = useState<File | null>(null)
  const [options, setOptions] = useState<Options>({ layerId: NEW_LAYER, defaultKind: '' })
  const [report, setReport] = useState<MapImportReport | null>(null)
  const [skipRefused, setSkipRefused] = useState(false)
  const [busy, setBusy] = useState(false)
  const layers = map.layers.filter((l) => !l.locked)

  const send = (f: File, o: Options, dryRun: boolean, skip = false) => {
    const form = new FormData()
    form.append('file', f, f.name)
    if (o.layerId) form.append('layerId', o.layerId)
    if (o.defaultKind) form.append('defaultKind', o.defaultKind)
    if (skip) form.append('skipRefused', '1')
    return uploadForm<MapImportReport>(`/api/maps/${map.id}/import${dryRun ? '?dryRun=1' : ''}`, form, () => {})
  }

  async function check(f: File, o: Options) {
    setBusy(true)
    setReport(null)
    try {
      setReport(await send(f, o, true))
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e))
      close()
    } finally {
      setBusy(false)
    }
  }

  async function commit() {
    if (!file || !report) return
    setBusy(true)
    try {
      const done = await send(file, options, false, skipRefused)
      close()
      onImported(done)
    } catch (e) {
      onError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  function close() {
    setFile(null)
    setReport(null)
    setSkipRefused(false)
    if (input.current) input.current.value = ''
  }

  const change = (o: Partial<Options>) => {
    const next = { ...options, ...o }
    setOptions(next)
    if (file) void check(file, next)
  }

  const refused = report?.counts.refused ?? 0
  const writable = report ? report.counts.created + report.counts.repaired : 0
  return (
    <div className="draw-import" data-testid="import-features">
      <input
        ref={input} type="file" hidden accept=".geojson,.json,.kml,application/geo+json,application/vnd.google-earth.kml+xml" data-testid="import-features-input"
        onChange={(e) => {
          const f = e.target.files?.[0]
          if (!f) return
          setFile(f)
          void check(f, options)
        }}
      />
      {!file && (
        <button type="button" onClick={() => input.current?.click()} data-testid="import-features-open">
          {t('draw.import.open')}
        </button>
      )}
      {file && (
        <div className="draw-import-report" role="region" aria-label={t('draw.import.report')} data-testid="import-report">
          <p className="small">
            <strong>{file.name}</strong>
          </p>
          <div className="draw-row small">
            <label>
              <span>{t('draw.import.layer')}</span>
              <select value={options.layerId} disabled={busy} onChange={(e) => change({ layerId: e.target.value })} data-testid="import-layer">
                <option value={NEW_LAYER}>{t('draw.import.newLayer', { name: file.name.replace(/\.[^.]+$/, '') })}</option>
                {layers.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('draw.import.defaultKind')}</span>
              <select value={options.defaultKind} disabled={busy} onChange={(e) => change({ defaultKind: e.target.value })} data-testid="import-default-kind">
                <option value="">{t('draw.import.noDefault')}</option>
                {kinds.map((k) => (
                  <option key={k.code} value={k.code}>
                    {k.icon} {label(k)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {busy && !report && <p className="muted small">{t('draw.import.checking')}</p>}
          {report && (
            <>
              <p data-testid="import-summary">
                {t('draw.import.summary', { created: report.counts.created, repaired: report.counts.repaired, refused })}
                {report.contactsDropped > 0 && ` ${t('draw.import.contactsDropped', { n: report.contactsDropped })}`}
              </p>
              <ol className="draw-import-rows small">
                {report.rows.map((r) => (
                  <li key={`${r.row}.${r.part ?? 0}`} data-status={r.status} data-testid="import-row">
                    <span className={`import-status ${r.status}`}>{t(`draw.import.status.${r.status}`)}</span>{' '}
                    {t('draw.import.rowLabel', { row: r.part ? `${r.row}.${r.part}` : String(r.row) })} {r.name || '—'}
                    {r.kind && <span className="muted"> · {label(kinds.find((k) => k.code === r.kind) ?? { code: r.kind, labelZh: r.kind, labelEn: r.kind } as FeatureKind)}</span>}
                    {r.message && <div className="draw-error">{r.message}</div>}
                    {r.repair && <div className="muted">{t('draw.repaired', { reason: r.repair.reason, before: r.repair.verticesBefore, after: r.repair.verticesAfter })}</div>}
                  </li>
                ))}
              </ol>
              {refused > 0 && writable > 0 && (
                <label className="check small">
                  <input type="checkbox" checked={skipRefused} onChange={(e) => setSkipRefused(e.target.checked)} data-testid="import-skip-refused" />
                  {t('draw.import.skipRefused', { n: refused })}
                </label>
              )}
            </>
          )}
          <div className="draw-row">
            <button
              type="button" className="primary" data-testid="import-confirm"
              disabled={busy || !report || writable === 0 || (refused > 0 && !skipRefused)} onClick={() => void commit()}
            >
              {t('draw.import.confirm', { n: writable })}
            </button>
            <button type="button" disabled={busy} onClick={close}>
              {t('draw.cancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
