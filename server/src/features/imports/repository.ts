/**
 * Every query of the importer and the exports. Bulk writes use `unnest` over
 * typed arrays (one parameter per column per batch, as db/src/seed/load.ts
 * does), so a 100,000-member workbook is a few dozen statements. Runs inside
 * `request.scoped` (or the CLI's runScoped): row-level security applies.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import type { ArchiveHouseholdFields, ArchiveMemberFields, Wgs84LngLat } from '@cuntu/domain'

/** A household as stored, with everything undo needs to put it back exactly (snake_case rows as PostgreSQL gives them). */
export interface HouseholdSnapshot {
  /** The households row; geometries as hex EWKB text. */
  household: Record<string, unknown> & { id: string; huhao: string; version: number; updated_at: string }
  members: MemberRow[]
  householdCategories: HouseholdCategoryRow[]
  memberCategories: MemberCategoryRow[]
}

export interface MemberRow {
  id: string
  household_id: string
  position: number
  name: string
  relation: string | null
  sex: 'male' | 'female' | null
  birth_date: string | null
  ethnicity: string | null
  married_out: boolean
  health: string | null
  schooling: string | null
  work: string | null
  disability_text: string | null
  notes: string | null
  version: number
  created_at: string
  updated_at: string
}

export interface HouseholdCategoryRow {
  id: string
  household_id: string
  category_code: string
  year: number | null
  valid_from: string | null
  valid_to: string | null
  source: string
  note: string | null
  created_at: string
}

export interface MemberCategoryRow extends Omit<HouseholdCategoryRow, 'household_id'> {
  member_id: string
  disability_type: string | null
  disability_grade: number | null
}

/** A stored household: the snapshot plus its position (WGS84), null when it has none. */
export interface StoredHousehold {
  id: string
  huhao: string
  location: Wgs84LngLat | null
  snapshot: HouseholdSnapshot
}

/** A stored household's archive fields, read from its snapshot row. */
export function storedArchiveFields(s: StoredHousehold): ArchiveHouseholdFields {
  const h = s.snapshot.household
  return {
    huhao: s.huhao,
    group: (h.group_number as number | null) ?? null,
    doorNumber: (h.door_number as string | null) ?? null,
    housing: (h.housing as string | null) ?? null,
    living: (h.living as string | null) ?? null,
    notes: (h.notes as string | null) ?? null,
    status: h.status as ArchiveHouseholdFields['status'],
  }
}

export interface NewHouseholdRow extends ArchiveHouseholdFields {
  id: string
  /** WGS84; null: no position. */
  location: Wgs84LngLat | null
  /** The 社区地图 cell (1-based), when the house is on the workbook's cell map. */
  mapRow: number | null
  mapCol: number | null
}

export interface HouseholdUpdateRow extends Omit<NewHouseholdRow, 'huhao'> {
  /** Leave the stored position as it is. */
  keepLocation: boolean
  /** Leave the stored map cell as it is (the upload has no cell map, or no cell for the house). */
  keepMapCell: boolean
}

export interface NewMemberRow extends ArchiveMemberFields {
  id: string
  householdId: string
  position: number
  notes: string | null
  version: number
  /** Kept for a member matched to a stored one; null = now. */
  createdAt: string | null
}

export interface NewHouseholdCategoryRow {
  householdId: string
  code: string
  year: number | null
}

export interface NewMemberCategoryRow {
  memberId: string
  code: string
  year: number | null
  disabilityType: string | null
  disabilityGrade: number | null
}

export interface ChangeRow {
  householdId: string
  change: 'created' | 'updated'
  before: HouseholdSnapshot | null
  afterVersion: number
}

export interface BatchRow {
  id: string
  villageCode: string
  username: string | null
  fileName: string
  fileSha256: string
  kind: 'archive' | 'locations'
  createdAt: string
  counts: Record<string, unknown>
  status: 'committed' | 'undone'
  undoneAt: string | null
}

export interface UploadRow {
  id: string
  villageCode: string
  userId: string
  fileName: string
  fileSha256: string
  bytes: Uint8Array
  locationsFileName: string | null
  locationsSha256: string | null
  locationsBytes: Uint8Array | null
  locationsCrs: 'wgs84' | 'gcj02' | null
  createdAt: string
  expiresAt: string
}

export type WriteProgress = (table: string, rows: number) => void

