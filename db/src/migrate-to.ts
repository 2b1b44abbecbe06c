/**
 * A migrations folder that stops at an older schema: the committed journal cut
 * after `tag`, with its SQL files. Upgrade tests migrate a database to it, load
 * data of that time, then migrate to the latest and check nothing was lost.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MIGRATIONS_FOLDER } from './client.ts'

interface Journal {
  entries: { idx: number; tag: string; when: number }[]
  [k: string]: unknown
}

export function migrationsUpTo(tag: string): string {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal
  const at = journal.entries.findIndex((e) => e.tag === tag)
  if (at < 0) throw new Error(`no migration ${tag} in ${MIGRATIONS_FOLDER}`)
  const dir = mkdtempSync(path.join(os.tmpdir(), `cuntu-migrations-${tag}-`))
  mkdirSync(path.join(dir, 'meta'))
  const entries = journal.entries.slice(0, at + 1)
  writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }))
  for (const e of entries) copyFileSync(path.join(MIGRATIONS_FOLDER, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`))
  return dir
}
