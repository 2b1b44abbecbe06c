import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { OrgKind, Role } from '@cuntu/domain'
import type { Organisation, UserOut } from '../../contract/index.ts'

/**
 * Accounts and organisations, as the owning role: callers pass the
 * organisations they may manage (their own and those below it).
 */
export function userRepository(database: Database) {
  return {
    /** An organisation and every one below it. */
    async subtree(rootId: string): Promise<string[]> {
      const rows = await database.rows<{ id: string }>(sql`
        with recursive t as (select id from organisations where id = ${rootId}
          union all select o.id from organisations o join t on o.parent_id = t.id)
        select id from t`)
      return rows.map((r) => r.id)
    },

    async list(orgIds: string[] | '*'): Promise<UserOut[]> {
      const filter = orgIds === '*' ? sql`true` : orgIds.length === 0 ? sql`false` : sql`u.organisation_id in (${sql.join(orgIds.map((o) => sql`${o}`), sql`, `)})`
      return database.rows<UserOut>(sql`
        select u.id, u.username, u.display_name as "displayName", u.role, u.organisation_id as "organisationId",
               o.name as "organisationName", u.disabled, u.totp_secret is not null as totp
        from users u left join organisations o on o.id = u.organisation_id
        where ${filter} order by o.name nulls first, u.username`)
    },

    async create(u: { username: string; displayName: string; role: Role; organisationId: string | null; passwordHash: string; demo?: boolean }): Promise<string> {
      const [row] = await database.rows<{ id: string }>(sql`
        insert into users (username, display_name, role, organisation_id, password_hash, demo)
        values (${u.username}, ${u.displayName}, ${u.role}, ${u.organisationId}, ${u.passwordHash}, ${u.demo ?? false})
        returning id`)
      return row!.id
    },

    async setDisabled(id: string, disabled: boolean): Promise<void> {
      await database.db.execute(sql`update users set disabled = ${disabled}, updated_at = now() where id = ${id}`)
    },

    async createOrganisation(o: { kind: OrgKind; name: string; parentId: string | null; areaCodes: string[] }): Promise<string> {
      const [row] = await database.rows<{ id: string }>(sql`
        insert into organisations (kind, name, parent_id) values (${o.kind}, ${o.name}, ${o.parentId}) returning id`)
      for (const code of o.areaCodes) {
        await database.db.execute(sql`insert into organisation_areas (organisation_id, area_code) values (${row!.id}, ${code})`)
      }
      return row!.id
    },

    async assignSupervisor(userId: string, organisationId: string): Promise<void> {
      await database.db.execute(sql`insert into supervisor_assignments (user_id, organisation_id) values (${userId}, ${organisationId}) on conflict do nothing`)
    },

    /** Organisations with the areas they serve, for the ids given (or all). */
    async organisations(ids: string[] | '*'): Promise<Organisation[]> {
      const filter = ids === '*' ? sql`true` : ids.length === 0 ? sql`false` : sql`o.id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`
      return database.rows(sql`
        select o.id, o.kind, o.name, o.parent_id as "parentId",
               coalesce(array_agg(oa.area_code order by oa.area_code) filter (where oa.area_code is not null), '{}') as "areaCodes"
        from organisations o left join organisation_areas oa on oa.organisation_id = o.id
        where ${filter} group by o.id order by o.name`)
    },

    /** Which of these area codes exist. */
    async existingAreas(codes: string[]): Promise<string[]> {
      if (codes.length === 0) return []
      const rows = await database.rows<{ code: string }>(sql`select code from areas where code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})`)
      return rows.map((r) => r.code)
    },

    async organisationByName(name: string): Promise<string | null> {
      const [row] = await database.rows<{ id: string }>(sql`select id from organisations where name = ${name}`)
      return row?.id ?? null
    },
  }
}

export type UserRepository = ReturnType<typeof userRepository>
