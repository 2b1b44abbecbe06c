import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import { SEARCH_LIMIT, type SearchHit } from '../../contract/index.ts'

/** `%`, `_` and `\` are LIKE wildcards; a worker typing them means the character itself. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

export function searchRepository(database: Database) {
  return {
    /**
     * Households of one village whose 户号 starts with `q`, or with a member whose name contains `q`.
     * 户号 hits first (a typed number is the most precise ask), then by group and 户号.
     */
    async search(villageCode: string, q: string): Promise<SearchHit[]> {
      const prefix = `${escapeLike(q)}%`
      const contains = `%${escapeLike(q)}%`
      const rows = await database.rows<SearchHit & { lng: number | null; lat: number | null }>(sql`
        with hits as (
          select distinct on (h.id) h.id, h.huhao, h.group_number as "group", m.name, m.relation,
                 ST_X(h.location) as lng, ST_Y(h.location) as lat,
                 (h.huhao like ${prefix}) as by_huhao
          from households h
          left join members m on m.household_id = h.id
          where h.village_code = ${villageCode}
            and (h.huhao like ${prefix} or m.name like ${contains})
          -- per household keep the member whose name matched, else the head
          order by h.id, (m.name like ${contains}) desc, (m.relation = '户主') desc nulls last, m.position
        )
        select id, huhao, "group", name, relation, lng, lat from hits
        order by by_huhao desc, "group" nulls last, huhao
        limit ${SEARCH_LIMIT}`)
      return rows.map(({ lng, lat, ...hit }) => ({ ...hit, lngLat: lng === null || lat === null ? null : [lng, lat] }))
    },
  }
}

export type SearchRepository = ReturnType<typeof searchRepository>
