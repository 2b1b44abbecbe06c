import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { Role } from '@cuntu/domain'
import { scopePrefix } from '@cuntu/db'
import { SESSION_IDLE_MS } from '@cuntu/domain'

/**
 * Accounts and sessions. These tables are read by the auth layer before a
 * request has a scope, so they are queried as the owning role, never by
 * feature routes, and carry no household data.
 */

export interface UserRow {
  id: string
  username: string
  displayName: string
  role: Role
  organisationId: string | null
  passwordHash: string
  totpSecret: string | null
  totpLastStep: number | null
  failedLogins: number
  lockedUntil: string | null
  disabled: boolean
}

export interface LiveSession {
  id: string
  createdAt: string
  lastSeenAt: string
  userAgent: string | null
  ip: string | null
  tokenHash: string
}

export interface SessionRow {
  tokenHash: string
  userId: string
  csrfToken: string
  lastSeenAt: string
  expiresAt: string
  revokedAt: string | null
}

const userColumns = sql`u.id, u.username, u.display_name as "displayName", u.role, u.organisation_id as "organisationId",
  u.password_hash as "passwordHash", u.totp_secret as "totpSecret", u.totp_last_step::float8 as "totpLastStep", u.failed_logins as "failedLogins",
  to_json(u.locked_until)#>>'{}' as "lockedUntil", u.disabled`

export function authRepository(database: Database) {
  return {
    async userByName(username: string): Promise<UserRow | null> {
      const [row] = await database.rows<UserRow>(sql`select ${userColumns} from users u where lower(u.username) = lower(${username})`)
      return row ?? null
    },

    async userById(id: string): Promise<UserRow | null> {
      const [row] = await database.rows<UserRow>(sql`select ${userColumns} from users u where u.id = ${id}`)
      return row ?? null
    },

    /** Clears the hard-lock columns of earlier versions (throttling is in features/auth/throttle.ts now). */
    async recordSuccess(userId: string): Promise<void> {
      await database.db.execute(sql`update users set failed_logins = 0, locked_until = null where id = ${userId}`)
    },

    async createSession(s: { tokenHash: string; userId: string; csrfToken: string; absoluteMs: number; userAgent?: string; ip?: string }) {
      await database.db.execute(sql`
        insert into sessions (token_hash, user_id, csrf_token, expires_at, user_agent, ip)
        values (${s.tokenHash}, ${s.userId}, ${s.csrfToken}, now() + (${s.absoluteMs} * interval '1 millisecond'),
                ${s.userAgent?.slice(0, 300) ?? null}, ${s.ip ?? null})`)
    },

    async session(tokenHash: string): Promise<SessionRow | null> {
      const [row] = await database.rows<SessionRow>(sql`
        select token_hash as "tokenHash", user_id as "userId", csrf_token as "csrfToken",
               to_json(last_seen_at)#>>'{}' as "lastSeenAt", to_json(expires_at)#>>'{}' as "expiresAt",
               to_json(revoked_at)#>>'{}' as "revokedAt"
        from sessions where token_hash = ${tokenHash}`)
      return row ?? null
    },

    async touchSession(tokenHash: string): Promise<void> {
      await database.db.execute(sql`update sessions set last_seen_at = now() where token_hash = ${tokenHash}`)
    },

    async revokeSession(tokenHash: string): Promise<void> {
      await database.db.execute(sql`update sessions set revoked_at = now() where token_hash = ${tokenHash} and revoked_at is null`)
    },

    async revokeAllSessions(userId: string): Promise<number> {
      const rows = await database.rows(sql`update sessions set revoked_at = now() where user_id = ${userId} and revoked_at is null returning 1`)
      return rows.length
    },

    async setPassword(userId: string, passwordHash: string): Promise<void> {
      await database.db.execute(sql`update users set password_hash = ${passwordHash}, updated_at = now() where id = ${userId}`)
    },

    async setTotp(userId: string, sealed: string | null): Promise<void> {
      await database.db.execute(sql`update users set totp_secret = ${sealed}, updated_at = now() where id = ${userId}`)
    },

    /**
     * The area-code prefixes a user's organisation serves (supervisors: the
     * organisations assigned to them), and active break-glass villages.
     */
    async scopeOf(user: Pick<UserRow, 'id' | 'role' | 'organisationId'>): Promise<{ prefixes: string[] | '*'; glass: string[]; glassUntil: number | null }> {
      if (user.role === 'system_admin') return { prefixes: '*', glass: [], glassUntil: null }
      const areas = await database.rows<{ code: string }>(
        user.role === 'supervisor'
          ? sql`select distinct oa.area_code as code from supervisor_assignments sa
                join organisation_areas oa on oa.organisation_id = sa.organisation_id where sa.user_id = ${user.id}`
          : sql`select oa.area_code as code from organisation_areas oa where oa.organisation_id = ${user.organisationId}`,
      )
      const grants = user.role === 'supervisor'
        ? await database.rows<{ code: string; until: number }>(sql`select village_code as code, (extract(epoch from max(expires_at)) * 1000)::float8 as until
              from break_glass_grants where user_id = ${user.id} and expires_at > now() group by village_code`)
        : []
      // A village leaves the scope when its last grant ends; a principal remembered past the first such end would keep it.
      const glassUntil = grants.length ? Math.min(...grants.map((g) => g.until)) : null
      return { prefixes: areas.map((a) => scopePrefix(a.code)), glass: grants.map((g) => g.code), glassUntil }
    },

    async grantBreakGlass(userId: string, villageCode: string, reason: string, ms: number): Promise<string> {
      const [row] = await database.rows<{ expires: string }>(sql`
        insert into break_glass_grants (user_id, village_code, reason, expires_at)
        values (${userId}, ${villageCode}, ${reason}, now() + (${ms} * interval '1 millisecond'))
        returning to_json(expires_at)#>>'{}' as expires`)
      return row!.expires
    },

    /**
     * Use up a TOTP time step: true if it is later than the last one that signed in
     * (and is now the last), false for a replay of that code or an earlier one.
     * One statement, so two sign-ins racing with the same code cannot both win.
     */
    async claimTotpStep(userId: string, step: number): Promise<boolean> {
      const rows = await database.rows(sql`
        update users set totp_last_step = ${step}
        where id = ${userId} and (totp_last_step is null or totp_last_step < ${step}) returning 1`)
      return rows.length === 1
    },

    /** A user's live sessions, newest first. `id` is a prefix of the token's hash: enough to name one, useless as a cookie. */
    async liveSessions(userId: string): Promise<LiveSession[]> {
      return database.rows<LiveSession>(sql`
        select left(token_hash, 16) as id, to_json(created_at)#>>'{}' as "createdAt", to_json(last_seen_at)#>>'{}' as "lastSeenAt",
               user_agent as "userAgent", ip, token_hash as "tokenHash"
        from sessions
        where user_id = ${userId} and revoked_at is null and expires_at > now()
          and last_seen_at > now() - (${SESSION_IDLE_MS} * interval '1 millisecond')
        order by created_at desc`)
    },

    /** End one of the user's own sessions by its `id`; false when there is no such live session. */
    async revokeSessionById(userId: string, id: string): Promise<boolean> {
      const rows = await database.rows(sql`
        update sessions set revoked_at = now()
        where user_id = ${userId} and left(token_hash, 16) = ${id} and revoked_at is null returning 1`)
      return rows.length > 0
    },

    async demoAccountsExist(): Promise<boolean> {
      return (await database.rows(sql`select 1 from users where demo limit 1`)).length > 0
    },
  }
}

export type AuthRepository = ReturnType<typeof authRepository>
