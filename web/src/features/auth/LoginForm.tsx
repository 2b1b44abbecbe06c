/** Sign in. Errors come back from the server in the user's language. */
import { useState, type FormEvent } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { DemoSignIns, SessionInfo } from '@cuntu/server/contract'
import { api, ApiError } from '../../api/client.ts'
import { roleLabel, useT } from '../../i18n/index.ts'
import { patchUrlState, useUrlState } from '../../state/url-store.ts'
import { replaceSession } from './session.ts'
import { signedOutNotice, useSignedOutNotice } from '../account/signed-out.ts'

export function LoginForm() {
  const t = useT()
  const { lang } = useUrlState()
  const qc = useQueryClient()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [totp, setTotp] = useState('')
  const [needTotp, setNeedTotp] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const notice = useSignedOutNotice()
  // Demo mode only (the server answers null in production): one button per demo role.
  const demo = useQuery({ queryKey: ['auth-demo'], queryFn: () => api<DemoSignIns>('/api/auth/demo'), staleTime: Infinity, retry: false }).data?.demo

  async function submit(e: FormEvent, as?: { username: string; password: string }) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    signedOutNotice.set(null)
    try {
      const session = await api<SessionInfo>('/api/auth/login', {
        method: 'POST',
        body: as ?? { username, password, ...(needTotp && totp ? { totp } : {}) },
      })
      replaceSession(qc, session)
    } catch (err) {
      // The server asks for the second factor only after the password was right (totp_required / totp_invalid).
      if (err instanceof ApiError && (err.code === 'totp_required' || err.code === 'totp_invalid' || err.code === 'totp_used')) setNeedTotp(true)
      setError(err instanceof ApiError && err.message ? err.message : t('state.networkError'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="login">
      <form onSubmit={submit} className="login-box" aria-labelledby="login-title">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            村
          </span>
          <div>
            <h1 id="login-title">{t('app.title')}</h1>
            <div className="place">{t('app.subtitle')}</div>
          </div>
        </div>
        <label>
          <span>{t('login.username')}</span>
          <input name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label>
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {needTotp && (
          <label>
            <span>{t('login.totp')}</span>
            <input name="totp" inputMode="numeric" pattern="\d{6}" maxLength={6} required autoFocus autoComplete="one-time-code" value={totp} onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))} data-testid="login-totp" />
          </label>
        )}
        {notice && !error && (
          <p role="status" className="ok" data-testid="signed-out-notice">
            {notice}
          </p>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('state.loading') : t('login.submit')}
        </button>
        <div className="segmented">
          {(['zh-CN', 'en'] as const).map((l) => (
            <label key={l} className={lang === l ? 'on' : ''}>
              <input type="radio" name="lang" checked={lang === l} onChange={() => patchUrlState({ lang: l })} />
              {l === 'zh-CN' ? '中文' : 'English'}
            </label>
          ))}
        </div>
        {demo && (
          <section className="demo-signins" aria-labelledby="demo-title" data-testid="demo-signins">
            <h2 id="demo-title">{t('login.demoTitle')}</h2>
            <p className="muted small">{t('login.demoHelp', { password: demo.password })}</p>
            <ul className="plain">
              {demo.accounts.map((a) => (
                <li key={a.username}>
                  <button type="button" className="link" disabled={busy} onClick={(e) => void submit(e, { username: a.username, password: demo.password })} data-testid={`demo-${a.username}`}>
                    {a.displayName}
                  </button>
                  <span className="muted small"> {a.username} · {roleLabel(a.role, lang)}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        <p className="confidential">{t('app.confidential')}</p>
      </form>
    </main>
  )
}
