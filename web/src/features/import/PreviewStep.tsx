/** Step 2: what the server read: the detected header, the column mapping (correctable), the first households, warnings. */
import { useCategories } from '../../api/queries.ts'
import { useLang, useT } from '../../i18n/index.ts'
import { dispatch, startDryRun, useFlow } from './actions.ts'
import { decodeChoice, duplicateFields, effectiveChoice, encodeChoice, withYear, type DetectedColumn } from './mapping.ts'
import { IssueList } from './IssueList.tsx'
import { CategoryChips } from './CategoryChips.tsx'
import { ProgressBar } from './ProgressBar.tsx'
import { PlacementSection } from './PlacementSection.tsx'
import { placementOptions } from './placement.ts'
import type { ImportPreview } from '@cuntu/server/contract'

type Field = ImportPreview['fields'][number]

const rowsText = (rows: number[]) => (rows.length > 1 ? `${rows[0]}–${rows[rows.length - 1]}` : String(rows[0] ?? ''))

export function PreviewStep() {
  const t = useT()
  const lang = useLang()
  const s = useFlow()
  const p = s.preview!
  const categories = useCategories().data ?? []
  const fieldLabel = (f: Field) => (lang === 'zh-CN' ? f.labelZh : f.labelEn)
  const roleKey = (role: string) =>
    role === 'archive' || role === 'civil_affairs' || role === 'cell_map' ? (`import.sheetRole.${role}` as const) : ('import.sheetRole.ignored' as const)
  const columns = p.mapping?.columns ?? []
  const dupes = duplicateFields(columns, s.overrides)
  const changed = Object.keys(s.overrides).length > 0
  const busy = s.busy === 'dryRun'
  const placementProblems = placementOptions(s.placement).problems.length > 0

  /** The options of one column's select: ignore, then every field (per-year fields with this column's year). */
  const options = (c: DetectedColumn) =>
    p.fields.map((f) => {
      const choice = withYear({ field: f.field }, c, f.perYear)
      const label = choice?.year !== undefined ? t('import.fieldYear', { label: fieldLabel(f), year: choice.year }) : fieldLabel(f)
      return { value: encodeChoice(choice), label }
    })

  return (
    <div className="import-step" data-testid="import-preview">
      <section className="import-summary">
        <p>
          <strong className="file-name">{p.fileName}</strong>{' '}
          <span className="muted">{t('import.format', { format: p.format ?? '?', encoding: p.encoding ?? '' })}</span>
        </p>
        {p.sheets.length > 0 && (
          <p className="muted small">
            {t('import.sheets')}：
            {p.sheets.map((sh, i) => (
              <span key={sh.name}>
                {i > 0 && '；'}「{sh.name}」{t(roleKey(sh.role))} · {t('import.sheetRows', { n: sh.rows })}
              </span>
            ))}
          </p>
        )}
        {p.kind === 'archive' && (
          <p data-testid="preview-header" className={p.header ? '' : 'error'}>
            {p.header ? t('import.header', { rows: rowsText(p.header.headerRows), start: p.header.dataStartRow }) : t('import.noHeader')}
          </p>
        )}
        {p.kind === 'archive' && (
          <p data-testid="preview-stats">
            {t('import.stats', { households: p.stats.households, members: p.stats.members, read: p.stats.rowsRead, skipped: p.stats.rowsSkipped })}
          </p>
        )}
        {p.locations && (
          <p>{t('import.locationsSummary', { points: p.locations.points, crs: p.locations.crs === 'gcj02' ? 'GCJ-02' : 'WGS84', flagged: p.locations.flagged.length })}</p>
        )}
        {p.cellMap && <p className="muted">{t('import.cellMap', { cells: p.cellMap.cells })}</p>}
      </section>

      <PlacementSection preview={p} disabled={busy} />

      {p.mapping && (
        <section>
          <div className="section-head">
            <h3>{t('import.mapping')}</h3>
            {changed && (
              <button type="button" className="link" onClick={() => dispatch({ type: 'resetMapping' })} disabled={busy}>
                {t('import.resetMapping')}
              </button>
            )}
          </div>
          <p className="muted small">{t('import.mappingHelp')}</p>
          {p.mapping.missing.length > 0 && (
            <p className="warn-text small">
              {t('import.missing', { fields: p.mapping.missing.map((m) => { const f = p.fields.find((x) => x.field === m); return f ? fieldLabel(f) : m }).join('、') })}
            </p>
          )}
          <div className="table-scroll">
            <table className="import-table mapping-table" data-testid="mapping-table">
              <thead>
                <tr>
                  <th>{t('import.colLetter')}</th>
                  <th>{t('import.colHeader')}</th>
                  <th>{t('import.colField')}</th>
                </tr>
              </thead>
              <tbody>
                {columns.map((c) => {
                  const value = encodeChoice(effectiveChoice(c, s.overrides))
                  const opts = options(c)
                  const overridden = c.letter in s.overrides
                  return (
                    <tr key={c.letter} className={overridden ? 'changed' : !value ? 'ignored' : ''} data-testid={`mapping-row-${c.letter}`}>
                      <td className="mono">{c.letter}</td>
                      <td>
                        {c.group && <span className="muted small">{c.group} › </span>}
                        {c.text || <span className="muted">—</span>}
                      </td>
                      <td>
                        <select
                          value={value}
                          disabled={busy}
                          aria-label={`${c.letter} ${c.text}`}
                          onChange={(e) => dispatch({ type: 'setChoice', column: c, choice: decodeChoice(e.target.value) })}
                          data-testid={`map-${c.letter}`}
                        >
                          <option value="">{t('import.ignore')}</option>
                          {opts.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                          {value && !opts.some((o) => o.value === value) && <option value={value}>{value}</option>}
                        </select>
                        {overridden && <span className="tag changed-tag">{t('import.changed')}</span>}
                        {!overridden && value && c.confidence < 0.8 && <span className="tag unsure-tag">{t('import.unsure')}</span>}
                        {value && dupes.has(value) && <span className="tag dupe-tag">{t('import.duplicateField')}</span>}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          {changed && <p className="warn-text small">{t('import.mappingChanged')}</p>}
        </section>
      )}

      {p.households.length > 0 && (
        <section>
          <h3>{t('import.households', { n: p.households.length, total: p.stats.households })}</h3>
          <div className="table-scroll">
            <table className="import-table" data-testid="preview-households">
              <thead>
                <tr>
                  <th>{t('import.hh.huhao')}</th>
                  <th>{t('import.hh.group')}</th>
                  <th className="num">{t('import.hh.members')}</th>
                  <th>{t('import.hh.categories')}</th>
                </tr>
              </thead>
              <tbody>
                {p.households.map((h) => (
                  <tr key={`${h.row}`}>
                    <td className="mono">
                      {h.huhao ?? <span className="error">{t('import.hh.noHuhao')}</span>}
                      {h.status !== 'active' && <div className="muted small">{t(`status.${h.status}`)}</div>}
                    </td>
                    <td>{h.group ?? '—'}</td>
                    <td className="num">{h.members.length}</td>
                    <td>
                      <CategoryChips codes={[...h.categories, ...h.members.flatMap((m) => m.categories)]} categories={categories} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section>
        <h3>{t('import.issues')}</h3>
        <IssueList issues={p.issues} total={p.issuesTotal} testId="preview-issues" />
      </section>

      {busy && <ProgressBar fraction={null} label={t('import.dryRunning')} />}
      <div className="actions sticky-actions">
        <button type="button" onClick={() => dispatch({ type: 'back' })} disabled={busy}>
          {t('import.back')}
        </button>
        <button type="button" className="primary" onClick={() => void startDryRun(t('import.networkError'))} disabled={busy || placementProblems} data-testid="import-dry-run">
          {t('import.dryRun')}
        </button>
        <small className="muted">{t('import.dryRunHelp')}</small>
      </div>
    </div>
  )
}
