/** Reading the audit log (station leads, admins). Writing it is `recordAudit` in plugins/access/audit.ts, the one way. */
import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { Role } from '@cuntu/domain'

export interface AuditQuery {
  action?: string
  userId?: string
  areaCode?: string
  from?: string
  to?: string
  limit: number
  before?: number
}

export interface AuditRow {
  id: number
  at: string
  userId: string | null
  username: string | null
  role: Role | null
  action: string
  targetType: string | null
  targetIds: string[] | null
  areaCode: string | null
  purpose: string | null
  details: Record<string, unknown> | null
}

export function auditRepository(database: Database) {
  return {
    /** Newest first; row-level security limits rows to the reader's areas (and their own actions). */
    async list(q: AuditQuery): Promise<AuditRow[]> {
      const where = [sql`true`]
      if (q.action) where.push(sql`action = ${q.action}`)
      if (q.userId) where.push(sql`user_id = ${q.userId}`)
      if (q.areaCode) where.push(sql`starts_with(area_code, ${q.areaCode.replace(/0+$/, '')})`)
      if (q.from) where.push(sql`at >= ${q.from}::timestamptz`)
      if (q.to) where.push(sql`at < ${q.to}::timestamptz`)
      if (q.before) where.push(sql`id < ${q.before}`)
      return database.rows<AuditRow>(sql`
        select id::int as id, to_json(at)#>>'{}' as at, user_id as "userId", username, role, action, target_type as "targetType",
               target_ids as "targetIds", area_code as "areaCode", purpose, details
        from audit_log where ${sql.join(where, sql` and `)} order by id desc limit ${q.limit}`)
    },
  }
}

export type AuditRepository = ReturnType<typeof auditRepository>
