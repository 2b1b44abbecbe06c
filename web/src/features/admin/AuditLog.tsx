/**
 * The audit log of the reader's area, newest first: when (local time), who,
 * what (with its details in words), which records (a household by its 户号,
 * other records by id), where, why. Filters by action, account and days;
 * "load more" pages on `before`. Read-only: the server has no way to change it.
 */
import { useMemo, useState } from 'react'
import type { AreaNode, SessionInfo } from '@cuntu/server/contract'
import { useAreaTree } from '../../api/queries.ts'
import { roleLabel, useLang, useT, zhCollator } from '../../i18n/index.ts'
import { actionKey, AUDIT_ACTIONS, NO_FILTERS, shortId, type AuditFilters } from './audit-actions.ts'
import { auditDetailText } from './audit-details.ts'
import { useAuditLog, useManagedUsers } from './api.ts'

function areaNames(nodes: AreaNode[] | undefined, into = new Map<string, string>()): Map<string, string> {
  for (const n of nodes ?? []) {
    into.set(n.code, n.name)
    areaNames(n.children, into)
  }
  return into
}

export function AuditLog({ session }: { session: SessionInfo }) {
  const t = useT()
  const lang = useLang()
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS)
  const log = useAuditLog(filters)
  const users = useManagedUsers(session.abilities.manageUsers)
  const tree = useAreaTree()
  const names = useMemo(() => areaNames(tree.data), [tree.data])
  const rows = useMemo(() => log.data?.pages.flat() ?? [], [log.data])
  const time = useMemo(() => new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' }), [lang])

  // Accounts to filter by: those the reader manages, and anyone already seen in the log.
  const people = useMemo(() => {
    const m = new Map<string, string>()
    for (const u of users.data ?? []) m.set(u.id, `${u.displayName} (${u.username})`)
    for (const r of rows) if (r.userId && !m.has(r.userId)) m.set(r.userId, r.username ?? r.userId)
    if (filters.userId && !m.has(filters.userId)) m.set(filters.userId, filters.userId)
    return [...m].sort((a, b) => zhCollator.compare(a[1], b[1]))
  }, [users.data, rows, filters.userId])

  const set = (patch: Partial<AuditFilters>) => setFilters((f) => ({ ...f, ...patch }))

  return (
    <section className="audit" aria-label={t('admin.tabAudit')} data-testid="audit-log">
      <p className="muted small">{t('audit.explain')}</p>
      <fieldset className="audit-filters">
        <legend className="visually-hidden">{t('audit.filters')}</legend>
        <label>
          <span>{t('audit.filterAction')}</span>
          <select value={filters.action} onChange={(e) => set({ action: e.target.value })} data-testid="audit-action">
            <option value="">{t('audit.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(actionKey(a)!)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('audit.filterUser')}</span>
          <select value={filters.userId} onChange={(e) => set({ userId: e.target.value })} data-testid="audit-user">
            <option value="">{t('audit.allUsers')}</option>
            {people.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('audit.from')}</span>
          <input type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => set({ from: e.target.value })} data-testid="audit-from" />
        </label>
        <label>
          <span>{t('audit.to')}</span>
          <input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => set({ to: e.target.value })} data-testid="audit-to" />
        </label>
        <button type="button" className="link" onClick={() => setFilters(NO_FILTERS)} disabled={filters === NO_FILTERS}>
          {t('audit.clear')}
        </button>
      </fieldset>

      {log.isError && (
        <p role="alert" className="error">
          {log.error.message || t('state.networkError')}
        </p>
      )}
      {log.isPending && <p className="muted">{t('state.loading')}</p>}
      {log.isSuccess && rows.length === 0 && <p className="muted">{t('audit.none')}</p>}

      {rows.length > 0 && (
        <table className="rows audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.time')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.targets')}</th>
              <th scope="col">{t('audit.area')}</th>
              <th scope="col">{t('audit.purpose')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const key = actionKey(r.action)
              const detail = auditDetailText(r.action, r.details, t)
              return (
                <tr key={r.id} data-testid="audit-row" data-action={r.action} data-targets={(r.targetIds ?? []).join(' ')}>
                  <td data-label={t('audit.time')} className="nowrap">
                    <time dateTime={r.at}>{time.format(new Date(r.at))}</time>
                  </td>
                  <td data-label={t('audit.who')}>
                    <strong>{r.username ?? t('audit.unknownUser')}</strong>
                    {r.role && <span className="muted small"> {roleLabel(r.role, lang)}</span>}
                  </td>
                  <td data-label={t('audit.action')}>
                    <span className={`action-tag tag-${r.action.split('.')[0]} ${r.action === 'break_glass' || r.action === 'login.failed' ? 'alert' : ''}`}>
                      {key ? t(key) : r.action}
                    </span>
                    {detail && <div className="muted small">{detail}</div>}
                  </td>
                  <td data-label={t('audit.targets')}>
                    {(r.targetIds?.length ?? 0) > 0 && (
                      <span className="ids">
                        {r.targetIds!.slice(0, 6).map((id) => {
                          const huhao = r.targetHuhao[id]
                          return huhao ? (
                            <code key={id} title={id} className="huhao" aria-label={t('audit.huhao', { huhao })}>
                              {huhao}
                            </code>
                          ) : (
                            <code key={id} title={id}>
                              {shortId(id)}
                            </code>
                          )
                        })}
                        {r.targetIds!.length > 6 && <span className="muted small">+{r.targetIds!.length - 6}</span>}
                      </span>
                    )}
                  </td>
                  <td data-label={t('audit.area')}>{r.areaCode ? <span title={r.areaCode}>{names.get(r.areaCode) ?? r.areaCode}</span> : ''}</td>
                  <td data-label={t('audit.purpose')} className="purpose">
                    {/* A view under a supervisor's grant carries the purpose 'break_glass'; the stated reason is on the grant's row. */}
                    {r.purpose ? (actionKey(r.purpose) ? t(actionKey(r.purpose)!) : r.purpose) : ''}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}

      {rows.length > 0 && (
        <div className="actions">
          <span className="muted small" role="status">
            {t('audit.shown', { n: rows.length })}
          </span>
          {log.hasNextPage ? (
            <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage} data-testid="audit-more">
              {log.isFetchingNextPage ? t('state.loading') : t('audit.loadMore')}
            </button>
          ) : (
            <span className="muted small">{t('audit.end')}</span>
          )}
        </div>
      )}
    </section>
  )
}
