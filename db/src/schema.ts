/**
 * The Cuntu schema (drizzle-orm, PostgreSQL + PostGIS).
 * Geometry columns are WGS84 (EPSG:4326), longitude first. They are declared
 * here for migrations only; every read and write of geometry goes through the
 * PostGIS functions in the repositories (ST_AsGeoJSON / ST_GeomFromGeoJSON),
 * so GeoJSON is validated once at the API edge and PostGIS does the rest.
 */
import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,

  uuid,
} from 'drizzle-orm/pg-core'
import { AREA_LEVELS, HOUSEHOLD_STATUSES, SEXES } from './domain/places.ts'
import { DISABILITY_TYPE_CODES } from './domain/categories.ts'

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
    /** Optimistic concurrency: every write must name the version it edits. */
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [
    unique('households_village_huhao_key').on(t.villageCode, t.huhao),
    foreignKey({ columns: [t.villageCode, t.groupNumber], foreignColumns: [villageGroups.villageCode, villageGroups.number] }),
    index('households_location_gix').using('gist', t.location),
    index('households_village_group_idx').on(t.villageCode, t.groupNumber),
  ],
)

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
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
