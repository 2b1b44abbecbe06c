/**
 * The change log: every change to an edited record (feature, layer, map;
 * households later) kept as who, when, action, version and the record before
 * and after, as JSON. One mechanism for every entity; insert-only for the
 * application role, scoped by village code like the records themselves.
 */
import { sql } from 'drizzle-orm'
import { queryRows, type Database, type Executor } from '@cuntu/db'
import type { ChangeEntry } from '../../contract/index.ts'

export type ChangeAction = ChangeEntry['action']
export type EntityType = 'feature' | 'layer' | 'map'

export interface ChangeActor {
  userId: string | null
  username: string | null
}

export interface Change {
  entityType: EntityType
  entityId: string
  villageCode: string
  action: ChangeAction
  /** The version after the change. */
  version: number
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

/** Write one change in the caller's transaction, so the edit and its record commit together. */
export async function recordChange(ex: Executor, actor: ChangeActor, c: Change): Promise<void> {
  await ex.execute(sql`
    insert into change_log (user_id, username, entity_type, entity_id, village_code, action, version, before, after)
    values (${actor.userId}, ${actor.username}, ${c.entityType}, ${c.entityId}, ${c.villageCode}, ${c.action}, ${c.version},
            ${c.before ? JSON.stringify(c.before) : null}::jsonb, ${c.after ? JSON.stringify(c.after) : null}::jsonb)`)
}

export function changeRepository(database: Database) {
  return {
    /** Oldest first. */
    async history(entityType: EntityType, entityId: string): Promise<ChangeEntry[]> {
      return database.rows<ChangeEntry>(sql`
        select id::int as id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, username, action, version, before, after
        from change_log where entity_type = ${entityType} and entity_id = ${entityId} order by id`)
    },
    async entry(entityType: EntityType, entityId: string, changeId: number): Promise<ChangeEntry | null> {
      const [row] = await queryRows<ChangeEntry>(
        database.db,
        sql`select id::int as id, at::text as at, username, action, version, before, after
            from change_log where entity_type = ${entityType} and entity_id = ${entityId} and id = ${changeId}`,
      )
      return row ?? null
    },
  }
}
