/**
 * Spellings of a path that the router folds onto a real route (percent-encoded
 * letters, absolute-form targets, double slashes) must not get past the session
 * and CSRF checks; spellings it does not fold (trailing slash, upper case) must
 * not reach anything either. Every state-changing route in the OpenAPI document,
 * each with real ids, sent over a real socket as raw HTTP so nothing between the
 * test and Fastify normalises the target first.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { messyArchiveXlsx } from '@cuntu/fixtures/workbooks/messy.ts'
import { buildApp } from '../src/app.ts'
import { TEST_VILLAGE, withVillage, type Client } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, importFile, upload } from './imports-helpers.ts'

let world: Awaited<ReturnType<typeof withVillage>>
let port = 0
let lead: Client
const ids: Record<string, string> = {}

beforeAll(async () => {
  world = await withVillage(4)
  await addVillage(world.database)
  lead = world.app
  const f = await messyArchiveXlsx()
  const batch = await importFile(lead, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
  const pending = await upload(lead, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
  expect(pending.statusCode).toBe(201)
  const [h] = await world.database.rows<{ id: string; member: string }>(
    sql`select h.id, m.id as member from households h join members m on m.household_id = h.id where h.village_code = ${TEST_VILLAGE} limit 1`,
  )
  const [worker] = await world.database.rows<{ id: string }>(sql`select id from users where username = 'worker'`)
  Object.assign(ids, { batchId: batch.batchId, uploadId: pending.json().uploadId, household: h!.id, member: h!.member, user: worker!.id })
  await world.raw.listen({ port: 0, host: '127.0.0.1' })
  port = (world.raw.server.address() as net.AddressInfo).port
}, 120_000)

afterAll(async () => {
  await world?.raw.close()
})

/** Every POST/PUT/PATCH/DELETE route the app documents, with its path parameters filled by real ids. */
function stateChangingRoutes(): { method: string; path: string }[] {
  const paths = (world.raw.swagger() as { paths: Record<string, Record<string, unknown>> }).paths
  const out: { method: string; path: string }[] = []
  for (const [p, ops] of Object.entries(paths)) {
    for (const m of Object.keys(ops)) {
      const method = m.toUpperCase()
      if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue
      // Signing in is public by design: there is no session yet to protect.
      if (p === '/api/auth/login') continue
      const filled = p
        .replace('{code}', TEST_VILLAGE)
        .replace('{uploadId}', ids.uploadId!)
        .replace('{batchId}', ids.batchId!)
        .replace(/^\/api\/households\/\{id\}/, `/api/households/${ids.household}`)
        .replace(/^\/api\/members\/\{id\}/, `/api/members/${ids.member}`)
        .replace(/^\/api\/users\/\{id\}/, `/api/users/${ids.user}`)
        // Other ids (sessions, maps, layers, features …): the checks run before any lookup, so any well-formed id serves.
        .replace(/\{[A-Za-z]+\}/g, '00000000-0000-4000-8000-000000000001')
      expect(filled, `unfilled parameter in ${p}`).not.toMatch(/[{}]/)
      out.push({ method, path: filled })
    }
  }
  return out
}

/** The spellings: each names the same route to a lenient reader. */
function spellings(path: string): { kind: string; target: string }[] {
  const rest = path.slice('/api'.length) // "/households/…"
  const lastLetter = path.search(/[a-z](?=[a-z-]*$)/)
  const out = [
    { kind: 'percent-encoded a', target: `/%61pi${rest}` },
    { kind: 'percent-encoded p', target: `/a%70i${rest}` },
    { kind: 'percent-encoded i', target: `/ap%69${rest}` },
    { kind: 'percent-encoded upper-case hex', target: `/%41pi${rest}`.replace('%41', '%61'.toUpperCase()) },
    { kind: 'absolute-form', target: `http://127.0.0.1:${port}${path}` },
    { kind: 'absolute-form encoded', target: `http://127.0.0.1:${port}/%61pi${rest}` },
    { kind: 'double slash', target: `/${path}` },
    { kind: 'inner double slash', target: `/api/${rest}` },
    { kind: 'trailing slash', target: `${path}/` },
    { kind: 'upper case', target: `/API${rest}` },
    { kind: 'capitalised', target: `/Api${rest}` },
  ]
  if (lastLetter > 0) {
    const ch = path[lastLetter]!
    out.push({ kind: 'percent-encoded letter in the last segment', target: `${path.slice(0, lastLetter)}%${ch.charCodeAt(0).toString(16)}${path.slice(lastLetter + 1)}` })
  }
  return out
}

