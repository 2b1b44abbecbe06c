/**
 * schema.ts and drizzle-kit's snapshots (db/migrations/meta) must not drift
 * apart: drizzle-kit generate on a copy of db/ finds nothing to do, and the
 * snapshots form one chain in journal order (one per entry, each the child of
 * the entry before), so the next `npm run generate -w db` diffs against the
 * right parent.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyOfDb, dbDir, drizzleKitGenerate, readJournal } from '../scripts/drizzle-copy.ts'

const migrations = path.join(dbDir, 'migrations')

/** Every file under `dir` with its contents, by relative path. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue
    const file = path.join(d.parentPath, d.name)
    out[path.relative(dir, file)] = readFileSync(file, 'utf8')
  }
  return out
}

describe('drizzle schema and snapshots', () => {
  it('drizzle-kit generate finds schema.ts equal to the last snapshot and writes nothing', { timeout: 120_000 }, () => {
    const copy = copyOfDb()
    try {
      const before = files(copy.migrations)
      const output = drizzleKitGenerate(copy.dir)
      expect(output).toContain('No schema changes, nothing to migrate')
      expect(files(copy.migrations)).toEqual(before)
    } finally {
      copy.remove()
    }
  })

  it('has one snapshot per journal entry, each the child of the entry before', () => {
    const journal = readJournal(migrations)
    const snapshotFiles = readdirSync(path.join(migrations, 'meta')).filter((f) => f.endsWith('_snapshot.json')).sort()
    // Named by the tag's number, the way drizzle-kit names them.
    expect(snapshotFiles).toEqual(journal.entries.map((e) => `${e.tag.slice(0, 4)}_snapshot.json`).sort())
    const sqlFiles = readdirSync(migrations).filter((f) => f.endsWith('.sql')).sort()
    expect(sqlFiles).toEqual(journal.entries.map((e) => `${e.tag}.sql`).sort())

    let parent = '00000000-0000-0000-0000-000000000000'
    const ids = new Set<string>()
    for (const entry of journal.entries) {
      const snapshot = JSON.parse(readFileSync(path.join(migrations, 'meta', `${entry.tag.slice(0, 4)}_snapshot.json`), 'utf8')) as { id: string; prevId: string }
      expect({ tag: entry.tag, prevId: snapshot.prevId }).toEqual({ tag: entry.tag, prevId: parent })
      expect(ids.has(snapshot.id)).toBe(false)
      ids.add(snapshot.id)
      parent = snapshot.id
    }
    // drizzle-kit diffs a new migration against the last snapshot by file name: it must be the journal's last.
    expect(snapshotFiles.at(-1)).toBe(`${journal.entries.at(-1)!.tag.slice(0, 4)}_snapshot.json`)
  })
})
