/**
 * A supervisor opening a named household card: the server answers 403
 * `break_glass_required`; the card shows this instead, asks for the reason and
 * grants time-limited access to the one village (audited), then re-asks.
 */
import { useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { BREAK_GLASS_MS } from '@cuntu/domain'
import { api } from '../../api/client.ts'
import { useT } from '../../i18n/index.ts'
import { SESSION_KEY } from '../auth/session.ts'
import { FormError, useSubmit } from './AccountSection.tsx'

/** The server's rule (BreakGlassBody): a trimmed reason of at least this many characters. */
export const BREAK_GLASS_MIN_REASON = 10

export function BreakGlassPrompt({ villageCode, onGranted }: { villageCode: string; onGranted: () => void }) {
  const t = useT()
  const qc = useQueryClient()
  const [reason, setReason] = useState('')
  const s = useSubmit()
  const n = [...reason.trim()].length
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void s.run(async () => {
      await api('/api/break-glass', { method: 'POST', body: { villageCode, reason: reason.trim() } })
      // namedVillages changes: names, search and the card become available for this village.
      await qc.invalidateQueries({ queryKey: SESSION_KEY })
      onGranted()
    })
  }
  return (
    <form className="break-glass" onSubmit={submit} aria-labelledby="bg-title" data-testid="break-glass">
      <h3 id="bg-title">
        {t('breakGlass.title')}
      </h3>
      <p>{t('breakGlass.explain')}</p>
      <p className="logged">{t('breakGlass.logged', { minutes: Math.round(BREAK_GLASS_MS / 60_000) })}</p>
      <label>
        <span>{t('breakGlass.reason')}</span>
        <textarea
          rows={3}
          maxLength={500}
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby="bg-help"
          data-testid="break-glass-reason"
        />
        <small id="bg-help" className="muted">
          {t('breakGlass.reasonHelp', { n, min: BREAK_GLASS_MIN_REASON })}
        </small>
      </label>
      <FormError error={s.error} />
      <button type="submit" className="primary" disabled={s.busy} data-testid="break-glass-submit">
        {t('breakGlass.submit')}
      </button>
    </form>
  )
}
