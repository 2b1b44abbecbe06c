// The one Node.js version the project states (package.json `engines.node`, a plain ">=X.Y"), checked by
// `npm start` and `npm test` before anything else, so an old Node fails with a sentence instead of a stack trace.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** "v20.19.1" or "20.19.1" meets ">=20.19"? Only the ">=major.minor[.patch]" form is used in this repository. */
export function meetsMinimum(version, range) {
  const want = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim())
  if (!want) throw new Error(`engines.node must read ">=X.Y", not "${range}"`)
  const have = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version)
  if (!have) return false
  for (let i = 1; i <= 3; i++) {
    const a = Number(have[i])
    const b = Number(want[i] ?? 0)
    if (a !== b) return a > b
  }
  return true
}

export function requiredNode() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node
}

/** Exit with a message in both languages when this Node is older than the stated one. */
export function checkNode() {
  const range = requiredNode()
  if (meetsMinimum(process.version, range)) return
  console.error(`[cuntu] 需要 Node.js ${range}，当前为 ${process.version}。请升级 Node.js 后再试。/ Cuntu needs Node.js ${range}; this is ${process.version}. Upgrade Node.js and try again.`)
  process.exit(1)
}
