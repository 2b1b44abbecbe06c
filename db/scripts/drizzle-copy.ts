/**
 * drizzle-kit run on a throwaway copy of db/ (its config, schema.ts and
 * migrations), so it can be asked what it would generate without touching the
 * real folder. The copy sits in the repository's .tmp/, where schema.ts's
 * imports (drizzle-orm, @cuntu/domain) still resolve from the root node_modules.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const dbDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const root = path.resolve(dbDir, '..')

export interface Journal {
  version: string
  dialect: string
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[]
}

export function readJournal(migrations: string): Journal {
  return JSON.parse(readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as Journal
}

/** A copy of db/'s drizzle config, schema and migrations; `remove` deletes it. */
export function copyOfDb(): { dir: string; migrations: string; remove: () => void } {
  mkdirSync(path.join(root, '.tmp'), { recursive: true })
  const dir = mkdtempSync(path.join(root, '.tmp', 'drizzle-'))
  cpSync(path.join(dbDir, 'drizzle.config.ts'), path.join(dir, 'drizzle.config.ts'))
  cpSync(path.join(dbDir, 'src/schema.ts'), path.join(dir, 'src/schema.ts'))
  cpSync(path.join(dbDir, 'migrations'), path.join(dir, 'migrations'), { recursive: true })
  return { dir, migrations: path.join(dir, 'migrations'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** `drizzle-kit generate <args>` in `dir`; its output. Throws with the output when it fails. */
export function drizzleKitGenerate(dir: string, args: string[] = []): string {
  try {
    return execFileSync(path.join(root, 'node_modules/.bin/drizzle-kit'), ['generate', ...args], {
      cwd: dir,
      encoding: 'utf8',
      // No terminal: a question (a rename?) would wait for ever.
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    })
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string }
    throw new Error(`drizzle-kit generate failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err })
  }
}
