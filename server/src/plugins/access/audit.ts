/**
 * Writing the audit log: the one way every action is recorded (in the caller's
 * transaction, so an action and its audit row commit or roll back together).
 */
import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { Role } from '@cuntu/domain'

/** An audited action. Ids and codes only: never names, health or other sensitive values. */
export interface AuditEntry {
  action: string
  targetType?: string
  targetIds?: string[]
  areaCode?: string | null
  purpose?: string | null
  details?: Record<string, unknown>
}

export interface AuditActor {
  userId: string | null
  username: string | null
  role: Role | null
  ip?: string
  userAgent?: string
}

/** Insert one audit row through `database` (the database, or the scoped transaction of the action). */
export async function recordAudit(database: Pick<Database, 'db'>, actor: AuditActor, e: AuditEntry): Promise<void> {
  await database.db.execute(sql`
    insert into audit_log (user_id, username, role, action, target_type, target_ids, area_code, purpose, details, ip, user_agent)
    values (${actor.userId}, ${actor.username}, ${actor.role}, ${e.action}, ${e.targetType ?? null},
            ${e.targetIds ? sql.param(e.targetIds) : null}::text[], ${e.areaCode ?? null}, ${e.purpose ?? null},
            ${e.details ? JSON.stringify(e.details) : null}::jsonb, ${actor.ip ?? null}, ${actor.userAgent?.slice(0, 300) ?? null})`)
}
