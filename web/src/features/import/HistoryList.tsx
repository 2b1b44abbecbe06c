/** The village's past imports, newest first: who, when, file, counts, status; undo a committed one. */
import { useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useLang, useT } from '../../i18n/index.ts'
import { importHistory, undoBatch, type Batch } from './api.ts'
import { refreshVillage, toFlowError } from './actions.ts'
import { ErrorBox } from './ErrorBox.tsx'
import { ProgressBar } from './ProgressBar.tsx'

export const historyKey = (village: string) => ['imports', village] as const

const num = (v: unknown) => (typeof v === 'number' ? v : 0)

export function HistoryList({ village }: { village: string }) {
  const t = useT()
  const q = useQuery({ queryKey: historyKey(village), queryFn: () => importHistory(village) })
  if (q.isPending) return <ProgressBar fraction={null} label={t('state.loading')} />
  if (q.isError)
    return (
      <div className="import-step">
        <ErrorBox message={toFlowError(q.error, t('import.networkError')).message} />
        <button type="button" onClick={() => void q.refetch()}>
          {t('state.retry')}
        </button>
      </div>
    )
  if (q.data.batches.length === 0) return <p className="muted">{t('import.historyEmpty')}</p>
  return (
    <ul className="history" data-testid="import-history">
      {q.data.batches.map((b) => (
        <HistoryItem key={b.id} batch={b} />
      ))}
    </ul>
  )
}

function HistoryItem({ batch: b }: { batch: Batch }) {
  const t = useT()
  const lang = useLang()
  const qc = useQueryClient()
  const [confirming, setConfirming] = useState(false)
  const undo = useMutation({ mutationFn: () => undoBatch(b.id), onSuccess: () => refreshVillage(qc) })
  const when = (iso: string) => new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <li className={`history-item ${b.status}`} data-testid="history-item">
      <div className="history-main">
        <strong className="file-name">{b.fileName}</strong>
        <span className={`badge ${b.status === 'committed' ? 'create' : 'skip'}`}>{t(`import.status.${b.status}`)}</span>
      </div>
      <div className="muted small">
        {t('import.by', { user: b.username ?? '—', when: when(b.createdAt) })}
        {b.undoneAt && ` · ${t('import.undoneAt', { when: when(b.undoneAt) })}`}
      </div>
      <div className="small">{t('import.historyCounts', { create: num(b.counts.create), update: num(b.counts.update), skip: num(b.counts.skip) })}</div>
      {undo.isError && <ErrorBox message={toFlowError(undo.error, t('import.networkError')).message} />}
      {b.status === 'committed' &&
        (confirming ? (
          <div className="confirm">
            <p className="small">{t('import.undoConfirm')}</p>
            <div className="actions">
              <button type="button" className="danger" disabled={undo.isPending} onClick={() => undo.mutate()} data-testid="history-undo-confirm">
                {undo.isPending ? t('import.undoing') : t('import.undoYes')}
              </button>
              <button type="button" disabled={undo.isPending} onClick={() => setConfirming(false)}>
                {t('import.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <button type="button" className="danger-outline" onClick={() => setConfirming(true)} data-testid="history-undo">
              {t('import.undo')}
            </button>
          </div>
        ))}
    </li>
  )
}
