import { sql, type SQL } from 'drizzle-orm'
import { pgErrorOf, queryRows, type Database, type Executor } from '@cuntu/db'
import type {
  CategoryAssignment,
  Household,
  HouseholdCategoryInput,
  HouseholdCreate,
  HouseholdFilter,
  HouseholdPatch,
  Member,
  MemberCategoryInput,
  MemberCreate,
  MemberPatch,
  VillageStats,
} from '../../contract/index.ts'
import { AppError, badRequest, conflict, notFound } from '../../plugins/errors.ts'
import { householdWhere } from './filter-sql.ts'
import { heldCodes } from './facet-sql.ts'
import { checkAssignments, type RegistryEntry } from './assignments.ts'
import { addressOf } from '../imports/parse/cells.ts'

const geo = (g: unknown): SQL => (g ? sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326)` : sql`null`)

/** Writable household columns: API field → column. The allow-list that keeps user input out of SQL text. */
const HOUSEHOLD_COLUMNS = {
  huhao: 'huhao',
  group: 'group_number',
  doorNumber: 'door_number',
  housing: 'housing',
  living: 'living',
  notes: 'notes',
  status: 'status',
} as const
const HOUSEHOLD_GEOMETRY = { location: 'location', footprint: 'footprint' } as const

const MEMBER_COLUMNS = {
  name: 'name',
  relation: 'relation',
  sex: 'sex',
  birthDate: 'birth_date',
  ethnicity: 'ethnicity',
  marriedOut: 'married_out',
  health: 'health',
  schooling: 'schooling',
  work: 'work',
  disabilityText: 'disability_text',
  notes: 'notes',
  position: 'position',
} as const

function setList<K extends string>(input: Record<string, unknown>, columns: Record<K, string>): SQL[] {
  const sets: SQL[] = []
  for (const [field, column] of Object.entries(columns) as [K, string][]) {
    if (input[field] !== undefined) sets.push(sql`${sql.identifier(column)} = ${input[field] ?? null}`)
  }
  return sets
}

function rethrowConstraint(err: unknown, huhao?: string): never {
  const { code, constraint } = pgErrorOf(err)
  if (code === '23505' && constraint === 'households_village_huhao_key') throw conflict('duplicate_huhao', { huhao: huhao ?? '' })
  if (code === '23503' && constraint?.includes('group_number')) throw badRequest('group_not_found', { group: '?' })
  if (code === '23505' && constraint?.endsWith('_categories_unique')) throw badRequest('duplicate_category', { code: '?' })
  throw err
}

export function householdRepository(database: Database) {
  const { db } = database

  async function registry(ex: Executor): Promise<Map<string, RegistryEntry>> {
    const rows = await queryRows<RegistryEntry>(ex, sql`select code, scope, per_year as "perYear" from categories`)
    return new Map(rows.map((r) => [r.code, r]))
  }

  async function requireVillage(ex: Executor, code: string): Promise<void> {
    const [row] = await queryRows<{ level: string }>(ex, sql`select level from areas where code = ${code}`)
    if (!row || row.level !== 'village') throw notFound('village_not_found', { code })
  }

  async function requireGroup(ex: Executor, villageCode: string, group: number | null | undefined): Promise<void> {
    if (group === null || group === undefined) return
    const [row] = await queryRows(ex, sql`select 1 from village_groups where village_code = ${villageCode} and number = ${group}`)
    if (!row) throw badRequest('group_not_found', { group })
  }

  async function insertHouseholdCategories(ex: Executor, householdId: string, list: HouseholdCategoryInput[], source: string) {
    for (const c of list) {
      await ex.execute(sql`insert into household_categories (household_id, category_code, year, valid_from, valid_to, note, source)
        values (${householdId}, ${c.code}, ${c.year ?? null}, ${c.validFrom ?? null}, ${c.validTo ?? null}, ${c.note ?? null}, ${source})`)
    }
  }

  async function insertMemberCategories(ex: Executor, memberId: string, list: MemberCategoryInput[], source: string) {
    for (const c of list) {
      await ex.execute(sql`insert into member_categories (member_id, category_code, year, valid_from, valid_to, note, source, disability_type, disability_grade)
        values (${memberId}, ${c.code}, ${c.year ?? null}, ${c.validFrom ?? null}, ${c.validTo ?? null}, ${c.note ?? null}, ${source},
                ${c.disabilityType ?? null}, ${c.disabilityGrade ?? null})`)
    }
  }

  async function insertMember(ex: Executor, householdId: string, m: MemberCreate, position: number, source: string): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      ex,
      sql`insert into members (household_id, position, name, relation, sex, birth_date, ethnicity, married_out, health, schooling, work, disability_text, notes)
        values (${householdId}, ${m.position ?? position}, ${m.name}, ${m.relation ?? null}, ${m.sex ?? null}, ${m.birthDate ?? null},
                ${m.ethnicity ?? null}, ${m.marriedOut ?? false}, ${m.health ?? null}, ${m.schooling ?? null}, ${m.work ?? null},
                ${m.disabilityText ?? null}, ${m.notes ?? null})
        returning id`,
    )
    await insertMemberCategories(ex, row!.id, m.categories ?? [], source)
    return row!.id
  }

  async function touchHousehold(ex: Executor, householdId: string) {
    await ex.execute(sql`update households set updated_at = now() where id = ${householdId}`)
  }

  async function loadAssignments(ex: Executor, householdId: string): Promise<CategoryAssignment[]> {
    return queryRows<CategoryAssignment>(
      ex,
      sql`select a.id, a.category_code as code, a.year, a.valid_from::text as "validFrom", a.valid_to::text as "validTo",
                 a.source, a.note, a."memberId", a."disabilityType", a."disabilityGrade"
          from (
            select hc.id, hc.category_code, hc.year, hc.valid_from, hc.valid_to, hc.source, hc.note,
                   null::uuid as "memberId", null::text as "disabilityType", null::int as "disabilityGrade", -1 as pos
            from household_categories hc where hc.household_id = ${householdId}
            union all
            select mc.id, mc.category_code, mc.year, mc.valid_from, mc.valid_to, mc.source, mc.note,
                   mc.member_id, mc.disability_type::text, mc.disability_grade::int, m.position
            from member_categories mc join members m on m.id = mc.member_id where m.household_id = ${householdId}
          ) a join categories c on c.code = a.category_code
          order by a.pos, c.priority, a.year nulls first`,
    )
  }

  async function get(ex: Executor, id: string): Promise<Household | null> {
    const [h] = await queryRows<Omit<Household, 'members' | 'categories' | 'categoryCodes'>>(
      ex,
      sql`select h.id, h.village_code as "villageCode", h.huhao, h.group_number as "group", h.door_number as "doorNumber",
                 ST_AsGeoJSON(h.location, 7)::json as location, ST_AsGeoJSON(h.footprint, 7)::json as footprint,
                 h.housing, h.living, h.notes, h.status, h.version,
                 case when h.map_row is null then null else json_build_object('row', h.map_row, 'col', h.map_col) end as "mapCell",
                 to_json(h.created_at)#>>'{}' as "createdAt", to_json(h.updated_at)#>>'{}' as "updatedAt"
          from households h where h.id = ${id}`,
    )
    if (!h) return null
    if (h.mapCell) h.mapCell.address = addressOf(h.mapCell.row, h.mapCell.col)
    const memberRows = await queryRows<Omit<Member, 'categories'>>(
      ex,
      sql`select m.id, m.household_id as "householdId", m.position, m.name, m.relation, m.sex, m.birth_date::text as "birthDate",
                 case when m.birth_date is null then null else extract(year from age(current_date, m.birth_date))::int end as age,
                 m.ethnicity, m.married_out as "marriedOut", m.health, m.schooling, m.work, m.disability_text as "disabilityText",
                 m.notes, m.version
          from members m where m.household_id = ${id}
          order by (m.relation = '户主') desc nulls last, m.position, m.created_at`,
    )
    const assignments = await loadAssignments(ex, id)
    const [codes] = await queryRows<{ codes: string[] }>(
      ex,
      sql`select coalesce(array_agg(x.code order by x.priority, x.code), '{}') as codes from (
            select distinct r.category_code as code, c.priority from household_category_rollup r
            join categories c on c.code = r.category_code where r.household_id = ${id}) x`,
    )
    return {
      ...h,
      location: parseJson(h.location),
      footprint: parseJson(h.footprint),
      members: memberRows.map((m) => ({ ...m, categories: assignments.filter((a) => a.memberId === m.id) })),
      categories: assignments,
      categoryCodes: codes?.codes ?? [],
    }
  }

  async function getOrThrow(ex: Executor, id: string): Promise<Household> {
    const h = await get(ex, id)
    if (!h) throw notFound('household_not_found')
    return h
  }

  /** Bump the version if it is still `version`; otherwise 409 with the current record (or 404). */
  async function claimVersion(ex: Executor, id: string, version: number, sets: SQL[]): Promise<void> {
    const assignments = [...sets, sql`version = version + 1`, sql`updated_at = now()`]
    const updated = await queryRows(
      ex,
      sql`update households set ${sql.join(assignments, sql`, `)} where id = ${id} and version = ${version} returning id`,
    )
    if (updated.length === 0) {
      const current = await get(ex, id)
      if (!current) throw notFound('household_not_found')
      throw conflict('version_conflict', {}, { current })
    }
  }

  return {
    /** The map list as GeoJSON FeatureCollection text, built by PostGIS in one statement. */
    async featureCollection(areaCode: string, filter: Partial<HouseholdFilter>, options: { names: boolean }): Promise<string> {
      const [row] = await database.rows<{ features: string }>(featureCollectionSql(areaCode, filter, options))
      return `{"type":"FeatureCollection","features":${row?.features ?? '[]'}}`
    },

    /** The ids of the area's households that pass the filter (what a filtered export keeps). */
    async matchingIds(areaCode: string, filter: Partial<HouseholdFilter>): Promise<string[]> {
      const rows = await database.rows<{ id: string }>(sql`select h.id from households h where ${householdWhere(areaCode, filter)}`)
      return rows.map((r) => r.id)
    },

    async stats(areaCode: string, filter: Partial<HouseholdFilter>): Promise<VillageStats> {
      // Categories and member counts are on the household row (migration 0017): no roll-up per household.
      const [row] = await database.rows<{ households: number; members: number; by_category: string; by_group: string }>(
        sql`with h as (select coalesce(h.group_number::text, 'none') as g, h.member_count, ${heldCodes(filter.year)} as codes
                       from households h where ${householdWhere(areaCode, filter)}),
             hc as (select h.g, c as category_code from h, unnest(h.codes) c),
             per_group as (select g, count(*)::int as n from h group by 1),
             per_group_cat as (select g, category_code, count(*)::int as n from hc group by 1, 2)
        select (select count(*)::int from h) as households,
               (select coalesce(sum(member_count), 0)::int from h) as members,
               (select coalesce(json_object_agg(category_code, n), '{}')::text
                  from (select category_code, count(*)::int as n from hc group by 1) x) as by_category,
               (select coalesce(json_object_agg(pg.g, json_build_object('households', pg.n, 'byCategory',
                          (select coalesce(json_object_agg(pgc.category_code, pgc.n), '{}') from per_group_cat pgc where pgc.g = pg.g))), '{}')::text
                  from per_group pg) as by_group`,
      )
      return {
        households: row?.households ?? 0,
        members: row?.members ?? 0,
        byCategory: JSON.parse(row?.by_category ?? '{}'),
        byGroup: JSON.parse(row?.by_group ?? '{}'),
      }
    },

    get: (id: string) => get(db, id),

    /** Which of these codes are unknown, for a clear 400 on a filter. */
    async unknownCategories(codes: string[]): Promise<string[]> {
      if (codes.length === 0) return []
      const known = await registry(db)
      return codes.filter((c) => !known.has(c))
    },

    async create(villageCode: string, input: HouseholdCreate, source = 'manual'): Promise<Household> {
      return db.transaction(async (tx) => {
        await requireVillage(tx, villageCode)
        await requireGroup(tx, villageCode, input.group)
        const known = await registry(tx)
        checkAssignments(known, 'household', input.categories ?? [])
        for (const m of input.members ?? []) checkAssignments(known, 'member', m.categories ?? [])
        let id: string
        try {
          const [row] = await queryRows<{ id: string }>(
            tx,
            sql`insert into households (village_code, group_number, huhao, door_number, location, footprint, housing, living, notes, status)
                values (${villageCode}, ${input.group ?? null}, ${input.huhao}, ${input.doorNumber ?? null}, ${geo(input.location)},
                        ${geo(input.footprint)}, ${input.housing ?? null}, ${input.living ?? null}, ${input.notes ?? null},
                        ${input.status ?? 'active'})
                returning id`,
          )
          id = row!.id
        } catch (err) {
          rethrowConstraint(err, input.huhao)
        }
        await insertHouseholdCategories(tx, id, input.categories ?? [], source)
        for (const [i, m] of (input.members ?? []).entries()) await insertMember(tx, id, m, i, source)
        return getOrThrow(tx, id)
      })
    },

    async update(id: string, patch: HouseholdPatch): Promise<Household> {
      return db.transaction(async (tx) => {
        const existing = await getOrThrow(tx, id)
        if (patch.group !== undefined) await requireGroup(tx, existing.villageCode, patch.group)
        if (patch.categories) checkAssignments(await registry(tx), 'household', patch.categories)
        const sets = setList(patch, HOUSEHOLD_COLUMNS)
        for (const [field, column] of Object.entries(HOUSEHOLD_GEOMETRY)) {
          const value = patch[field as keyof typeof HOUSEHOLD_GEOMETRY]
          if (value !== undefined) sets.push(sql`${sql.identifier(column)} = ${geo(value)}`)
        }
        try {
          await claimVersion(tx, id, patch.version, sets)
        } catch (err) {
          if (err instanceof AppError) throw err
          rethrowConstraint(err, patch.huhao)
        }
        if (patch.categories) {
          await tx.execute(sql`delete from household_categories where household_id = ${id}`)
          await insertHouseholdCategories(tx, id, patch.categories, 'manual')
        }
        return getOrThrow(tx, id)
      })
    },

    /** Delete; answers the village it was in. */
    async remove(id: string, version?: number): Promise<string> {
      return db.transaction(async (tx) => {
        const deleted = await queryRows<{ village_code: string }>(
          tx,
          version === undefined
            ? sql`delete from households where id = ${id} returning village_code`
            : sql`delete from households where id = ${id} and version = ${version} returning village_code`,
        )
        if (deleted[0]) return deleted[0].village_code
        const current = await get(tx, id)
        if (!current) throw notFound('household_not_found')
        throw conflict('version_conflict', {}, { current })
      })
    },

    async addMember(householdId: string, input: MemberCreate): Promise<Household> {
      return db.transaction(async (tx) => {
        await getOrThrow(tx, householdId)
        checkAssignments(await registry(tx), 'member', input.categories ?? [])
        const [next] = await queryRows<{ n: number }>(
          tx,
          sql`select coalesce(max(position) + 1, 0)::int as n from members where household_id = ${householdId}`,
        )
        await insertMember(tx, householdId, input, next?.n ?? 0, 'manual')
        await touchHousehold(tx, householdId)
        return getOrThrow(tx, householdId)
      })
    },

    async updateMember(memberId: string, patch: MemberPatch): Promise<Household> {
      return db.transaction(async (tx) => {
        const [owner] = await queryRows<{ household_id: string; version: number }>(
          tx,
          sql`select household_id, version from members where id = ${memberId}`,
        )
        if (!owner) throw notFound('member_not_found')
        if (patch.categories) checkAssignments(await registry(tx), 'member', patch.categories)
        const sets = [...setList(patch, MEMBER_COLUMNS), sql`version = version + 1`, sql`updated_at = now()`]
        const updated = await queryRows(
          tx,
          sql`update members set ${sql.join(sets, sql`, `)} where id = ${memberId} and version = ${patch.version} returning id`,
        )
        if (updated.length === 0) throw conflict('version_conflict', {}, { current: await get(tx, owner.household_id) })
        if (patch.categories) {
          await tx.execute(sql`delete from member_categories where member_id = ${memberId}`)
          await insertMemberCategories(tx, memberId, patch.categories, 'manual')
        }
        await touchHousehold(tx, owner.household_id)
        return getOrThrow(tx, owner.household_id)
      })
    },

    async removeMember(memberId: string, version?: number): Promise<Household> {
      return db.transaction(async (tx) => {
        const [owner] = await queryRows<{ household_id: string; version: number }>(
          tx,
          sql`select household_id, version from members where id = ${memberId}`,
        )
        if (!owner) throw notFound('member_not_found')
        if (version !== undefined && version !== owner.version) {
          throw conflict('version_conflict', {}, { current: await get(tx, owner.household_id) })
        }
        await tx.execute(sql`delete from members where id = ${memberId}`)
        await touchHousehold(tx, owner.household_id)
        return getOrThrow(tx, owner.household_id)
      })
    },
  }
}

export type HouseholdRepository = ReturnType<typeof householdRepository>

function parseJson<T>(value: T | string | null): T | null {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value
}

/**
 * The households of an area as GeoJSON features, aggregated in SQL so the list is one round trip.
 * Categories, their years, disabilities, member count and age bands come from the columns the
 * triggers keep on the row (migration 0017); only the head's name, when asked for, reads members.
 */
export function featureCollectionSql(areaCode: string, filter: Partial<HouseholdFilter>, options: { names: boolean }): SQL {
  const yearOk = filter.year === undefined ? sql`true` : sql`(strpos(t, ':') = 0 or split_part(t, ':', 2) = ${String(filter.year)})`
  const head = options.names
    ? sql`(select m.name from members m where m.household_id = h.id order by (m.relation = '户主') desc nulls last, m.position limit 1)`
    : sql`null`
  return sql`
    select coalesce(json_agg(json_build_object(
             'type', 'Feature',
             'id', h.id,
             'geometry', ST_AsGeoJSON(h.location, 7)::json,
             'properties', json_build_object(
               'id', h.id, 'huhao', h.huhao, 'group', h.group_number, 'status', h.status, 'villageCode', h.village_code,
               'categories', array(select c from unnest(${heldCodes(filter.year)}) c left join categories k on k.code = c order by k.priority, c),
               'memberCount', h.member_count,
               'ageBands', array_remove(array[
                 case when h.youngest_birth > current_date - interval '18 years' then 'minor' end,
                 case when h.oldest_birth <= current_date - interval '60 years' then 'senior' end,
                 case when h.oldest_birth <= current_date - interval '80 years' then 'aged80' end], null),
               'disabilities', h.disabilities,
               -- Per-year categories (精准扶贫 2017, 防返贫监测 2025 …) with their years, null for an open-ended assignment,
               -- so the client can apply a year filter itself exactly as the stats query does.
               'categoryYears', (select coalesce(json_object_agg(y.code, y.years), '{}') from (
                   select split_part(t, ':', 1) as code, array_agg(distinct nullif(split_part(t, ':', 2), '')::int) as years
                   from unnest(h.category_tokens) t where ${yearOk}
                   group by 1 having bool_or(strpos(t, ':') > 0)) y),
               'headName', ${head})
           ) order by h.village_code, h.group_number nulls last, h.huhao), '[]')::text as features
    from households h
    where ${householdWhere(areaCode, filter)}`
}
