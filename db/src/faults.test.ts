import net from 'node:net'
import { describe, expect, it } from 'vitest'
import pg from 'pg'
import { CommitOutcomeUnknown, StatusTracker, faultOf, retryOnce } from './faults.ts'

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('faultOf', () => {
  it('reads a real refused connection as unavailable', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: await closedPort(), user: 'nobody', connectionTimeoutMillis: 2000 })
    const err = await client.connect().then(() => null, (e: unknown) => e)
    expect(err).not.toBeNull()
    expect(faultOf(err)).toBe('unavailable')
  })

  it('reads the server-side codes of a dropped or refused connection, through drizzle-style causes', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08003', '53300']) {
      expect(faultOf(Object.assign(new Error('x'), { code })), code).toBe('unavailable')
      expect(faultOf(new Error('Failed query', { cause: Object.assign(new Error('x'), { code }) })), `wrapped ${code}`).toBe('unavailable')
    }
    expect(faultOf(new Error('Connection terminated unexpectedly'))).toBe('unavailable')
    expect(faultOf(new Error('Client has encountered a connection error and is not queryable'))).toBe('unavailable')
    expect(faultOf(new CommitOutcomeUnknown(Object.assign(new Error('x'), { code: '57P01' })))).toBe('unavailable')
  })

  it('reads a full disk or a read-only folder as storage', () => {
    expect(faultOf(Object.assign(new Error('x'), { code: '53100' }))).toBe('storage')
    expect(faultOf(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe('storage')
    expect(faultOf(new Error('could not extend file "base/5/1234": No space left on device'))).toBe('storage')
  })

  it('leaves every other error alone: constraint violations, syntax errors, our own errors', () => {
    expect(faultOf(Object.assign(new Error('dup'), { code: '23505' }))).toBeNull()
    expect(faultOf(Object.assign(new Error('syntax'), { code: '42601' }))).toBeNull()
    expect(faultOf(new Error('version_conflict'))).toBeNull()
    expect(faultOf(null)).toBeNull()
  })
})

describe('retryOnce', () => {
  const lost = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })

  it('runs work again once after a lost connection', async () => {
    let calls = 0
    const result = await retryOnce(async () => {
      calls++
      if (calls === 1) throw lost()
      return 'ok'
    })
    expect(result).toBe('ok')
    expect(calls).toBe(2)
  })

  it('does not run it a third time, nor after other errors, nor when the caller says the outcome is unknown', async () => {
    let calls = 0
    await expect(retryOnce(async () => { calls++; throw lost() })).rejects.toMatchObject({ code: '57P01' })
    expect(calls).toBe(2)
    calls = 0
    await expect(retryOnce(async () => { calls++; throw Object.assign(new Error('dup'), { code: '23505' }) })).rejects.toThrow('dup')
    expect(calls).toBe(1)
    calls = 0
    await expect(retryOnce(async () => { calls++; throw lost() }, () => false)).rejects.toMatchObject({ code: '57P01' })
    expect(calls).toBe(1)
  })
})

describe('StatusTracker', () => {
  it('keeps the first moment of an outage and the last code, and clears on success', () => {
    const t = new StatusTracker()
    expect(t.status).toEqual({ reachable: true, since: null, lastError: null })
    t.fault(Object.assign(new Error('x'), { code: '57P01' }))
    const since = t.status.since
    t.fault(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))
    expect(t.status).toEqual({ reachable: false, since, lastError: 'ECONNREFUSED' })
    t.fault(new Error('not a fault'))
    expect(t.status.lastError).toBe('ECONNREFUSED')
    t.ok()
    expect(t.status.reachable).toBe(true)
  })
})
