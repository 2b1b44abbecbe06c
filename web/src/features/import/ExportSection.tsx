/** Export the village: Excel (archive layout, re-importable), CSV, GeoJSON, KML; names only for roles allowed to, off by default. */
import { useState } from 'react'
import { useT } from '../../i18n/index.ts'
import { downloadExport, type ExportFormat } from './api.ts'
import { toFlowError } from './actions.ts'
import { ErrorBox } from './ErrorBox.tsx'
import { ProgressBar } from './ProgressBar.tsx'

type Name = 'Xlsx' | 'Csv' | 'Geojson' | 'Kml'
const FORMATS: readonly { format: ExportFormat; label: `import.export${Name}`; help: `import.export${Name}Help` }[] = [
  { format: 'xlsx', label: 'import.exportXlsx', help: 'import.exportXlsxHelp' },
  { format: 'csv', label: 'import.exportCsv', help: 'import.exportCsvHelp' },
  { format: 'geojson', label: 'import.exportGeojson', help: 'import.exportGeojsonHelp' },
  { format: 'kml', label: 'import.exportKml', help: 'import.exportKmlHelp' },
]

type State = { kind: 'idle' } | { kind: 'busy'; format: ExportFormat } | { kind: 'done'; name: string } | { kind: 'error'; message: string }

export interface MapFilter {
  /** The facets as a query string (facetQuery), never empty. */
  query: string
  /** Households the map shows under it. */
  households: number
}

export function ExportSection({ village, mayExportNames, filter }: { village: string; mayExportNames: boolean; filter: MapFilter | null }) {
  const t = useT()
  const [names, setNames] = useState(false)
  // On by default while the map is filtered: what the worker sees is what they asked for.
  const [onlyFiltered, setOnlyFiltered] = useState(true)
  const narrowed = filter && onlyFiltered ? filter.query : ''
  const [state, setState] = useState<State>({ kind: 'idle' })
  const withNames = names && mayExportNames

  const run = async (format: ExportFormat) => {
    setState({ kind: 'busy', format })
    try {
      setState({ kind: 'done', name: await downloadExport(village, format, withNames, narrowed) })
    } catch (e) {
      setState({ kind: 'error', message: toFlowError(e, t('import.networkError')).message })
    }
  }

  return (
    <div className="import-step" data-testid="import-export">
      <h3>{t('import.export')}</h3>
      <p className="muted small">{t('import.exportHelp')}</p>
      {filter && (
        <label className="check">
          <input type="checkbox" checked={onlyFiltered} onChange={(e) => setOnlyFiltered(e.target.checked)} data-testid="export-filtered" />
          {t('import.exportFiltered', { n: filter.households })}
        </label>
      )}
      {mayExportNames && (
        <label className="check">
          <input type="checkbox" checked={names} onChange={(e) => setNames(e.target.checked)} data-testid="export-names" />
          {t('import.exportNames')}
        </label>
      )}
      {withNames ? (
        <p className="privacy-note" role="note" data-testid="export-privacy">
          {t('import.exportNamesOn')}
        </p>
      ) : (
        <p className="muted small">{t('import.exportNamesOff')}</p>
      )}
      <div className="export-grid">
        {FORMATS.map((f) => (
          <button
            key={f.format}
            type="button"
            className="export-button"
            disabled={state.kind === 'busy'}
            onClick={() => void run(f.format)}
            data-testid={`export-${f.format}`}
          >
            <strong>{t(f.label)}</strong>
            <small className="muted">{t(f.help)}</small>
          </button>
        ))}
      </div>
      {state.kind === 'busy' && <ProgressBar fraction={null} label={t('import.exporting')} />}
      {state.kind === 'done' && (
        <p className="ok-text" role="status" data-testid="export-done">
          {t('import.exported', { name: state.name })}
        </p>
      )}
      {state.kind === 'error' && <ErrorBox message={state.message} />}
    </div>
  )
}
