import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { PrintCounts, PrintParams, PrintSnapshot } from '../../contract/index.ts'

interface SnapshotRow {
  id: string
  villageCode: string
  createdAt: string
  createdBy: string
  kind: PrintSnapshot['kind']
  title: string
  params: PrintParams
  counts: PrintCounts
}

const COLUMNS = sql`id, village_code as "villageCode", to_json(created_at)#>>'{}' as "createdAt", created_by_name as "createdBy",
  kind, title, params, counts`

/** Saved print snapshots; row-level security keeps them inside the caller's area scope (migration 0011). */
export function printRepository(database: Database) {
  return {
    async create(s: { villageCode: string; userId: string; userName: string; params: PrintParams; counts: PrintCounts }): Promise<SnapshotRow> {
      const [row] = await database.rows<SnapshotRow>(sql`
        insert into print_snapshots (village_code, created_by, created_by_name, kind, title, params, counts)
        values (${s.villageCode}, ${s.userId}, ${s.userName}, ${s.params.kind}, ${s.params.title},
                ${JSON.stringify(s.params)}::jsonb, ${JSON.stringify(s.counts)}::jsonb)
        returning ${COLUMNS}`)
      return row!
    },

    /** Newest first. */
    list(villageCode: string, limit: number): Promise<SnapshotRow[]> {
      return database.rows<SnapshotRow>(sql`
        select ${COLUMNS} from print_snapshots where village_code = ${villageCode} order by created_at desc, id limit ${limit}`)
    },

    async get(id: string): Promise<SnapshotRow | null> {
      const [row] = await database.rows<SnapshotRow>(sql`select ${COLUMNS} from print_snapshots where id = ${id}`)
      return row ?? null
    },

    async villageLevel(code: string): Promise<string | null> {
      const [row] = await database.rows<{ level: string }>(sql`select level from areas where code = ${code}`)
      return row?.level ?? null
    },
  }
}

export type PrintRepository = ReturnType<typeof printRepository>
