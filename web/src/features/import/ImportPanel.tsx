/**
 * 导入/导出: a dialog over the map on a desktop, a full-screen sheet on a phone.
 * Three tabs: the import flow (choose → preview → dry run → commit), export,
 * and the village's import history with undo.
 */
import { useEffect, useRef, useState } from 'react'
import type { SessionInfo } from '@cuntu/server/contract'
import { useT } from '../../i18n/index.ts'
import { mayNameVillage } from '../auth/session.ts'
import { ImportFlow } from './ImportFlow.tsx'
import { ExportSection, type MapFilter } from './ExportSection.tsx'
import { HistoryList } from './HistoryList.tsx'
import './import.css'

type Tab = 'import' | 'export' | 'history'
const TABS: readonly Tab[] = ['import', 'export', 'history']

export function ImportPanel({ village, session, onClose, filter }: { village: string; session: SessionInfo; onClose: () => void; filter: MapFilter | null }) {
  const t = useT()
  const [tab, setTab] = useState<Tab>('import')
  const head = useRef<HTMLHeadingElement>(null)
  useEffect(() => head.current?.focus(), [])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  const label = { import: t('import.tabImport'), export: t('import.tabExport'), history: t('import.tabHistory') }

  return (
    <div className="import-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div className="import-sheet" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-panel">
        <div className="import-head">
          <h2 id="import-title" tabIndex={-1} ref={head}>
            {t('import.title')}
          </h2>
          <div className="import-tabs" role="tablist">
            {TABS.map((x) => (
              <button
                key={x}
                type="button"
                role="tab"
                id={`import-tab-${x}`}
                aria-selected={tab === x}
                aria-controls={`import-tabpanel-${x}`}
                className={tab === x ? 'on' : ''}
                onClick={() => setTab(x)}
                data-testid={`import-tab-${x}`}
              >
                {label[x]}
              </button>
            ))}
          </div>
          <button type="button" className="icon" onClick={onClose} aria-label={t('import.close')} data-testid="import-close">
            ×
          </button>
        </div>
        <div className="import-body" role="tabpanel" id={`import-tabpanel-${tab}`} aria-labelledby={`import-tab-${tab}`}>
          {tab === 'import' && <ImportFlow village={village} onClose={onClose} />}
          {tab === 'export' && (
            <ExportSection village={village} mayExportNames={session.abilities.exportNamed && mayNameVillage(session, village)} filter={filter} />
          )}
          {tab === 'history' && <HistoryList village={village} />}
        </div>
        <p className="confidential import-foot">{t('app.confidential')}</p>
      </div>
    </div>
  )
}
