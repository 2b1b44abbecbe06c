/**
 * The Cuntu schema (drizzle-orm, PostgreSQL + PostGIS).
 * Geometry columns are WGS84 (EPSG:4326), longitude first. They are declared
 * here for migrations only; every read and write of geometry goes through the
 * PostGIS functions in the repositories (ST_AsGeoJSON / ST_GeomFromGeoJSON),
 * so GeoJSON is validated once at the API edge and PostGIS does the rest.
 *
 * Every table, column, key and index the migrations create is declared here,
 * and db/migrations/meta holds drizzle-kit's snapshot of it (checked by
 * db/src/schema-chain.test.ts and server/test/schema-columns.test.ts). What
 * drizzle cannot express lives in the hand-written migrations only: the
 * PostGIS extension, grants, row-level security and its policies, functions
 * and triggers (village codes copied from parents, the summaries of 0017),
 * and the view household_category_rollup (0002, security_invoker since 0004).
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  jsonb,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import { AREA_LEVELS, DISABILITY_TYPE_CODES, HOUSEHOLD_STATUSES, ORG_KINDS, ROLES, SEXES } from '@cuntu/domain'

/** A PostGIS geometry column of a fixed type in EPSG:4326. Values travel as GeoJSON text. */
function geometry4326(name: string, kind: 'Point' | 'Polygon' | 'MultiPolygon' | 'Geometry') {
  return customType<{ data: string; driverData: string }>({
    dataType: () => `geometry(${kind},4326)`,
  })(name)
}

export const areaLevel = pgEnum('area_level', AREA_LEVELS)
export const householdStatus = pgEnum('household_status', HOUSEHOLD_STATUSES)
export const sex = pgEnum('sex', SEXES)
export const categoryScope = pgEnum('category_scope', ['household', 'member'])
export const disabilityType = pgEnum('disability_type', DISABILITY_TYPE_CODES)

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}

export const areas = pgTable(
  'areas',
  {
    /** 12-digit statistical division code (统计用区划代码). */
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: areaLevel('level').notNull(),
    parentCode: text('parent_code'),
    boundary: geometry4326('boundary', 'MultiPolygon'),
    ...stamps,
  },
  (t) => [
    foreignKey({ columns: [t.parentCode], foreignColumns: [t.code] }).onDelete('restrict'),
    index('areas_parent_idx').on(t.parentCode),
    index('areas_boundary_gix').using('gist', t.boundary),
    check('areas_code_12_digits', sql`${t.code} ~ '^[0-9]{12}$'`),
  ],
)

/** 村组: the numbered groups inside a village. */
export const villageGroups = pgTable(
  'village_groups',
  {
    villageCode: text('village_code')
      .notNull()
      .references(() => areas.code, { onDelete: 'cascade' }),
    number: smallint('number').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.villageCode, t.number] }), check('village_groups_number_range', sql`${t.number} between 0 and 999`)],
)

export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    villageCode: text('village_code')
      .notNull()
      .references(() => areas.code, { onDelete: 'restrict' }),
    groupNumber: smallint('group_number'),
    /** 户号, text: leading zeros matter. */
    huhao: text('huhao').notNull(),
    doorNumber: text('door_number'),
    location: geometry4326('location', 'Point'),
    footprint: geometry4326('footprint', 'Polygon'),
    housing: text('housing'),
    living: text('living'),
    notes: text('notes'),
    status: householdStatus('status').notNull().default('active'),
    /**
     * The house's cell on the workbook's 社区地图 sheet (1-based row and column):
     * the schematic layout workers drew, kept so the grid can be shown and
     * georeferenced again later. Null when the household was never on a cell map.
     */
    mapRow: integer('map_row'),
    mapCol: integer('map_col'),
    /**
     * Kept by triggers (migration 0017) from the household's and its members'
     * assignments, so lists, tiles and stats filter without a roll-up per row:
     * the distinct category codes held now; the same as tokens (`code` for an
     * open-ended assignment, `code:year` for a per-year one); disabilities as
     * `type:grade`; the member count; the youngest and oldest birth dates
     * (age bands are judged against today's date when queried).
     */
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    categoryTokens: text('category_tokens').array().notNull().default(sql`'{}'::text[]`),
    disabilities: text('disabilities').array().notNull().default(sql`'{}'::text[]`),
    memberCount: integer('member_count').notNull().default(0),
    youngestBirth: date('youngest_birth'),
    oldestBirth: date('oldest_birth'),
    /** Optimistic concurrency: every write must name the version it edits. */
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [
    unique('households_village_huhao_key').on(t.villageCode, t.huhao),
    foreignKey({ columns: [t.villageCode, t.groupNumber], foreignColumns: [villageGroups.villageCode, villageGroups.number] }),
    index('households_location_gix').using('gist', t.location),
    index('households_village_group_idx').on(t.villageCode, t.groupNumber),
    check('households_map_cell_check', sql`(${t.mapRow} is null and ${t.mapCol} is null) or (${t.mapRow} >= 1 and ${t.mapCol} >= 1)`),
  ],
)

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    /** The household's village, kept by a trigger: row-level security checks it without a lookup per row. */
    villageCode: text('village_code'),
    /** Order within the household as in the archive (head first). */
    position: smallint('position').notNull().default(0),
    name: text('name').notNull(),
    /** 与户主关系: 户主, 妻子, 儿子, … as written in the archive. */
    relation: text('relation'),
    sex: sex('sex'),
    birthDate: date('birth_date'),
    ethnicity: text('ethnicity'),
    /** 外嫁: a daughter married out of the village but still on the register. */
    marriedOut: boolean('married_out').notNull().default(false),
    health: text('health'),
    schooling: text('schooling'),
    work: text('work'),
    /** The archive's 残疾 text as written (e.g. 视力二级残疾); parsed grades live in member_categories. */
    disabilityText: text('disability_text'),
    notes: text('notes'),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [index('members_household_idx').on(t.householdId, t.position)],
)

