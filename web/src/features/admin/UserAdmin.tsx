/**
 * Accounts of the station and its service points (all accounts for a system
 * admin): list, create, disable/enable, reset a password. The server checks
 * every rule; its messages come back translated and are shown beside the form.
 */
import { useMemo, useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { SessionInfo } from '@cuntu/server/contract'
import { PASSWORD_MIN_LENGTH, ROLES, type Role } from '@cuntu/domain'
import { api } from '../../api/client.ts'
import { roleLabel, useLang, useT, zhCollator } from '../../i18n/index.ts'
import { FormError, useSubmit } from '../account/AccountSection.tsx'
import { adminKeys, useManagedUsers, useOrganisations, type ManagedUser, type Organisation } from './api.ts'

/** Organisations in tree order (parent before children), each with its depth. */
export function orgTree(orgs: Organisation[]): { org: Organisation; depth: number }[] {
  const ids = new Set(orgs.map((o) => o.id))
  const out: { org: Organisation; depth: number }[] = []
  const walk = (parent: string | null, depth: number) => {
    for (const o of orgs
      .filter((o) => (parent === null ? o.parentId === null || !ids.has(o.parentId) : o.parentId === parent))
      .sort((a, b) => zhCollator.compare(a.name, b.name))) {
      out.push({ org: o, depth })
      walk(o.id, depth + 1)
    }
  }
  walk(null, 0)
  return out
}

export function UserAdmin({ session }: { session: SessionInfo }) {
  const t = useT()
  const lang = useLang()
  const users = useManagedUsers(true)
  const orgs = useOrganisations(true)
  const [creating, setCreating] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const list = useMemo(
    () => [...(users.data ?? [])].sort((a, b) => zhCollator.compare(a.organisationName ?? '', b.organisationName ?? '') || a.username.localeCompare(b.username)),
    [users.data],
  )

  return (
    <section className="users" aria-label={t('admin.tabUsers')} data-testid="user-admin">
      <p className="muted small">{t('users.explain')}</p>
      {notice && (
        <p role="status" className="ok">
          {notice}
        </p>
      )}
      {creating ? (
        <CreateUser
          session={session}
          orgs={orgs.data ?? []}
          onDone={(u) => {
            setCreating(false)
            if (u) setNotice(t('users.created', { username: u.username }))
          }}
        />
      ) : (
        <div className="actions">
          <button type="button" className="primary" onClick={() => (setCreating(true), setNotice(null))} data-testid="user-new">
            {t('users.create')}
          </button>
        </div>
      )}
      {(users.isError || orgs.isError) && (
        <p role="alert" className="error">
          {(users.error ?? orgs.error)?.message || t('state.networkError')}
        </p>
      )}
      {users.isPending && <p className="muted">{t('state.loading')}</p>}
      {users.isSuccess && list.length === 0 && <p className="muted">{t('users.none')}</p>}
      {list.length > 0 && (
        <table className="rows user-table">
          <thead>
            <tr>
              <th scope="col">{t('users.username')}</th>
              <th scope="col">{t('users.displayName')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.organisation')}</th>
              <th scope="col">{t('users.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('users.resetPassword')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((u) => (
              <UserRow key={u.id} user={u} self={u.id === session.user.id} roleLabel={roleLabel(u.role, lang)} onNotice={setNotice} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

function UserRow({ user: u, self, roleLabel, onNotice }: { user: ManagedUser; self: boolean; roleLabel: string; onNotice: (s: string | null) => void }) {
  const t = useT()
  const qc = useQueryClient()
  const [resetting, setResetting] = useState(false)
  const [password, setPassword] = useState('')
  const s = useSubmit()
  const patch = (body: { disabled?: boolean; password?: string }) =>
    s.run(async () => {
      onNotice(null)
      const updated = await api<ManagedUser>(`/api/users/${u.id}`, { method: 'PATCH', body })
      qc.setQueryData<ManagedUser[]>(adminKeys.users, (prev) => prev?.map((x) => (x.id === updated.id ? updated : x)))
      if (body.password !== undefined) {
        setResetting(false)
        setPassword('')
        onNotice(t('users.resetDone', { username: u.username }))
      }
    })
  const reset = (e: FormEvent) => {
    e.preventDefault()
    void patch({ password })
  }
  return (
    <tr data-testid="user-row" data-username={u.username} className={u.disabled ? 'is-disabled' : ''}>
      <td data-label={t('users.username')}>
        <code>{u.username}</code>
        {self && <span className="muted small"> · {t('users.you')}</span>}
      </td>
      <td data-label={t('users.displayName')}>{u.displayName}</td>
      <td data-label={t('users.role')}>{roleLabel}</td>
      <td data-label={t('users.organisation')}>{u.organisationName ?? '—'}</td>
      <td data-label={t('users.status')}>
        <span className={`badge ${u.disabled ? 'off' : 'on'}`} data-testid="user-status">
          {u.disabled ? t('users.disabled') : t('users.enabled')}
        </span>
        {u.totp && <span className="badge"> {t('users.totpOn')}</span>}
      </td>
      <td className="row-actions">
        <div className="row-actions-inner">
        {/* Your own account: password in account settings; the server refuses both here. */}
        {!self && (
          <button type="button" disabled={s.busy} onClick={() => void patch({ disabled: !u.disabled })} data-testid="user-toggle" aria-label={`${u.disabled ? t('users.enable') : t('users.disable')} ${u.username}`}>
            {u.disabled ? t('users.enable') : t('users.disable')}
          </button>
        )}
        {self ? null : !resetting ? (
          <button type="button" onClick={() => setResetting(true)} data-testid="user-reset" aria-label={`${t('users.resetPassword')} ${u.username}`}>
            {t('users.resetPassword')}
          </button>
        ) : (
          <form className="inline-form" onSubmit={reset}>
            <label>
              <span className="visually-hidden">{t('users.newPassword')}</span>
              <input
                type="password"
                autoComplete="new-password"
                placeholder={t('users.newPassword')}
                required
                autoFocus
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                data-testid="user-reset-password"
              />
            </label>
            <button type="submit" className="primary" disabled={s.busy} data-testid="user-reset-save">
              {t('users.save')}
            </button>
            <button type="button" onClick={() => (setResetting(false), s.setError(null))}>
              {t('users.cancel')}
            </button>
            <small className="muted">{t('users.passwordRule', { min: PASSWORD_MIN_LENGTH })}</small>
          </form>
        )}
          <FormError error={s.error} />
        </div>
      </td>
    </tr>
  )
}

function CreateUser({ session, orgs, onDone }: { session: SessionInfo; orgs: Organisation[]; onDone: (u: ManagedUser | null) => void }) {
  const t = useT()
  const lang = useLang()
  const qc = useQueryClient()
  // A station lead adds workers and leads; wider roles are the system admin's to give (the server checks).
  const roles: readonly Role[] = session.user.role === 'system_admin' ? ROLES : ['worker', 'station_lead']
  const tree = useMemo(() => orgTree(orgs), [orgs])
  const [form, setForm] = useState({ username: '', displayName: '', role: 'worker' as Role, organisationId: '', password: '' })
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }))
  const s = useSubmit()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void s.run(async () => {
      const created = await api<ManagedUser>('/api/users', { method: 'POST', body: form })
      qc.setQueryData<ManagedUser[]>(adminKeys.users, (prev) => [...(prev ?? []), created])
      onDone(created)
    })
  }
  return (
    <form className="create-user" onSubmit={submit} aria-labelledby="create-user-title" data-testid="user-create">
      <h3 id="create-user-title">{t('users.create')}</h3>
      <div className="form-grid">
        <label>
          <span>{t('users.username')}</span>
          <input
            name="username"
            autoComplete="off"
            required
            value={form.username}
            onChange={(e) => set({ username: e.target.value })}
            aria-describedby="nu-username-rule"
            autoFocus
          />
          <small id="nu-username-rule" className="muted">
            {t('users.usernameRule')}
          </small>
        </label>
        <label>
          <span>{t('users.displayName')}</span>
          <input name="displayName" autoComplete="off" required value={form.displayName} onChange={(e) => set({ displayName: e.target.value })} />
        </label>
        <label>
          <span>{t('users.role')}</span>
          <select name="role" value={form.role} onChange={(e) => set({ role: e.target.value as Role })}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('users.organisation')}</span>
          <select name="organisationId" required value={form.organisationId} onChange={(e) => set({ organisationId: e.target.value })}>
            <option value="">{t('users.chooseOrg')}</option>
            {tree.map(({ org, depth }) => (
              <option key={org.id} value={org.id}>
                {`${'\u3000'.repeat(depth)}${org.name} · ${t(`org.${org.kind}`)}`}
              </option>
            ))}
          </select>
        </label>
        <label className="span-2">
          <span>{t('users.initialPassword')}</span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={form.password}
            onChange={(e) => set({ password: e.target.value })}
            aria-describedby="nu-password-rule"
          />
          <small id="nu-password-rule" className="muted">
            {t('users.passwordRule', { min: PASSWORD_MIN_LENGTH })}
          </small>
        </label>
      </div>
      <FormError error={s.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={s.busy} data-testid="user-create-submit">
          {t('users.createSubmit')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('users.cancel')}
        </button>
      </div>
    </form>
  )
}
