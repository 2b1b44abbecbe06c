/** Says which saved map the view was reopened from, and that the data is today's. */
import { useEffect } from 'react'
import { useLang, useT } from '../../i18n/index.ts'
import { flushPending, reopenedStore, useReopened } from './reopen.ts'

export function ReopenedNotice() {
  const t = useT()
  const lang = useLang()
  const s = useReopened()
  useEffect(() => flushPending())
  if (!s) return null
  return (
    <div className="overlay reopened" role="status" data-testid="print-reopened">
      <p>{t('print.snapshotOpened', { date: new Date(s.createdAt).toLocaleDateString(lang) })}</p>
      <button type="button" className="icon" onClick={() => reopenedStore.set(null)} aria-label={t('print.close')}>
        ×
      </button>
    </div>
  )
}