export const categories = pgTable(
  'categories',
  {
    code: text('code').primaryKey(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    colour: text('colour').notNull(),
    scope: categoryScope('scope').notNull(),
    priority: integer('priority').notNull(),
    perYear: boolean('per_year').notNull().default(false),
    builtin: boolean('builtin').notNull().default(false),
    /** The township (station) that defined it; null for built-ins. */
    stationCode: text('station_code').references(() => areas.code, { onDelete: 'cascade' }),
  },
  (t) => [
    check('categories_colour_hex', sql`${t.colour} ~ '^#[0-9a-fA-F]{6}$'`),
    check('categories_code_format', sql`${t.code} ~ '^[a-z][a-z0-9_]{1,39}$'`),
  ],
)

const assignmentColumns = {
  id: uuid('id').primaryKey().defaultRandom(),
  categoryCode: text('category_code')
    .notNull()
    .references(() => categories.code, { onDelete: 'restrict' }),
  /** The calendar year it holds for, for per-year categories (精准扶贫 2017); null otherwise. */
  year: smallint('year'),
  validFrom: date('valid_from'),
  validTo: date('valid_to'),
  /** Where the fact came from: 'manual', 'import:<id>', 'demo', … */
  source: text('source').notNull().default('manual'),
  /** The household's village, kept by a trigger: row-level security checks it without a lookup per row. */
  villageCode: text('village_code'),
  note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}

export const householdCategories = pgTable(
  'household_categories',
  {
    ...assignmentColumns,
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
  },
  (t) => [
    unique('household_categories_unique').on(t.householdId, t.categoryCode, t.year).nullsNotDistinct(),
    index('household_categories_code_idx').on(t.categoryCode),
  ],
)

export const memberCategories = pgTable(
  'member_categories',
  {
    ...assignmentColumns,
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    disabilityType: disabilityType('disability_type'),
    disabilityGrade: smallint('disability_grade'),
  },
  (t) => [
    unique('member_categories_unique').on(t.memberId, t.categoryCode, t.year).nullsNotDistinct(),
    index('member_categories_code_idx').on(t.categoryCode),
    check('member_categories_grade_range', sql`${t.disabilityGrade} is null or ${t.disabilityGrade} between 1 and 4`),
  ],
)

// ── organisations, accounts, sessions, audit ────────────────────────────────

export const role = pgEnum('role', ROLES)
export const orgKind = pgEnum('org_kind', ORG_KINDS)

/** The 双百 structure: a bureau over an area, a station (社工站) over a township, a service point (社工点) over villages. */
export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: orgKind('kind').notNull(),
  name: text('name').notNull(),
  parentId: uuid('parent_id'),
  ...stamps,
}, (t) => [foreignKey({ columns: [t.parentId], foreignColumns: [t.id] }).onDelete('restrict')])

