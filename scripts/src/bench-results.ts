/** Where every benchmark keeps its full results: bench-results/<name>-<UTC time>.json (ignored by git), so runs can be compared. */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bench-results')

/** Write the results and return the file's path relative to the working directory. */
export function writeBenchResults(name: string, results: unknown): string {
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')
  mkdirSync(DIR, { recursive: true })
  const file = path.join(DIR, `${name}-${stamp}.json`)
  writeFileSync(file, JSON.stringify(results, null, 2))
  return path.relative(process.cwd(), file)
}
