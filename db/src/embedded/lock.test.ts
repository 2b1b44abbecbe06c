import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireDataDirLock, DataDirLockedError, lockFileOf } from './lock.ts'

const folder = () => path.join(mkdtempSync(path.join(tmpdir(), 'cuntu-lock-')), 'data')
/** A pid that surely belonged to a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()

describe('acquireDataDirLock', () => {
  it('writes our pid beside the folder and removes it on release', () => {
    const dir = folder()
    const lock = acquireDataDirLock(dir, 'server')
    expect(lock.file).toBe(`${dir}.lock`)
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'server' })
    lock.release()
    expect(existsSync(lock.file)).toBe(false)
  })

  it('refuses a second opener while the first holds it, naming the owner in Chinese first', () => {
    const dir = folder()
    const first = acquireDataDirLock(dir, 'server')
    let err: unknown
    try {
      acquireDataDirLock(dir, 'import CLI')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DataDirLockedError)
    expect((err as Error).message).toMatch(/^数据目录正被另一个进程使用（pid \d+，server/)
    expect((err as Error).message).toContain('in use by another process')
    first.release()
    acquireDataDirLock(dir).release()
  })

  it('takes over a stale lock left by a process that died (kill -9)', () => {
    const dir = folder()
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: Number(deadPid()), host: hostname(), since: '2026-01-01T00:00:00Z' }))
    const lock = acquireDataDirLock(dir)
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid)
    lock.release()
  })

  it('never takes over a lock held from another host', () => {
    const dir = folder()
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: Number(deadPid()), host: 'another-machine', since: '2026-01-01T00:00:00Z' }))
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError)
  })
})
