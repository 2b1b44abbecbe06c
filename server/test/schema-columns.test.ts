/**
 * The migrations and schema.ts describe the same tables: a freshly migrated
 * database (the worker's, cloned from this run's migrated template) has
 * exactly the tables and columns of the drizzle schema, with the same types,
 * nullability and presence of a default, and the same keys, constraints and
 * indexes by name. A migration that adds a column schema.ts lacks, or a column
 * added to schema.ts without a migration, fails here on both engines.
 */
import { is, sql } from 'drizzle-orm'
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import { schema } from '@cuntu/db'
import { workerDatabase } from './helpers.ts'

const tables = (Object.values(schema) as unknown[]).filter((v): v is PgTable => is(v, PgTable)).map((t) => getTableConfig(t))

/** PostgreSQL's name for a serial column's type: the integer it is, its default being the sequence. */
const SERIAL: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' }

interface ColumnRow {
  table: string
  column: string
  type: string
  nullable: boolean
  hasDefault: boolean
}

/** What one side has and the other lacks, as lines: a failure names the columns, not just two counts. */
function difference(database: string[], drizzle: string[]) {
  const inDatabase = new Set(database)
  const inSchema = new Set(drizzle)
  return { onlyInDatabase: database.filter((x) => !inSchema.has(x)).sort(), onlyInSchemaTs: drizzle.filter((x) => !inDatabase.has(x)).sort() }
}
const NONE = { onlyInDatabase: [], onlyInSchemaTs: [] }
const columnLine = (c: ColumnRow) => `${c.table}.${c.column} ${c.type}${c.nullable ? '' : ' not null'}${c.hasDefault ? ' default' : ''}`

describe('the migrated database and schema.ts', () => {
  it('have the same tables and columns, with the same types, nullability and defaults', async () => {
    const database = await workerDatabase()
    // format_type gives the type as declared (geometry(Point,4326), text[], area_level), which
    // information_schema's data_type / udt_name only give in parts (USER-DEFINED / geometry, ARRAY / _text).
    const actual = await database.rows<ColumnRow>(sql`
      select c.table_name as "table", c.column_name as "column",
             format_type(a.atttypid, a.atttypmod) as type,
             c.is_nullable = 'YES' as nullable, c.column_default is not null as "hasDefault"
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      join pg_attribute a on a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass and a.attname = c.column_name
      -- spatial_ref_sys is PostGIS's own; views (household_category_rollup, PostGIS's) are not tables.
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name <> 'spatial_ref_sys'
      order by 1, 2`)
    const expected: ColumnRow[] = tables.flatMap((t) =>
      t.columns.map((c) => ({
        table: t.name,
        column: c.name,
        type: SERIAL[c.getSQLType()] ?? c.getSQLType(),
        nullable: !c.notNull,
        hasDefault: c.hasDefault,
      })),
    )
    expect(difference(actual.map(columnLine), expected.map(columnLine))).toEqual(NONE)
  })

  it('have the same primary keys, foreign keys, unique and check constraints, and indexes', async () => {
    const database = await workerDatabase()
    const actual = await database.rows<{ table: string; kind: string; name: string }>(sql`
      select c.relname as "table",
             case k.contype when 'p' then 'primary key' when 'f' then 'foreign key' when 'u' then 'unique' else 'check' end as kind,
             case k.contype when 'p' then (select string_agg(a.attname, ',' order by a.attname) from pg_attribute a
                                           where a.attrelid = k.conrelid and a.attnum = any(k.conkey))
                            else k.conname end as name
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relname <> 'spatial_ref_sys' and k.contype in ('p', 'f', 'u', 'c')
      union all
      -- Indexes of their own, not the ones behind a primary key or unique constraint.
      select i.tablename, 'index', i.indexname from pg_indexes i
      where i.schemaname = 'public' and i.tablename <> 'spatial_ref_sys'
        and not exists (select 1 from pg_constraint k where k.conname = i.indexname and k.contype in ('p', 'u'))`)
    // PostgreSQL keeps names to 63 bytes (drizzle's name for households → village_groups is longer).
    const pgName = (name: string) => Buffer.from(name).subarray(0, 63).toString()
    const expected = tables.flatMap((t): { table: string; kind: string; name: string }[] => [
      ...t.columns.filter((c) => c.primary).map((c) => ({ table: t.name, kind: 'primary key', name: c.name })),
      ...t.primaryKeys.map((k) => ({ table: t.name, kind: 'primary key', name: k.columns.map((c) => c.name).sort().join(',') })),
      ...t.foreignKeys.map((k) => ({ table: t.name, kind: 'foreign key', name: pgName(k.getName()) })),
      ...t.columns.filter((c) => c.isUnique).map((c) => ({ table: t.name, kind: 'unique', name: c.uniqueName ?? '' })),
      ...t.uniqueConstraints.map((u) => ({ table: t.name, kind: 'unique', name: u.getName() ?? '' })),
      ...t.checks.map((c) => ({ table: t.name, kind: 'check', name: c.name })),
      ...t.indexes.map((i) => ({ table: t.name, kind: 'index', name: i.config.name ?? '' })),
    ])
    const line = (x: { table: string; kind: string; name: string }) => `${x.table} ${x.kind} ${x.name}`
    expect(difference(actual.map(line), expected.map(line))).toEqual(NONE)
  })
})
