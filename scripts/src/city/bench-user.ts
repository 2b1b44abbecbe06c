/**
 * The benchmark account (a civil-affairs bureau over the made-up city) and
 * its sign-in, for benchmarks that go through the API. The same account as
 * `npm run bench` and `npm run bench:tiles` use.
 */
import http from 'node:http'
import { sql } from 'drizzle-orm'
import type { Database } from '@cuntu/db'
import { hashPassword, userRepository } from '@cuntu/server/tooling'

export const BENCH_USER = 'bench'
const BENCH_PASSWORD = 'cuntu-bench-only-not-a-real-account'
const BENCH_ORG = '基准测试民政局（虚构）'

export async function ensureBenchUser(database: Database, areaCode: string): Promise<void> {
  const users = userRepository(database)
  const orgId = (await users.organisationByName(BENCH_ORG)) ?? (await users.createOrganisation({ kind: 'bureau', name: BENCH_ORG, parentId: null, areaCodes: [] }))
  // Reloading the city truncates areas, and organisation_areas with them: put the area back every time.
  await database.db.execute(sql`insert into organisation_areas (organisation_id, area_code) values (${orgId}, ${areaCode}) on conflict do nothing`)
  const [existing] = await database.rows<{ id: string }>(sql`select id from users where username = ${BENCH_USER}`)
  if (!existing) {
    await users.create({ username: BENCH_USER, displayName: '基准测试账户', role: 'civil_affairs_admin', organisationId: orgId, passwordHash: await hashPassword(BENCH_PASSWORD), demo: true })
  }
}

/** The editing account of `npm run bench:draw`: a station lead over one village of the city (drawing needs a role that edits). */
export const BENCH_EDITOR = 'bench_editor'
const BENCH_STATION = '基准测试社工站（虚构）'

export async function ensureBenchEditor(database: Database, villageCode: string): Promise<void> {
  const users = userRepository(database)
  const orgId = (await users.organisationByName(BENCH_STATION)) ?? (await users.createOrganisation({ kind: 'station', name: BENCH_STATION, parentId: null, areaCodes: [] }))
  // One village at a time: the one this run draws in.
  await database.db.execute(sql`delete from organisation_areas where organisation_id = ${orgId}`)
  await database.db.execute(sql`insert into organisation_areas (organisation_id, area_code) values (${orgId}, ${villageCode})`)
  const [existing] = await database.rows<{ id: string }>(sql`select id from users where username = ${BENCH_EDITOR}`)
  if (!existing) {
    await users.create({ username: BENCH_EDITOR, displayName: '基准测试站长', role: 'station_lead', organisationId: orgId, passwordHash: await hashPassword(BENCH_PASSWORD), demo: true })
  }
}

/** Sign in through the API (production cookies): the session cookie header and the CSRF token that writes must carry. */
export function signInSession(port: number, username: string = BENCH_USER): Promise<{ cookie: string; csrfToken: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ username, password: BENCH_PASSWORD })
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString('utf8')))
        res.on('end', () => {
          const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-cuntu_sid='))
          if (res.statusCode !== 200 || !set) reject(new Error(`sign-in as ${username} failed: ${res.statusCode} ${text.slice(0, 300)}`))
          else resolve({ cookie: set.split(';')[0]!, csrfToken: (JSON.parse(text) as { csrfToken: string }).csrfToken })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Sign in as the bench bureau account; the session cookie header. */
export async function signIn(port: number): Promise<string> {
  return (await signInSession(port)).cookie
}
