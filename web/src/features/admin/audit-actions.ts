/**
 * The audited actions the server writes (see server/src/features/*), each with
 * a translated label, and the pure helpers the audit viewer needs.
 */
import type { MessageKey } from '../../i18n/types.ts'

export const AUDIT_ACTIONS = [
  'household.view',
  'households.list_named',
  'search',
  'household.create',
  'household.update',
  'household.delete',
  'member.create',
  'member.update',
  'member.delete',
  'import.preview',
  'import.commit',
  'import.undo',
  'export',
  'print',
  'break_glass',
  'login',
  'login.failed',
  'logout',
  'logout.all',
  'password.change',
  'totp.enable',
  'totp.disable',
  'user.create',
  'user.disable',
  'user.enable',
  'user.password_reset',
  'session.end',
  'map.create',
  'map.update',
  'map.import',
  'map.export',
  'layer.create',
  'layer.update',
  'feature.create',
  'feature.update',
  'feature.delete',
  'feature.restore',
  'feature.restore_version',
  'feature.history',
  'features.view_contacts',
  'feature_kind.create',
  'photo.add',
  'photo.delete',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export const isKnownAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a)

/** The label key of an action; unknown actions (newer server) are shown as written. */
export function actionKey(a: string): MessageKey | null {
  return isKnownAction(a) ? (`audit.action.${a}` satisfies MessageKey) : null
}

/** A UUID shortened for display (first 8 hex digits); area codes and other ids are kept whole. */
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id) ? id.slice(0, 8) : id
}

export interface AuditFilters {
  action: string
  userId: string
  /** Local calendar days, `YYYY-MM-DD`, both inclusive; '' for open. */
  from: string
  to: string
}

export const NO_FILTERS: AuditFilters = { action: '', userId: '', from: '', to: '' }

/** Local midnight of a `YYYY-MM-DD` day plus `addDays`, as an ISO instant. */
function localMidnight(day: string, addDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d + addDays).toISOString()
}

/**
 * The query string for GET /api/audit. Days are the reader's local days: `to`
 * is inclusive here while the server's `to` is exclusive, so it becomes the
 * next local midnight.
 */
export function auditQuery(f: AuditFilters, limit: number, before?: number): string {
  const p = new URLSearchParams()
  if (f.action) p.set('action', f.action)
  if (f.userId) p.set('userId', f.userId)
  if (f.from) p.set('from', localMidnight(f.from))
  if (f.to) p.set('to', localMidnight(f.to, 1))
  p.set('limit', String(limit))
  if (before !== undefined) p.set('before', String(before))
  return p.toString()
}