/** The areas an organisation serves (a station: its township; a service point: one or more villages). */
export const organisationAreas = pgTable('organisation_areas', {
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
  areaCode: text('area_code').notNull().references(() => areas.code, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.organisationId, t.areaCode] })])

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: role('role').notNull(),
  organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
  /** argon2id PHC string. */
  passwordHash: text('password_hash').notNull(),
  /** TOTP secret, AES-256-GCM encrypted with the server secret; null when 2FA is off. */
  totpSecret: text('totp_secret'),
  /** The last TOTP time step (Unix seconds / 30) that signed in: a code is good once (RFC 6238 §5.2). */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  disabled: boolean('disabled').notNull().default(false),
  /** Created by demo mode; production refuses to start while any exist. */
  demo: boolean('demo').notNull().default(false),
  ...stamps,
})

/** Supervisors (督导) see the stations assigned to them. */
export const supervisorAssignments = pgTable('supervisor_assignments', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.userId, t.organisationId] })])

/** Server-side sessions: the cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  userAgent: text('user_agent'),
  ip: text('ip'),
}, (t) => [index('sessions_user_idx').on(t.userId)])

/** Break-the-glass: a supervisor's time-limited, reasoned access to one village's named records. */
export const breakGlassGrants = pgTable('break_glass_grants', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  villageCode: text('village_code').notNull().references(() => areas.code, { onDelete: 'cascade' }),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('break_glass_user_idx').on(t.userId, t.expiresAt)])

