/**
 * Rebuilds drizzle-kit's snapshots (db/migrations/meta/<nnnn>_snapshot.json)
 * for the hand-written stretch of the journal, 0014_features to
 * 0020_feature_photos, which had been left stale (three snapshots with one
 * parent, none for 0011, 0019, 0020). Run once, in db/: `npx tsx scripts/rebuild-snapshots.ts`.
 *
 * How: the last entry's snapshot is the current schema.ts as drizzle-kit
 * serialises it; each earlier entry's is that minus what the later entries
 * created (ADDED below, read off their SQL). The snapshot of the entry before
 * the stretch (0009, still drizzle-kit's own) must come out the same way, or
 * the script stops: that proves schema.ts kept the older tables as they were.
 * Each snapshot keeps its id if it had one; prevId follows the journal order.
 *
 * Migrations after 0020 are drizzle-kit's to snapshot (`npm run generate -w
 * db`), so the script refuses to run once the journal goes past the stretch.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateDrizzleJson } from 'drizzle-kit/api'
import * as schema from '../src/schema.ts'

/** What each hand-written migration created that drizzle-kit's snapshot holds (grants, policies, functions, triggers it does not). */
interface Added {
  tables?: string[]
  columns?: Record<string, string[]>
  sequences?: string[]
}

const ADDED: Record<string, Added> = {
  '0014_features': { tables: ['feature_kinds', 'maps', 'map_layers', 'features', 'change_log'] },
  '0015_totp_last_step': { columns: { users: ['totp_last_step'] } },
  '0011_print_snapshots': { tables: ['print_snapshots'] },
  '0016_household_summary': {
    tables: ['area_tallies', 'village_summaries'],
    columns: { households: ['categories', 'category_tokens', 'disabilities', 'member_count', 'youngest_birth', 'oldest_birth'] },
  },
  '0017_summary_triggers': { sequences: ['village_version_seq'] },
  '0018_area_functions': {},
  '0019_gcj02_point': {},
  '0020_feature_photos': { tables: ['feature_photos'] },
}

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- drizzle-kit's snapshot format, as JSON
interface Journal {
  entries: { idx: number; tag: string }[]
}

const migrations = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations')
const snapshotFile = (tag: string) => path.join(migrations, 'meta', `${tag.slice(0, 4)}_snapshot.json`)
const journal = JSON.parse(readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as Journal
const tags = journal.entries.map((e) => e.tag)
const stretch = Object.keys(ADDED)
const first = tags.indexOf(stretch[0]!)
if (first < 1 || tags.slice(first).join() !== stretch.join()) {
  throw new Error(`the journal must end with exactly ${stretch.join(', ')}; later snapshots are drizzle-kit's own`)
}

/** The snapshot without what `added` created, and without indexes and keys on removed columns. */
function without(snapshot: Json, added: Added): Json {
  const out = structuredClone(snapshot)
  for (const t of added.tables ?? []) {
    if (!out.tables[`public.${t}`]) throw new Error(`no table ${t} in schema.ts`)
    delete out.tables[`public.${t}`]
  }
  for (const [t, columns] of Object.entries(added.columns ?? {})) {
    const table = out.tables[`public.${t}`]
    for (const c of columns) {
      if (!table?.columns[c]) throw new Error(`no column ${t}.${c} in schema.ts`)
      delete table.columns[c]
      const uses = (cols: unknown[]) => cols.some((x) => x === c || (x as Json).expression === c)
      for (const [name, i] of Object.entries<Json>(table.indexes)) if (uses(i.columns)) delete table.indexes[name]
      for (const [name, k] of Object.entries<Json>(table.foreignKeys)) if (uses(k.columnsFrom)) delete table.foreignKeys[name]
      for (const [name, k] of Object.entries<Json>(table.uniqueConstraints)) if (uses(k.columns)) delete table.uniqueConstraints[name]
      for (const k of Object.values<Json>(table.checkConstraints)) {
        if ((k.value as string).includes(`"${c}"`)) throw new Error(`check ${k.name} uses ${t}.${c}: remove it by hand`)
      }
    }
  }
  for (const s of added.sequences ?? []) delete out.sequences[`public.${s}`]
  return out
}

/** drizzle-kit's field order, so a rebuilt file diffs cleanly against one drizzle-kit wrote. */
function ordered(id: string, prevId: string, s: Json): Json {
  const { tables, enums, schemas, sequences, roles, policies, views, _meta } = s
  return { id, prevId, version: s.version, dialect: s.dialect, tables, enums, schemas, sequences, roles, policies, views, _meta }
}

/** The same content whatever the key order. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Json)[k])])) : v
  return JSON.stringify(sort(value))
}

const current = generateDrizzleJson(schema as Record<string, unknown>) as Json
// The state after entry i: the current schema without what every later entry of the stretch created.
const states: Json[] = []
let state = current
for (let i = tags.length - 1; i >= first - 1; i--) {
  states[i] = state
  if (i >= first) state = without(state, ADDED[tags[i]!]!)
}

const base = JSON.parse(readFileSync(snapshotFile(tags[first - 1]!), 'utf8')) as Json
const strip = ({ id: _id, prevId: _prevId, ...rest }: Json) => rest
if (canonical(strip(base)) !== canonical(strip(states[first - 1]!))) {
  throw new Error(`schema.ts without the stretch's additions is not ${tags[first - 1]}'s snapshot: the older tables drifted`)
}

let prevId = base.id as string
for (let i = first; i < tags.length; i++) {
  const file = snapshotFile(tags[i]!)
  const id = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Json).id as string : randomUUID()
  writeFileSync(file, JSON.stringify(ordered(id, prevId, states[i]!), null, 2))
  console.log(`${path.basename(file)}  ${tags[i]}  id ${id}  prevId ${prevId}`)
  prevId = id
}
