/**
 * An audit row's details as one line of the reader's language: "按姓名搜索 ·
 * 命中 1 户" rather than "hits=1 · kind=name". Known keys have a phrase each;
 * hashes, snapshot ids and nested objects (filters, page setup) are left out;
 * an unknown key from a newer server is shown as written, `key=value`.
 */
import type { T } from '../../i18n/index.ts'
import { HOUSEHOLD_FIELDS } from '../card/fields.ts'

type Details = Record<string, unknown> | null | undefined

/** Keys never shown: ids and hashes mean nothing to a reader, and the viewer already shows the targets. */
const HIDDEN = new Set(['snapshot', 'fileSha256', 'locationsSha256', 'change', 'stats', 'locations', 'counts', 'extent', 'layers', 'page', 'filters'])

/**
 * The order phrases are said in. The server stores details as jsonb, which keeps
 * keys in its own order (shortest first), so the order is set here.
 */
const ORDER = ['kind', 'reason', 'format', 'names', 'contacts', 'deidentified', 'fields', 'length', 'hits', 'households', 'features', 'restored', 'deleted', 'groupsDeleted', 'revoked', 'filter', 'current', 'via']
const rank = (k: string) => {
  const i = ORDER.indexOf(k)
  return i < 0 ? ORDER.length : i
}

const FIELD_LABELS = new Map<string, Parameters<T>[0]>(HOUSEHOLD_FIELDS.map((f) => [f.key, f.label]))

export function auditDetailText(action: string, details: Details, t: T): string {
  if (!details) return ''
  const yes = (v: unknown) => (v ? t('auditDetail.yes') : t('auditDetail.no'))
  const parts: string[] = []
  const entries = Object.entries(details).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
  for (const [key, v] of entries) {
    if (v === null || v === undefined || HIDDEN.has(key)) continue
    const n = Number(v)
    switch (key) {
      case 'kind':
        if (action === 'search' && (v === 'name' || v === 'huhao')) parts.push(t(v === 'name' ? 'auditDetail.searchByName' : 'auditDetail.searchByHuhao'))
        else if (action === 'print' && (v === 'sheet' || v === 'atlas' || v === 'wechat')) parts.push(t(`auditDetail.print.${v}`))
        else if (action.startsWith('import') && (v === 'archive' || v === 'locations')) parts.push(t(`auditDetail.import.${v}`))
        else parts.push(`${key}=${String(v)}`)
        break
      case 'hits':
        parts.push(t('auditDetail.hits', { n }))
        break
      case 'length':
        parts.push(t('auditDetail.length', { n }))
        break
      case 'households':
        parts.push(t('auditDetail.households', { n }))
        break
      case 'features':
        parts.push(t('auditDetail.features', { n }))
        break
      case 'restored':
        parts.push(t('auditDetail.restored', { n }))
        break
      case 'deleted':
        parts.push(t('auditDetail.deleted', { n }))
        break
      case 'groupsDeleted':
        parts.push(t('auditDetail.groupsDeleted', { n }))
        break
      case 'revoked':
        parts.push(t('auditDetail.revoked', { n }))
        break
      case 'format':
        parts.push(t('auditDetail.format', { format: String(v).toUpperCase() }))
        break
      case 'names':
        parts.push(`${t('auditDetail.names')}${yes(v)}`)
        break
      case 'contacts':
        parts.push(`${t('auditDetail.contacts')}${yes(v)}`)
        break
      case 'deidentified':
        if (v) parts.push(t('auditDetail.deidentified'))
        break
      case 'current':
        if (v) parts.push(t('auditDetail.current'))
        break
      case 'filter':
        if (v) parts.push(t('auditDetail.filtered'))
        break
      case 'via':
        parts.push(v === 'cli' ? t('auditDetail.viaCli') : `${key}=${String(v)}`)
        break
      case 'reason':
        if (v === 'login_failed' || v === 'throttled' || v === 'totp_required' || v === 'totp_invalid' || v === 'totp_used') parts.push(t(`auditDetail.reason.${v}`))
        else parts.push(`${key}=${String(v)}`)
        break
      case 'fields':
        if (Array.isArray(v) && v.length > 0) {
          const labels = v.map((f) => {
            const k = FIELD_LABELS.get(String(f))
            return k ? t(k) : String(f)
          })
          parts.push(t('auditDetail.fields', { fields: labels.join(t('auditDetail.listSep')) }))
        }
        break
      default:
        if (typeof v !== 'object') parts.push(`${key}=${String(v)}`)
    }
  }
  return parts.join(' · ')
}