/**
 * Who did what to which records, when and why. Insert-only for the application
 * role. Holds ids and codes, never the sensitive values themselves. Kept ≥ 3 years.
 */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  userId: uuid('user_id'),
  username: text('username'),
  role: role('role'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetIds: text('target_ids').array(),
  /** The village or township the action concerned: station leads browse their township's rows. */
  areaCode: text('area_code'),
  purpose: text('purpose'),
  /** Non-sensitive context: filter codes, counts, outcome. */
  details: jsonb('details'),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_area_idx').on(t.areaCode, t.at), index('audit_log_user_idx').on(t.userId, t.at)])

// ── imports ─────────────────────────────────────────────────────────────────

/** PostgreSQL bytea, as a Node Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

export const importKind = pgEnum('import_kind', ['archive', 'locations'])
export const importStatus = pgEnum('import_status', ['committed', 'undone'])
export const importChangeKind = pgEnum('import_change_kind', ['created', 'updated'])

/**
 * An uploaded file awaiting preview, dry run and commit. Kept server-side (never
 * round-tripped through the browser), visible only to its uploader inside their
 * area, removed at commit or when it expires.
 */
export const importUploads = pgTable('import_uploads', {
  id: uuid('id').primaryKey().defaultRandom(),
  villageCode: text('village_code').notNull().references(() => areas.code, { onDelete: 'cascade' }),
  userId: uuid('user_id').notNull(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  bytes: bytea('bytes').notNull(),
  locationsFileName: text('locations_file_name'),
  locationsSha256: text('locations_sha256'),
  locationsBytes: bytea('locations_bytes'),
  /** The datum the uploader stated for the locations file. */
  locationsCrs: text('locations_crs'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('import_uploads_expiry_idx').on(t.expiresAt), check('import_uploads_crs', sql`${t.locationsCrs} is null or ${t.locationsCrs} in ('wgs84', 'gcj02')`)])

/** One committed import: who, when, which file (by hash), what it did. Undone as a whole. */
export const importBatches = pgTable('import_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  villageCode: text('village_code').notNull().references(() => areas.code, { onDelete: 'cascade' }),
  /** Null for the command-line importer. */
  userId: uuid('user_id'),
  /** Denormalised like the audit log: the application role cannot read accounts. */
  username: text('username'),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  kind: importKind('kind').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Created / updated / unchanged / skipped households, members, categories, positions, groups created. */
  counts: jsonb('counts').notNull(),
  status: importStatus('status').notNull().default('committed'),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
  undoneBy: uuid('undone_by'),
}, (t) => [index('import_batches_village_idx').on(t.villageCode, t.createdAt)])

/**
 * What a batch did to each household: created it, or updated it from `before`
 * (the household row, its members and every assignment as they were). The
 * household's version and updated_at right after the import tell undo whether
 * anyone edited it since.
 */
export const importChanges = pgTable('import_changes', {
  batchId: uuid('batch_id').notNull().references(() => importBatches.id, { onDelete: 'cascade' }),
  /** No foreign key: undo deletes created households, and the record of the change stays. */
  householdId: uuid('household_id').notNull(),
  change: importChangeKind('change').notNull(),
  before: jsonb('before'),
  afterVersion: integer('after_version').notNull(),
  afterUpdatedAt: timestamp('after_updated_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.batchId, t.householdId] }), index('import_changes_household_idx').on(t.householdId)])

// ── area aggregates (kept by triggers in the same transaction, migration 0017) ──

/**
 * Households of an area grouped by everything an aggregate filter can ask
 * without looking at members' ages or village groups: register status, the
 * category tokens and the disabilities. Kept for every village, township and
 * county, so any area's counts under such a filter are a sum over a few
 * hundred rows of the level below. Row-level security by the area's own code:
 * a worker sees their villages' rows, never their township's.
 */
export const areaTallies = pgTable(
  'area_tallies',
  {
    areaCode: text('area_code').notNull(),
    level: areaLevel('level').notNull(),
    status: householdStatus('status').notNull(),
    categories: text('categories').array().notNull(),
    categoryTokens: text('category_tokens').array().notNull(),
    disabilities: text('disabilities').array().notNull(),
    households: integer('households').notNull(),
    people: integer('people').notNull(),
    /** Households with a location, and the sums of their longitudes and latitudes (WGS84 degrees): centroids without a scan. */
    located: integer('located').notNull(),
    sumLng: doublePrecision('sum_lng').notNull(),
    sumLat: doublePrecision('sum_lat').notNull(),
  },
  (t) => [index('area_tallies_level_code_idx').on(t.level, t.areaCode)],
)

/**
 * The tallies rolled up: one row per area, level and status, with households
 * per held category (any year) as `{code: n}`. Kept by triggers on
 * area_tallies (migration 0021); an unfiltered or status-only aggregate reads
 * 3 rows per area here instead of hundreds of tally rows.
 */
export const areaRollups = pgTable(
  'area_rollups',
  {
    areaCode: text('area_code').notNull(),
    level: areaLevel('level').notNull(),
    status: householdStatus('status').notNull(),
    households: integer('households').notNull(),
    people: integer('people').notNull(),
    located: integer('located').notNull(),
    sumLng: doublePrecision('sum_lng').notNull(),
    sumLat: doublePrecision('sum_lat').notNull(),
    byCategory: jsonb('by_category').$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.areaCode, t.status] })],
)

/** The one sequence every village's data version is drawn from (cuntu_bump_villages, migration 0017). */
export const villageVersionSeq = pgSequence('village_version_seq')

/**
 * One row per village with household data: its data version (from one
 * sequence, moved by every write to the village's households, members or
 * assignments; an area's version is the largest of its villages') and the
 * extent of its located households, which finds the villages near a tile.
 */
export const villageSummaries = pgTable(
  'village_summaries',
  {
    villageCode: text('village_code').primaryKey(),
    version: bigint('version', { mode: 'number' }).notNull(),
    extent: geometry4326('extent', 'Geometry'),
  },
  (t) => [index('village_summaries_extent_gix').using('gist', t.extent)],
)

// ── print snapshots (migration 0011) ────────────────────────────────────────

/**
 * The parameters of a printed sheet, atlas or WeChat image and the aggregate
 * counts its legend showed, so the same map can be reopened and printed again.
 * Parameters and counts only, never names. Insert and read only.
 * Constraint names are PostgreSQL's own: the migration declared them inline.
 */
export const printSnapshots = pgTable(
  'print_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    villageCode: text('village_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    params: jsonb('params').notNull(),
    counts: jsonb('counts').notNull(),
  },
  (t) => [
    foreignKey({ name: 'print_snapshots_village_code_fkey', columns: [t.villageCode], foreignColumns: [areas.code] }),
    foreignKey({ name: 'print_snapshots_created_by_fkey', columns: [t.createdBy], foreignColumns: [users.id] }).onDelete('set null'),
    index('print_snapshots_village_idx').on(t.villageCode, t.createdAt.desc().nullsFirst()),
    check('print_snapshots_kind_check', sql`${t.kind} in ('sheet', 'atlas', 'wechat')`),
  ],
)

// ── drawn maps (migrations 0014, 0020) ──────────────────────────────────────

/**
 * Feature kinds: the registry in @cuntu/domain (builtin) plus a station's own.
 * `geometries` lists the ones a kind may be drawn as: 'point', 'line', 'polygon'.
 */
export const featureKinds = pgTable(
  'feature_kinds',
  {
    code: text('code').primaryKey(),
    groupCode: text('group_code').notNull(),
    labelZh: text('label_zh').notNull(),
    labelEn: text('label_en').notNull(),
    colour: text('colour').notNull(),
    icon: text('icon').notNull(),
    geometries: text('geometries').array().notNull(),
    builtin: boolean('builtin').notNull().default(false),
    /** The township (station) that defined it; null for built-ins. No foreign key, unlike categories. */
    stationCode: text('station_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('feature_kinds_code_format', sql`${t.code} ~ '^[a-z][a-z0-9_]{1,39}$'`),
    check('feature_kinds_colour_format', sql`${t.colour} ~ '^#[0-9a-f]{6}$'`),
    check('feature_kinds_geometries', sql`${t.geometries} <@ ARRAY['point','line','polygon']::text[] AND cardinality(${t.geometries}) > 0`),
    check('feature_kinds_station_or_builtin', sql`${t.builtin} OR ${t.stationCode} IS NOT NULL`),
  ],
)

/** Who made and last changed a map, layer or feature (names denormalised like the audit log), and the soft delete. */
const editStamps = {
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by'),
  createdByName: text('created_by_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid('updated_by'),
  updatedByName: text('updated_by_name'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}

/** A village's named map. */
export const maps = pgTable(
  'maps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    villageCode: text('village_code').notNull(),
    name: text('name').notNull(),
    purpose: text('purpose').notNull(),
    ...editStamps,
  },
  (t) => [
    foreignKey({ name: 'maps_village_code_fkey', columns: [t.villageCode], foreignColumns: [areas.code] }),
    index('maps_village_idx').on(t.villageCode),
    check('maps_purpose', sql`${t.purpose} IN ('base', 'asset', 'need', 'other')`),
  ],
)

export const mapLayers = pgTable(
  'map_layers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mapId: uuid('map_id').notNull(),
    /** The map's village, kept by a trigger (cuntu_village_from_map) for row-level security. */
    villageCode: text('village_code').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    visible: boolean('visible').notNull().default(true),
    locked: boolean('locked').notNull().default(false),
    /** 0 (transparent) to 1 (opaque). */
    opacity: real('opacity').notNull().default(1),
    ...editStamps,
  },
  (t) => [
    foreignKey({ name: 'map_layers_map_id_fkey', columns: [t.mapId], foreignColumns: [maps.id] }),
    index('map_layers_map_idx').on(t.mapId, t.position),
    check('map_layers_opacity', sql`${t.opacity} >= 0 AND ${t.opacity} <= 1`),
  ],
)

export const features = pgTable(
  'features',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    layerId: uuid('layer_id').notNull(),
    /** The layer's village, kept by a trigger (cuntu_village_from_layer) for row-level security. */
    villageCode: text('village_code').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull().default(''),
    description: text('description').notNull().default(''),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** A point, line string or polygon (WGS84, longitude first). */
    geom: geometry4326('geom', 'Geometry').notNull(),
    ...editStamps,
  },
  (t) => [
    foreignKey({ name: 'features_layer_id_fkey', columns: [t.layerId], foreignColumns: [mapLayers.id] }),
    foreignKey({ name: 'features_kind_fkey', columns: [t.kind], foreignColumns: [featureKinds.code] }),
    index('features_layer_idx').on(t.layerId),
    index('features_village_idx').on(t.villageCode),
    index('features_geom_idx').using('gist', t.geom),
    check('features_geom_types', sql`GeometryType(${t.geom}) IN ('POINT', 'LINESTRING', 'POLYGON')`),
  ],
)

/** Who changed which feature, layer or map, when, from what to what. Insert-only for the application role. */
export const changeLog = pgTable(
  'change_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: uuid('user_id'),
    username: text('username'),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    villageCode: text('village_code').notNull(),
    action: text('action').notNull(),
    version: integer('version').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('change_log_entity_idx').on(t.entityType, t.entityId, t.id),
    check('change_log_action', sql`${t.action} IN ('create', 'update', 'delete', 'restore')`),
  ],
)

/** Photos of drawn features, re-encoded (at most 2048 px) with a JPEG thumbnail; the village code is the feature's. */
export const featurePhotos = pgTable(
  'feature_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    featureId: uuid('feature_id').notNull(),
    villageCode: text('village_code').notNull(),
    mime: text('mime').notNull(),
    /** Pixels. */
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: bytea('bytes').notNull(),
    thumb: bytea('thumb').notNull(),
    /** The worker chose to keep the photo's EXIF location. */
    keptLocation: boolean('kept_location').notNull().default(false),
    caption: text('caption').notNull().default(''),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'feature_photos_feature_id_fkey', columns: [t.featureId], foreignColumns: [features.id] }).onDelete('cascade'),
    index('feature_photos_feature_idx').on(t.featureId, t.createdAt),
    check('feature_photos_mime', sql`${t.mime} IN ('image/jpeg', 'image/png', 'image/webp')`),
  ],
)