/** Raw HTTP/1.1 over a socket: the request target goes out byte for byte. */
function rawRequest(method: string, target: string, headers: Record<string, string>, body = '{}'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk) => {
      data += chunk
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data)
      if (m) {
        socket.destroy()
        resolve(Number(m[1]))
      }
    })
    socket.on('error', reject)
    const lines = [
      `${method} ${target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ]
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`)
  })
}

/** What a bypass would change: sessions, households, members, users, uploads, batches, audit rows. */
async function fingerprint(): Promise<string> {
  const [row] = await world.database.rows<{ f: string }>(sql`select concat_ws('|',
    (select string_agg(concat(token_hash, ':', revoked_at), ',' order by token_hash) from sessions),
    (select string_agg(concat(id, ':', version, ':', updated_at), ',' order by id) from households),
    (select count(*) from members),
    (select string_agg(concat(id, ':', password_hash, ':', totp_secret, ':', disabled, ':', role), ',' order by id) from users),
    (select count(*) from import_uploads),
    (select string_agg(concat(id, ':', undone_at), ',' order by id) from import_batches),
    (select count(*) from break_glass_grants),
    (select count(*) from audit_log)
  ) as f`)
  return row!.f
}

describe('path spellings never get past the session and CSRF checks', () => {
  it('covers every state-changing route (sanity: the real path with the token is not refused by CSRF)', async () => {
    const routes = stateChangingRoutes()
    expect(routes.length).toBeGreaterThanOrEqual(18)
    // The baseline: the plain path without the token is a CSRF refusal, so the check is on for each of them.
    for (const r of routes) expect(await rawRequest(r.method, r.path, { cookie: lead.cookie }), `${r.method} ${r.path}`).toBe(403)
  })

  it('signed in without x-csrf-token: 403 or 404 for every spelling, and nothing changes', async () => {
    const before = await fingerprint()
    const wrong: string[] = []
    for (const r of stateChangingRoutes()) {
      for (const s of spellings(r.path)) {
        const status = await rawRequest(r.method, s.target, { cookie: lead.cookie })
        if (status !== 403 && status !== 404) wrong.push(`${r.method} ${s.target} (${s.kind}) → ${status}`)
      }
    }
    expect(wrong).toEqual([])
    expect(await fingerprint()).toBe(before)
  })

  it('without a session: 401 (or 404 for a path no route has) for every spelling, and nothing changes', async () => {
    const before = await fingerprint()
    const wrong: string[] = []
    for (const r of stateChangingRoutes()) {
      for (const s of spellings(r.path)) {
        const status = await rawRequest(r.method, s.target, {})
        if (status !== 401 && status !== 404) wrong.push(`${r.method} ${s.target} (${s.kind}) → ${status}`)
      }
    }
    expect(wrong).toEqual([])
    expect(await fingerprint()).toBe(before)
  })

  it('GET of an API path in any spelling still needs a session', async () => {
    for (const target of [`/%61pi/villages/${TEST_VILLAGE}/households`, `//api/households/${ids.household}`, `http://127.0.0.1:${port}/%61pi/households/${ids.household}`]) {
      expect(await rawRequest('GET', target, {}), target).toBe(401)
    }
  })
})

describe('what stays public is decided by the matched route', () => {
  it('serves the client, its files and the API docs without a session, and never index.html for an encoded /api path', async () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'cuntu-web-'))
    try {
      mkdirSync(path.join(dist, 'assets'))
      writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>村图</title>')
      writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)')
      const app = await buildApp({ database: world.database, webDist: dist })
      expect((await app.inject('/')).statusCode).toBe(200)
      expect((await app.inject('/map/view')).body).toContain('村图')
      expect((await app.inject('/assets/app.js')).body).toBe('console.log(1)')
      expect((await app.inject('/api/docs/json')).statusCode).toBe(200)
      expect((await app.inject('/api/health')).statusCode).toBe(200)
      const encoded = await app.inject('/%61pi/no-such-route')
      expect(encoded.statusCode).toBe(404)
      expect(encoded.body).not.toContain('村图')
      expect((await app.inject(`/%61pi/villages/${TEST_VILLAGE}/households`)).statusCode).toBe(401)
      await app.close()
    } finally {
      rmSync(dist, { recursive: true, force: true })
    }
  })
})
