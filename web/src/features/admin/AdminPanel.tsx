/**
 * 管理: the audit log (station leads, system admins) and account management,
 * as one full-screen page over the map with a tab per part the role may use.
 */
import { useEffect, useRef, useState } from 'react'
import type { SessionInfo } from '@cuntu/server/contract'
import { useT } from '../../i18n/index.ts'
import { AuditLog } from './AuditLog.tsx'
import { UserAdmin } from './UserAdmin.tsx'

type Tab = 'audit' | 'users'

/** Whether the 管理 button is offered at all. */
export const mayAdminister = (s: SessionInfo) => s.abilities.readAudit || s.abilities.manageUsers

export function AdminPanel({ session, onClose }: { session: SessionInfo; onClose: () => void }) {
  const t = useT()
  const tabs: Tab[] = [...(session.abilities.readAudit ? (['audit'] as const) : []), ...(session.abilities.manageUsers ? (['users'] as const) : [])]
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'audit')
  const heading = useRef<HTMLHeadingElement>(null)
  // The shell passes a fresh closure each render; focus and Esc are set up once, on open.
  const close = useRef(onClose)
  close.current = onClose

  useEffect(() => {
    const back = document.activeElement
    heading.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) close.current()
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      if (back instanceof HTMLElement && document.contains(back)) back.focus()
    }
  }, [])

  const label = (x: Tab) => t(x === 'audit' ? 'admin.tabAudit' : 'admin.tabUsers')
  return (
    <div className="admin" role="dialog" aria-modal="true" aria-labelledby="admin-title" data-testid="admin">
      <header className="admin-head">
        <h2 id="admin-title" ref={heading} tabIndex={-1}>
          {t('admin.title')}
        </h2>
        <div className="tabs" role="tablist" aria-label={t('admin.title')}>
          {tabs.map((x) => (
            <button
              key={x}
              type="button"
              role="tab"
              id={`admin-tab-${x}`}
              aria-selected={tab === x}
              aria-controls={`admin-pane-${x}`}
              className={tab === x ? 'on' : ''}
              onClick={() => setTab(x)}
              data-testid={`admin-tab-${x}`}
            >
              {label(x)}
            </button>
          ))}
        </div>
        <button type="button" className="icon" onClick={onClose} aria-label={t('admin.close')} data-testid="admin-close">
          ×
        </button>
      </header>
      <div className="admin-body" role="tabpanel" id={`admin-pane-${tab}`} aria-labelledby={`admin-tab-${tab}`}>
        {tab === 'audit' && session.abilities.readAudit && <AuditLog session={session} />}
        {tab === 'users' && session.abilities.manageUsers && <UserAdmin session={session} />}
      </div>
    </div>
  )
}
