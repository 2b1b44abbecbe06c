/**
 * One process per embedded data folder. PGlite has no postmaster to refuse a
 * second opener: two processes writing one folder corrupt it (after two had it
 * open, a later start failed with `RuntimeError: Aborted()` in `PGlite.create`).
 * So the folder is claimed with a lock file beside it holding the owner's pid;
 * a lock whose pid is gone (kill -9, power loss) is stale and taken over.
 *
 * The file sits next to the folder (`data` → `data.lock`), not inside it: the
 * folder is PostgreSQL's own data directory and its dumps/backups copy it whole.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import path from 'node:path'

export interface LockOwner {
  pid: number
  host: string
  since: string
  /** What holds it, e.g. "server" or "import CLI". */
  purpose?: string
}

export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked'
  constructor(readonly dataDir: string, readonly lockFile: string, readonly owner: LockOwner) {
    super(
      `数据目录正被另一个进程使用（pid ${owner.pid}${owner.purpose ? `，${owner.purpose}` : ''}，自 ${owner.since}）：${dataDir}。` +
        `请先停止该进程（例如正在运行的服务器）再试；如确认该进程已不存在，可删除锁文件 ${lockFile}。\n` +
        `The data folder is in use by another process (pid ${owner.pid}${owner.purpose ? `, ${owner.purpose}` : ''}, since ${owner.since}): ${dataDir}. ` +
        `Stop that process (e.g. the running server) first; if it no longer exists, delete the lock file ${lockFile}.`,
    )
    this.name = 'DataDirLockedError'
  }
}

export const lockFileOf = (dataDir: string) => `${path.resolve(dataDir)}.lock`

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as LockOwner
    return typeof o.pid === 'number' ? o : null
  } catch {
    return null
  }
}

export interface DataDirLock {
  file: string
  release(): void
}

/**
 * Claim `dataDir` for this process, or throw DataDirLockedError naming the
 * owner. A lock left by a dead process on this host is taken over. Released by
 * `release()` and, as a last resort, when this process exits.
 */
export function acquireDataDirLock(dataDir: string, purpose?: string): DataDirLock {
  const file = lockFileOf(dataDir)
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), ...(purpose ? { purpose } : {}) }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // 'wx': create only if absent, atomically; two starters cannot both succeed.
      const fd = openSync(file, 'wx', 0o600)
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        process.off('exit', release)
        if (readOwner(file)?.pid === process.pid) {
          try {
            unlinkSync(file)
          } catch {
            // already gone
          }
        }
      }
      process.on('exit', release)
      return { file, release }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
    const owner = readOwner(file)
    // Another host's pid cannot be checked from here (a folder on a network share): never take it over.
    const stale = owner === null ? attempt > 0 : owner.host === me.host && !processAlive(owner.pid)
    if (!stale) throw new DataDirLockedError(path.resolve(dataDir), file, owner ?? { pid: 0, host: '?', since: '?' })
    try {
      unlinkSync(file)
    } catch {
      // another starter removed it first; try again
    }
  }
  throw new DataDirLockedError(path.resolve(dataDir), file, readOwner(file) ?? { pid: 0, host: '?', since: '?' })
}
