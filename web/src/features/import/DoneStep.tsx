/** Step 4: what the commit did, and undo for the whole batch. */
import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { useT } from '../../i18n/index.ts'
import { dispatch, startUndo, useFlow } from './actions.ts'
import { PlanCounts } from './PlanStep.tsx'
import { ProgressBar } from './ProgressBar.tsx'

export function DoneStep({ onClose }: { onClose: () => void }) {
  const t = useT()
  const qc = useQueryClient()
  const s = useFlow()
  const r = s.result!
  const [confirming, setConfirming] = useState(false)
  const undoing = s.busy === 'undo'
  const unplaced = r.households.filter((h) => h.action === 'create' && (h.position === 'none' || h.position === 'flagged')).length
  return (
    <div className="import-step" data-testid="import-done">
      <h3 className="done-title">{t('import.done')}</h3>
      <PlanCounts counts={r.counts} />
      <p data-testid="import-summary">{t('import.doneSummary', r.counts)}</p>
      {unplaced > 0 && !s.undone && <p className="muted">{t('import.unplaced', { n: unplaced })}</p>}
      {s.undone ? (
        <p className="undone-note" data-testid="import-undone">
          {t('import.undone', s.undone)}
        </p>
      ) : confirming ? (
        <div className="confirm" role="alertdialog" aria-label={t('import.undo')}>
          <p>{t('import.undoConfirm')}</p>
          {undoing && <ProgressBar fraction={null} label={t('import.undoing')} />}
          <div className="actions">
            <button type="button" className="danger" disabled={undoing} onClick={() => void startUndo(qc, t('import.networkError'))} data-testid="import-undo-confirm">
              {t('import.undoYes')}
            </button>
            <button type="button" disabled={undoing} onClick={() => setConfirming(false)}>
              {t('import.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="danger-outline" onClick={() => setConfirming(true)} data-testid="import-undo">
            {t('import.undo')}
          </button>
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => dispatch({ type: 'reset' })} disabled={undoing}>
          {t('import.another')}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          {t('import.showMap')}
        </button>
      </div>
    </div>
  )
}
