import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { AreaDetail, AreaNode, AreaSummary } from '../../contract/index.ts'
import { villageCodeRange } from '@cuntu/domain'

const summaryColumns = sql`a.code, a.name, a.level, a.parent_code as "parentCode"`

export function areaRepository(database: Database) {
  return {
    /** The areas `visible` lets through, as a forest, children sorted by code. */
    async tree(visible: (code: string) => boolean = () => true): Promise<AreaNode[]> {
      const rows = (await database.rows<AreaSummary>(sql`select ${summaryColumns} from areas a order by a.code`)).filter((r) => visible(r.code))
      const nodes = new Map<string, AreaNode>(rows.map((r) => [r.code, { ...r, children: [] }]))
      const roots: AreaNode[] = []
      for (const node of nodes.values()) {
        const parent = node.parentCode ? nodes.get(node.parentCode) : undefined
        if (parent) parent.children.push(node)
        else roots.push(node)
      }
      return roots
    },

    async detail(code: string): Promise<AreaDetail | null> {
      const [area] = await database.rows<AreaSummary & { boundary: string | null }>(
        sql`select ${summaryColumns}, ST_AsGeoJSON(a.boundary, 7) as boundary from areas a where a.code = ${code}`,
      )
      if (!area) return null
      const path = await database.rows<AreaSummary & { depth: number }>(sql`
        with recursive up as (
          select ${summaryColumns}, 0 as depth from areas a where a.code = ${area.parentCode}
          union all
          select ${summaryColumns}, up.depth + 1 from areas a join up on a.code = up."parentCode"
        ) select * from up order by depth desc`)
      const children = await database.rows<AreaSummary>(
        sql`select ${summaryColumns} from areas a where a.parent_code = ${code} order by a.code`,
      )
      const groups = await database.rows<{ number: number; name: string; households: number }>(sql`
        select g.number, g.name, (select count(*)::int from households h where h.village_code = g.village_code and h.group_number = g.number) as households
        from village_groups g where g.village_code = ${code} order by g.number`)
      // From the summaries the triggers keep (migrations 0017, 0021), not a pass over the households:
      // a 100,000-household village's count and extent were seconds on the embedded database.
      const { lo, hi } = villageCodeRange(code)
      const [extent] = await database.rows<{ households: number; w: number | null; s: number | null; e: number | null; n: number | null }>(sql`
        select (select coalesce(sum(r.households), 0)::int from area_rollups r
                where r.level = 'village' and r.area_code between ${lo} and ${hi}) as households,
               ST_XMin(ST_Extent(s.extent)) as w, ST_YMin(ST_Extent(s.extent)) as s,
               ST_XMax(ST_Extent(s.extent)) as e, ST_YMax(ST_Extent(s.extent)) as n
        from village_summaries s where s.village_code between ${lo} and ${hi}`)
      const bbox: AreaDetail['bbox'] =
        extent && extent.w !== null ? [Number(extent.w), Number(extent.s), Number(extent.e), Number(extent.n)] : null
      return {
        ...area,
        boundary: area.boundary ? JSON.parse(area.boundary) : null,
        path: path.map(({ depth: _depth, ...a }) => a),
        children,
        groups,
        households: extent?.households ?? 0,
        bbox,
      }
    },

    /** An area's level, or null for an unknown code: one row, where a route only checks what kind of area it was given. */
    async level(code: string): Promise<AreaSummary['level'] | null> {
      const [row] = await database.rows<{ level: AreaSummary['level'] }>(sql`select level from areas where code = ${code}`)
      return row?.level ?? null
    },

    async exists(code: string): Promise<boolean> {
      const rows = await database.rows(sql`select 1 from areas where code = ${code}`)
      return rows.length > 0
    },
  }
}

export type AreaRepository = ReturnType<typeof areaRepository>
