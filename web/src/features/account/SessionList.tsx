/**
 * The user's live sessions (each a browser or device signed in), with the
 * current one marked: signing in again does not end an earlier session, so a
 * browser left signed in at the station can be ended from here.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { SessionList as SessionListBody } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import { useLang, useT } from '../../i18n/index.ts'
import { signedOut } from './signed-out.ts'
import { FormError, useSubmit } from './AccountSection.tsx'

const SESSIONS_KEY = ['auth', 'sessions'] as const

export function SessionList() {
  const t = useT()
  const lang = useLang()
  const qc = useQueryClient()
  const s = useSubmit()
  const q = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => api<SessionListBody>('/api/auth/sessions') })
  const when = (iso: string) => new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' })
  const end = (id: string, current: boolean) =>
    void s.run(async () => {
      await api(`/api/auth/sessions/${id}`, { method: 'DELETE' })
      if (current) signedOut(qc, t('account.sessionEndedHere'))
      else await qc.invalidateQueries({ queryKey: SESSIONS_KEY })
    })
  if (q.isPending) return <p className="small muted">{t('account.sessionsLoading')}</p>
  const sessions = q.data?.sessions ?? []
  return (
    <div className="stack-form" data-testid="session-list">
      <ul className="plain-list">
        {sessions.map((x) => (
          <li key={x.id} data-testid="session-row" data-current={x.current ? '1' : '0'}>
            <span>
              {x.current ? <strong>{t('account.sessionThis')} </strong> : null}
              <span className="small">{x.userAgent ? x.userAgent.slice(0, 80) : t('account.sessionUnknownDevice')}</span>
              <br />
              <small className="muted">{t('account.sessionTimes', { since: when(x.createdAt), seen: when(x.lastSeenAt), ip: x.ip ?? '—' })}</small>
            </span>{' '}
            <button type="button" disabled={s.busy} onClick={() => end(x.id, x.current)} data-testid="session-end">
              {t('account.sessionEnd')}
            </button>
          </li>
        ))}
      </ul>
      <FormError error={s.error} />
    </div>
  )
}