const BATCH = 5000
// Arrays travel as one parameter each; enum, date and uuid arrays as text[] cast in SQL (PGlite serialises built-in array types only).
const col = <T, V>(rows: readonly T[], f: (r: T) => V) => sql.param(rows.map(f))

/** Hours an upload waits for its commit. */
export const UPLOAD_TTL_HOURS = 24

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v
  // node-postgres gives Buffer (a Uint8Array); keep a fallback for hex text.
  if (typeof v === 'string' && v.startsWith('\\x')) return Buffer.from(v.slice(2), 'hex')
  throw new TypeError('unexpected bytea value')
}

export function importRepository(database: Database) {
  const { db } = database

  async function inBatches<T>(rows: readonly T[], table: string, build: (b: T[]) => SQL, progress?: WriteProgress) {
    for (let i = 0; i < rows.length; i += BATCH) {
      const b = rows.slice(i, i + BATCH)
      await db.execute(build(b))
      progress?.(table, b.length)
    }
  }

  return {
    // ── uploads ──────────────────────────────────────────────────────────────
    async insertUpload(u: Omit<UploadRow, 'id' | 'createdAt' | 'expiresAt'>): Promise<{ id: string; expiresAt: string }> {
      const [row] = await database.rows<{ id: string; expires_at: string }>(sql`
        insert into import_uploads (village_code, user_id, file_name, file_sha256, bytes, locations_file_name, locations_sha256, locations_bytes, locations_crs, expires_at)
        values (${u.villageCode}, ${u.userId}, ${u.fileName}, ${u.fileSha256}, ${Buffer.from(u.bytes)}, ${u.locationsFileName},
                ${u.locationsSha256}, ${u.locationsBytes ? Buffer.from(u.locationsBytes) : null}, ${u.locationsCrs},
                now() + make_interval(hours => ${UPLOAD_TTL_HOURS}))
        returning id, to_json(expires_at)#>>'{}' as expires_at`)
      return { id: row!.id, expiresAt: row!.expires_at }
    },

    /** Visible only to its uploader inside their area (row-level security); expired ones are gone. */
    async upload(id: string): Promise<UploadRow | null> {
      const [r] = await database.rows<Record<string, unknown>>(sql`
        select id, village_code, user_id, file_name, file_sha256, bytes, locations_file_name, locations_sha256, locations_bytes, locations_crs,
               to_json(created_at)#>>'{}' as created_at, to_json(expires_at)#>>'{}' as expires_at
        from import_uploads where id = ${id} and expires_at > now()`)
      if (!r) return null
      return {
        id: r.id as string,
        villageCode: r.village_code as string,
        userId: r.user_id as string,
        fileName: r.file_name as string,
        fileSha256: r.file_sha256 as string,
        bytes: bytesOf(r.bytes),
        locationsFileName: (r.locations_file_name as string | null) ?? null,
        locationsSha256: (r.locations_sha256 as string | null) ?? null,
        locationsBytes: r.locations_bytes ? bytesOf(r.locations_bytes) : null,
        locationsCrs: (r.locations_crs as UploadRow['locationsCrs']) ?? null,
        createdAt: r.created_at as string,
        expiresAt: r.expires_at as string,
      }
    },

    async deleteUpload(id: string): Promise<void> {
      await db.execute(sql`delete from import_uploads where id = ${id}`)
    },

    /** Drop the caller's expired uploads (others' are invisible here and go with theirs). */
    async purgeExpiredUploads(): Promise<void> {
      await db.execute(sql`delete from import_uploads where expires_at <= now()`)
    },

    // ── the village as stored ────────────────────────────────────────────────
    async villageLevel(code: string): Promise<string | null> {
      const [row] = await database.rows<{ level: string }>(sql`select level::text as level from areas where code = ${code}`)
      return row?.level ?? null
    },

    async villageName(code: string): Promise<string | null> {
      const [row] = await database.rows<{ name: string }>(sql`select name from areas where code = ${code}`)
      return row?.name ?? null
    },

    /**
     * How many of these WGS84 points lie more than `toleranceMetres` outside the village: its boundary, or, for a
     * village without one, the hull of its placed households (at least 10). `checked` false: nothing to compare with.
     */
    async pointsOutsideVillage(code: string, points: readonly Wgs84LngLat[], toleranceMetres = 300): Promise<{ checked: boolean; outside: number }> {
      if (points.length === 0) return { checked: false, outside: 0 }
      const [row] = await database.rows<{ checked: boolean; outside: number }>(sql`
        with region as (
          select coalesce(
            (select boundary from areas where code = ${code}),
            (select ST_ConvexHull(ST_Collect(location)) from households where village_code = ${code} and location is not null having count(location) >= 10)
          ) as g
        )
        select (select g from region) is not null as checked,
               (select count(*)::int from region, unnest(${col(points, (p) => p[0])}::float8[], ${col(points, (p) => p[1])}::float8[]) as p(lon, lat)
                 where region.g is not null
                   and not ST_DWithin(region.g::geography, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, ${toleranceMetres})) as outside`)
      return row ?? { checked: false, outside: 0 }
    },

    async groups(code: string): Promise<{ number: number; name: string }[]> {
      return database.rows(sql`select number::int as number, name from village_groups where village_code = ${code} order by number`)
    },

    async createGroups(code: string, groups: readonly { number: number; name: string }[]): Promise<void> {
      if (groups.length === 0) return
      await db.execute(sql`
        insert into village_groups (village_code, number, name)
        select ${code}, n, nm from unnest(${col(groups, (g) => g.number)}::smallint[], ${col(groups, (g) => g.name)}::text[]) as t(n, nm)
        on conflict do nothing`)
    },

    /**
     * Every household of the village with its members and assignments, as rows
     * (the before-snapshots of an import, and the export's data). Geometries as
     * hex EWKB so a snapshot restores bit for bit.
     */
    async villageHouseholds(code: string): Promise<StoredHousehold[]> {
      const rows = await database.rows<{ id: string; huhao: string; lon: number | null; lat: number | null; snapshot: string }>(sql`
        select h.id, h.huhao, ST_X(h.location) as lon, ST_Y(h.location) as lat,
          json_build_object(
            'household', (to_jsonb(h) - 'location' - 'footprint')
                         || jsonb_build_object('location', h.location::text, 'footprint', h.footprint::text),
            'members', (select coalesce(json_agg(m order by m.position, m.created_at, m.id), '[]') from members m where m.household_id = h.id),
            'householdCategories', (select coalesce(json_agg(c order by c.category_code, c.year), '[]') from household_categories c where c.household_id = h.id),
            'memberCategories', (select coalesce(json_agg(mc order by mc.member_id, mc.category_code, mc.year), '[]')
                                 from member_categories mc join members m on m.id = mc.member_id where m.household_id = h.id)
          )::text as snapshot
        from households h where h.village_code = ${code}
        order by h.group_number nulls last, h.huhao`)
      return rows.map((r) => ({ id: r.id, huhao: r.huhao, location: r.lon === null || r.lat === null ? null : [r.lon, r.lat], snapshot: JSON.parse(r.snapshot) as HouseholdSnapshot }))
    },

    // ── batches ──────────────────────────────────────────────────────────────
    async insertBatch(b: { villageCode: string; userId: string | null; username: string | null; fileName: string; fileSha256: string; kind: string }): Promise<string> {
      const [row] = await database.rows<{ id: string }>(sql`
        insert into import_batches (village_code, user_id, username, file_name, file_sha256, kind, counts)
        values (${b.villageCode}, ${b.userId}, ${b.username}, ${b.fileName}, ${b.fileSha256}, ${b.kind}::import_kind, '{}'::jsonb)
        returning id`)
      return row!.id
    },

    async setBatchCounts(id: string, counts: unknown): Promise<void> {
      await db.execute(sql`update import_batches set counts = ${JSON.stringify(counts)}::jsonb where id = ${id}`)
    },

    async batches(code: string): Promise<BatchRow[]> {
      return database.rows<BatchRow>(sql`
        select id, village_code as "villageCode", username, file_name as "fileName", file_sha256 as "fileSha256", kind::text as kind,
               to_json(created_at)#>>'{}' as "createdAt", counts, status::text as status, to_json(undone_at)#>>'{}' as "undoneAt"
        from import_batches where village_code = ${code} order by created_at desc, id`)
    },

    /** The batch, locked for undo. */
    async batchForUpdate(id: string): Promise<BatchRow | null> {
      const [row] = await database.rows<BatchRow>(sql`
        select id, village_code as "villageCode", username, file_name as "fileName", file_sha256 as "fileSha256", kind::text as kind,
               to_json(created_at)#>>'{}' as "createdAt", counts, status::text as status, to_json(undone_at)#>>'{}' as "undoneAt"
        from import_batches where id = ${id} for update`)
      return row ?? null
    },

    async insertChanges(batchId: string, changes: readonly ChangeRow[], progress?: WriteProgress): Promise<void> {
      await inBatches(changes, 'import_changes', (b) => sql`
        insert into import_changes (batch_id, household_id, change, before, after_version, after_updated_at)
        select ${batchId}, h, c::import_change_kind, s::jsonb, v, now()
        from unnest(${col(b, (c) => c.householdId)}::text[]::uuid[], ${col(b, (c) => c.change)}::text[],
                    ${col(b, (c) => (c.before ? JSON.stringify(c.before) : null))}::text[], ${col(b, (c) => c.afterVersion)}::int[]) as t(h, c, s, v)`, progress)
    },

    /** Households the batch touched that changed since (other version or updated_at, or gone). Their 户号. */
    async editedSince(batchId: string): Promise<string[]> {
      const rows = await database.rows<{ huhao: string }>(sql`
        select coalesce(h.huhao, c.before->'household'->>'huhao', c.household_id::text) as huhao
        from import_changes c left join households h on h.id = c.household_id
        where c.batch_id = ${batchId}
          and (h.id is null or h.version <> c.after_version or h.updated_at <> c.after_updated_at)
        order by 1`)
      return rows.map((r) => r.huhao)
    },

    /** Put updated households back exactly as the snapshots hold them; delete the ones the batch created. */
    async revert(batchId: string): Promise<{ restored: number; deleted: number }> {
      const updated = sql`select household_id from import_changes where batch_id = ${batchId} and change = 'updated'`
      await db.execute(sql`delete from members where household_id in (${updated})`)
      await db.execute(sql`delete from household_categories where household_id in (${updated})`)
      const restored = await database.rows(sql`
        update households h set
          group_number = r.group_number, huhao = r.huhao, door_number = r.door_number, location = r.location, footprint = r.footprint,
          housing = r.housing, living = r.living, notes = r.notes, status = r.status, map_row = r.map_row, map_col = r.map_col, version = r.version,
          created_at = r.created_at, updated_at = r.updated_at
        from (select (jsonb_populate_record(null::households, c.before->'household')).*
              from import_changes c where c.batch_id = ${batchId} and c.change = 'updated') r
        where h.id = r.id returning h.id`)
      await db.execute(sql`
        insert into members select (jsonb_populate_record(null::members, m)).*
        from import_changes c, jsonb_array_elements(c.before->'members') m where c.batch_id = ${batchId} and c.change = 'updated'`)
      await db.execute(sql`
        insert into household_categories select (jsonb_populate_record(null::household_categories, x)).*
        from import_changes c, jsonb_array_elements(c.before->'householdCategories') x where c.batch_id = ${batchId} and c.change = 'updated'`)
      await db.execute(sql`
        insert into member_categories select (jsonb_populate_record(null::member_categories, x)).*
        from import_changes c, jsonb_array_elements(c.before->'memberCategories') x where c.batch_id = ${batchId} and c.change = 'updated'`)
      const deleted = await database.rows(sql`
        delete from households where id in (select household_id from import_changes where batch_id = ${batchId} and change = 'created') returning id`)
      return { restored: restored.length, deleted: deleted.length }
    },

    /** Remove groups the batch created that no household uses any more. */
    async deleteUnusedGroups(code: string, numbers: readonly number[]): Promise<number[]> {
      if (numbers.length === 0) return []
      const rows = await database.rows<{ number: number }>(sql`
        delete from village_groups g where g.village_code = ${code} and g.number = any(${sql.param([...numbers])}::smallint[])
          and not exists (select 1 from households h where h.village_code = g.village_code and h.group_number = g.number)
        returning number::int as number`)
      return rows.map((r) => r.number).sort((a, b) => a - b)
    },

    async markUndone(batchId: string, userId: string | null): Promise<void> {
      await db.execute(sql`update import_batches set status = 'undone', undone_at = now(), undone_by = ${userId} where id = ${batchId}`)
    },

    // ── bulk writes of a commit ──────────────────────────────────────────────
    async insertHouseholds(code: string, rows: readonly NewHouseholdRow[], progress?: WriteProgress): Promise<void> {
      await inBatches(rows, 'households', (b) => sql`
        insert into households (id, village_code, group_number, huhao, door_number, location, housing, living, notes, status, map_row, map_col)
        select id, ${code}, g, hh, door, case when lon is null then null else ST_SetSRID(ST_MakePoint(lon, lat), 4326) end,
               housing, living, notes, status, map_row, map_col
        from unnest(${col(b, (h) => h.id)}::text[]::uuid[], ${col(b, (h) => h.group)}::smallint[], ${col(b, (h) => h.huhao)}::text[],
                    ${col(b, (h) => h.doorNumber)}::text[], ${col(b, (h) => h.location?.[0] ?? null)}::float8[], ${col(b, (h) => h.location?.[1] ?? null)}::float8[],
                    ${col(b, (h) => h.housing)}::text[], ${col(b, (h) => h.living)}::text[], ${col(b, (h) => h.notes)}::text[],
                    ${col(b, (h) => h.status)}::text[]::household_status[], ${col(b, (h) => h.mapRow)}::int[], ${col(b, (h) => h.mapCol)}::int[])
          as t(id, g, hh, door, lon, lat, housing, living, notes, status, map_row, map_col)`, progress)
    },

    /** Bump version and updated_at (one statement time: undo compares both). */
    async updateHouseholds(rows: readonly HouseholdUpdateRow[], progress?: WriteProgress): Promise<void> {
      await inBatches(rows, 'households', (b) => sql`
        update households h set group_number = t.g, door_number = t.door, housing = t.housing, living = t.living, notes = t.notes,
               status = t.status,
               location = case when t.keep then h.location when t.lon is null then null else ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) end,
               map_row = case when t.keep_cell then h.map_row else t.map_row end,
               map_col = case when t.keep_cell then h.map_col else t.map_col end,
               version = h.version + 1, updated_at = now()
        from unnest(${col(b, (h) => h.id)}::text[]::uuid[], ${col(b, (h) => h.group)}::smallint[], ${col(b, (h) => h.doorNumber)}::text[],
                    ${col(b, (h) => h.housing)}::text[], ${col(b, (h) => h.living)}::text[], ${col(b, (h) => h.notes)}::text[],
                    ${col(b, (h) => h.status)}::text[]::household_status[], ${col(b, (h) => h.location?.[0] ?? null)}::float8[], ${col(b, (h) => h.location?.[1] ?? null)}::float8[],
                    ${col(b, (h) => h.keepLocation)}::boolean[], ${col(b, (h) => h.mapRow)}::int[], ${col(b, (h) => h.mapCol)}::int[],
                    ${col(b, (h) => h.keepMapCell)}::boolean[])
          as t(id, g, door, housing, living, notes, status, lon, lat, keep, map_row, map_col, keep_cell)
        where h.id = t.id`, progress)
    },

    /** Before re-inserting an updated household's members: drop them (their assignments go with them). */
    async deleteMembersOf(householdIds: readonly string[]): Promise<void> {
      for (let i = 0; i < householdIds.length; i += BATCH) {
        await db.execute(sql`delete from members where household_id = any(${sql.param(householdIds.slice(i, i + BATCH))}::text[]::uuid[])`)
      }
    },

    /** Drop imported (non-manual) household assignments of the codes the file speaks about. */
    async deleteHouseholdCategories(householdIds: readonly string[], codes: readonly string[]): Promise<void> {
      if (codes.length === 0) return
      for (let i = 0; i < householdIds.length; i += BATCH) {
        await db.execute(sql`delete from household_categories
          where household_id = any(${sql.param(householdIds.slice(i, i + BATCH))}::text[]::uuid[])
            and source <> 'manual' and category_code = any(${sql.param([...codes])}::text[])`)
      }
    },

    async insertMembers(rows: readonly NewMemberRow[], progress?: WriteProgress): Promise<void> {
      await inBatches(rows, 'members', (b) => sql`
        insert into members (id, household_id, position, name, relation, sex, birth_date, ethnicity, married_out, health, schooling, work,
                             disability_text, notes, version, created_at)
        select id, hid, pos, name, rel, sex, bd, eth, mo, health, school, work, dis, notes, v, coalesce(ca, now())
        from unnest(${col(b, (m) => m.id)}::text[]::uuid[], ${col(b, (m) => m.householdId)}::text[]::uuid[], ${col(b, (m) => m.position)}::smallint[],
                    ${col(b, (m) => m.name)}::text[], ${col(b, (m) => m.relation)}::text[], ${col(b, (m) => m.sex)}::text[]::sex[],
                    ${col(b, (m) => m.birthDate)}::text[]::date[], ${col(b, (m) => m.ethnicity)}::text[], ${col(b, (m) => m.marriedOut)}::boolean[],
                    ${col(b, (m) => m.health)}::text[], ${col(b, (m) => m.schooling)}::text[], ${col(b, (m) => m.work)}::text[],
                    ${col(b, (m) => m.disabilityText)}::text[], ${col(b, (m) => m.notes)}::text[], ${col(b, (m) => m.version)}::int[],
                    ${col(b, (m) => m.createdAt)}::text[]::timestamptz[])
          as t(id, hid, pos, name, rel, sex, bd, eth, mo, health, school, work, dis, notes, v, ca)`, progress)
    },

    /** An assignment the household already holds (e.g. entered by hand) is kept as it is. */
    async insertHouseholdCategories(rows: readonly NewHouseholdCategoryRow[], source: string, progress?: WriteProgress): Promise<void> {
      await inBatches(rows, 'household_categories', (b) => sql`
        insert into household_categories (household_id, category_code, year, source)
        select h, c, y, ${source} from unnest(${col(b, (c) => c.householdId)}::text[]::uuid[], ${col(b, (c) => c.code)}::text[],
                                             ${col(b, (c) => c.year)}::smallint[]) as t(h, c, y)
        on conflict do nothing`, progress)
    },

    async insertMemberCategories(rows: readonly NewMemberCategoryRow[], source: string, progress?: WriteProgress): Promise<void> {
      await inBatches(rows, 'member_categories', (b) => sql`
        insert into member_categories (member_id, category_code, year, disability_type, disability_grade, source)
        select m, c, y, dt, dg, ${source}
        from unnest(${col(b, (c) => c.memberId)}::text[]::uuid[], ${col(b, (c) => c.code)}::text[], ${col(b, (c) => c.year)}::smallint[],
                    ${col(b, (c) => c.disabilityType)}::text[]::disability_type[], ${col(b, (c) => c.disabilityGrade)}::smallint[])
          as t(m, c, y, dt, dg)
        on conflict do nothing`, progress)
    },

    /** Assignments kept from before an update (entered by hand, or of codes the file does not speak about), exactly as they were. */
    async restoreMemberCategories(rows: readonly MemberCategoryRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += BATCH) {
        await db.execute(sql`insert into member_categories
          select (jsonb_populate_record(null::member_categories, x)).* from jsonb_array_elements(${JSON.stringify(rows.slice(i, i + BATCH))}::jsonb) x
          on conflict do nothing`)
      }
    },

    /** Draw an outline around the households when the village has none (as the seed loader does). */
    async outlineIfMissing(code: string): Promise<void> {
      await db.execute(sql`
        update areas a set boundary = b.geom
        from (select ST_Multi(ST_Buffer(ST_ConvexHull(ST_Collect(location))::geography, 60)::geometry) as geom
              from households where village_code = ${code} and location is not null) b
        where a.code = ${code} and a.boundary is null and b.geom is not null`)
    },

    /**
     * Commits and undos of one village take turns: a transaction-scoped advisory lock on the village,
     * released at commit or rollback. Without it two commits planned from the same stored state both
     * "create" the same households (one then fails on the 户号 key, or their change records cross so
     * that neither batch can be undone). Both engines have advisory locks; no table is locked, so
     * reads and other villages' imports go on.
     */
    async lockVillage(code: string): Promise<void> {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext('cuntu.import'), hashtext(${code}))`)
    },

    /** The upload is still there (not committed by a commit that held the village lock before us, not expired). */
    async uploadExists(id: string): Promise<boolean> {
      const rows = await database.rows<{ id: string }>(sql`select id from import_uploads where id = ${id} and expires_at > now()`)
      return rows.length > 0
    },
  }
}

export type ImportRepository = ReturnType<typeof importRepository>
