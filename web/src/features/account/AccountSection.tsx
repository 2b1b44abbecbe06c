/**
 * The signed-in user's own account, in the settings panel: change password
 * (every session ends, so back to sign-in), the TOTP second factor (set up,
 * confirm with a code, turn off with the password), and sign out everywhere.
 */
import { useState, type FormEvent, type ReactNode } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { PASSWORD_MIN_LENGTH, ROLE_ABILITIES } from '@cuntu/domain'
import { api, ApiError } from '../../api/client.ts'
import { useT, useLang } from '../../i18n/index.ts'
import { SESSION_KEY, useSession } from '../auth/session.ts'
import { signedOut } from './signed-out.ts'
import { groupSecret } from './totp-format.ts'
import { SessionList } from './SessionList.tsx'

/** One request at a time per form, with the server's (already translated) message on failure. */
export function useSubmit() {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  async function run(fn: () => Promise<void>) {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (err) {
      setError(err instanceof ApiError && err.message && err.status !== 0 ? err.message : t('state.networkError'))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, run, setError }
}

export function FormError({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="error small">
      {error}
    </p>
  ) : null
}

export function AccountSection() {
  const t = useT()
  const lang = useLang()
  const session = useSession().data
  if (!session) return null
  const role = ROLE_ABILITIES[session.user.role]
  return (
    <section className="account" aria-labelledby="account-title" data-testid="account">
      <h3 id="account-title">{t('account.title')}</h3>
      <p className="small muted">
        {session.user.displayName} · {session.user.username} · {lang === 'zh-CN' ? role.labelZh : role.labelEn}
      </p>
      <Disclosure title={t('account.password')} testId="account-password">
        <PasswordChange />
      </Disclosure>
      <Disclosure title={t('account.totp')} testId="account-totp">
        <TotpSettings on={session.user.totp} />
      </Disclosure>
      <Disclosure title={t('account.sessions')} testId="account-sessions">
        <SessionList />
      </Disclosure>
      <LogoutAll />
    </section>
  )
}

function Disclosure({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <details className="disclosure" data-testid={testId}>
      <summary>{title}</summary>
      <div className="disclosure-body">{children}</div>
    </details>
  )
}

function PasswordChange() {
  const t = useT()
  const qc = useQueryClient()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const s = useSubmit()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void s.run(async () => {
      await api('/api/auth/password', { method: 'POST', body: { current, next } })
      // The server ended every session of this account, this one included.
      signedOut(qc, t('account.passwordChanged'))
    })
  }
  return (
    <form className="stack-form" onSubmit={submit}>
      <label>
        <span>{t('account.current')}</span>
        <input type="password" name="current-password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label>
        <span>{t('account.next')}</span>
        <input type="password" name="new-password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} aria-describedby="pw-rule" />
        <small id="pw-rule" className="muted">
          {t('users.passwordRule', { min: PASSWORD_MIN_LENGTH })}
        </small>
      </label>
      <FormError error={s.error} />
      <button type="submit" className="primary" disabled={s.busy} data-testid="change-password">
        {t('account.changePassword')}
      </button>
    </form>
  )
}

function TotpSettings({ on }: { on: boolean }) {
  const t = useT()
  const qc = useQueryClient()
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null)
  const [code, setCode] = useState('')
  const [password, setPassword] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const s = useSubmit()
  const refresh = () => qc.invalidateQueries({ queryKey: SESSION_KEY })

  if (on) {
    const disable = (e: FormEvent) => {
      e.preventDefault()
      void s.run(async () => {
        await api('/api/auth/totp/disable', { method: 'POST', body: { password } })
        setPassword('')
        setDone(t('account.totpDisabled'))
        await refresh()
      })
    }
    return (
      <form className="stack-form" onSubmit={disable}>
        {done && <p role="status" className="ok small">{done}</p>}
        <p className="small">{t('account.totpOn')}</p>
        <label>
          <span>{t('account.current')}</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <FormError error={s.error} />
        <button type="submit" disabled={s.busy} data-testid="totp-disable">
          {t('account.totpDisable')}
        </button>
      </form>
    )
  }

  if (!setup) {
    return (
      <div className="stack-form">
        {done && <p role="status" className="ok small">{done}</p>}
        <p className="small muted">{t('account.totpOff')}</p>
        <FormError error={s.error} />
        <button
          type="button"
          disabled={s.busy}
          data-testid="totp-setup"
          onClick={() =>
            void s.run(async () => {
              setDone(null)
              setSetup(await api<{ secret: string; otpauthUrl: string }>('/api/auth/totp/setup', { method: 'POST' }))
            })
          }
        >
          {t('account.totpSetup')}
        </button>
      </div>
    )
  }

  const enable = (e: FormEvent) => {
    e.preventDefault()
    void s.run(async () => {
      await api('/api/auth/totp/enable', { method: 'POST', body: { secret: setup.secret, code } })
      setSetup(null)
      setCode('')
      setDone(t('account.totpEnabled'))
      await refresh()
    })
  }
  return (
    <form className="stack-form" onSubmit={enable}>
      <p className="small">{t('account.totpStep1')}</p>
      <div className="secret-box">
        <span className="small muted">{t('account.totpSecret')}</span>
        <code className="totp-secret" data-testid="totp-secret" data-secret={setup.secret}>
          {groupSecret(setup.secret)}
        </code>
        <span className="small muted">{t('account.totpUrl')}</span>
        <input type="text" readOnly className="mono" value={setup.otpauthUrl} onFocus={(e) => e.currentTarget.select()} aria-label={t('account.totpUrl')} />
      </div>
      <label>
        <span>{t('account.totpStep2')}</span>
        <input
          name="totp-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          aria-label={t('account.totpCode')}
          data-testid="totp-code"
        />
      </label>
      <FormError error={s.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={s.busy} data-testid="totp-enable">
          {t('account.totpEnable')}
        </button>
        <button type="button" onClick={() => setSetup(null)}>
          {t('account.cancel')}
        </button>
      </div>
    </form>
  )
}

function LogoutAll() {
  const t = useT()
  const qc = useQueryClient()
  const s = useSubmit()
  return (
    <div className="stack-form">
      <button
        type="button"
        disabled={s.busy}
        data-testid="logout-all"
        onClick={() =>
          void s.run(async () => {
            await api('/api/auth/logout-all', { method: 'POST' })
            signedOut(qc, t('account.loggedOutAll'))
          })
        }
      >
        {t('account.logoutAll')}
      </button>
      <small className="muted">{t('account.logoutAllHelp')}</small>
      <FormError error={s.error} />
    </div>
  )
}
