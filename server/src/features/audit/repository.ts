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
  /** 户号 of the household targets the reader may see, by household id (none for other targets, or a household now gone). */
  targetHuhao: Record<string, string>
}

export function auditRepository(database: Database) {
  return {
    /**
     * Newest first; row-level security limits rows to the reader's areas (and their own actions).
     * Household targets carry their 户号, read under the same security: a household outside the
     * reader's areas (or deleted since) keeps only its id.
     */
    async list(q: AuditQuery): Promise<AuditRow[]> {
      const where = [sql`true`]
      if (q.action) where.push(sql`action = ${q.action}`)
      if (q.userId) where.push(sql`user_id = ${q.userId}`)
      if (q.areaCode) where.push(sql`starts_with(area_code, ${q.areaCode.replace(/0+$/, '')})`)
      if (q.from) where.push(sql`at >= ${q.from}::timestamptz`)
      if (q.to) where.push(sql`at < ${q.to}::timestamptz`)
      if (q.before) where.push(sql`id < ${q.before}`)
      return database.rows<AuditRow>(sql`
        select a.id::int as id, to_json(a.at)#>>'{}' as at, a.user_id as "userId", a.username, a.role, a.action, a.target_type as "targetType",
               a.target_ids as "targetIds", a.area_code as "areaCode", a.purpose, a.details,
               coalesce(case when a.target_type = 'household' then (
                 select json_object_agg(h.id, h.huhao) from households h where h.id = any(a.target_ids::uuid[])
               ) end, '{}'::json) as "targetHuhao"
        from (select * from audit_log where ${sql.join(where, sql` and `)} order by id desc limit ${q.limit}) a
        order by a.id desc`)
    },
  }
}

export type AuditRepository = ReturnType<typeof auditRepository>
