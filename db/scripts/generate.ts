/**
 * `npm run generate -w db [-- --name <what> | --custom --name <what>]`:
 * drizzle-kit generate, numbered after the highest migration. drizzle-kit
 * numbers a new migration by its journal index (18 entries: 0018), but the
 * journal's numbers run to 0020 out of order (0011 landed after 0015), so in
 * place it would overwrite meta/0018_snapshot.json. It runs on a copy here and
 * the new migration and snapshot come back as 0021, 0022, …
 */
import { cpSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { copyOfDb, dbDir, drizzleKitGenerate, readJournal } from './drizzle-copy.ts'

const migrations = path.join(dbDir, 'migrations')
const journal = readJournal(migrations)
const copy = copyOfDb()
try {
  process.stdout.write(drizzleKitGenerate(copy.dir, process.argv.slice(2)))
  const entry = readJournal(copy.migrations).entries[journal.entries.length]
  if (entry) {
    const next = String(Math.max(...journal.entries.map((e) => Number(e.tag.slice(0, 4)))) + 1).padStart(4, '0')
    const tag = `${next}_${entry.tag.slice(5)}`
    cpSync(path.join(copy.migrations, `${entry.tag}.sql`), path.join(migrations, `${tag}.sql`))
    cpSync(path.join(copy.migrations, 'meta', `${entry.tag.slice(0, 4)}_snapshot.json`), path.join(migrations, 'meta', `${next}_snapshot.json`))
    journal.entries.push({ ...entry, tag })
    writeFileSync(path.join(migrations, 'meta/_journal.json'), `${JSON.stringify(journal, null, 2)}\n`)
    console.log(`→ db/migrations/${tag}.sql and meta/${next}_snapshot.json`)
  }
} finally {
  copy.remove()
}
