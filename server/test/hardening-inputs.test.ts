/**
 * Inputs an attacker (or a damaged file) sends that used to end as 500s with
 * the failed query, names and hashes included, in the server log. Each must be
 * a 400 in the caller's language, and the log must hold codes only.
 */
import { Writable } from 'node:stream'
import { beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { buildApp } from '../src/app.ts'
import { domainFailureOf } from '../src/plugins/db-errors.ts'
import { signIn, TEST_VILLAGE, withVillage, workerDatabase } from './helpers.ts'
import { multipart } from './imports-helpers.ts'

// Opening the worker's database from the template is the slow part on a loaded machine; not any test's.
beforeAll(() => workerDatabase().then(() => {}), 180_000)

/** An app whose log lines are collected, with the logger configuration main.ts uses. */
async function loggedApp(database: Awaited<ReturnType<typeof withVillage>>['database']) {
  const lines: string[] = []
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done() } })
  const app = await buildApp({ database, loginRateLimit: 10_000, logger: { level: 'info', stream } })
  return { app, log: () => lines.join('') }
}

const NAME = '韦秀英测试'
const NOTE = '靠低保金维持生活（测试）'

describe('a database refusal', () => {
  it('answers a user create with an organisation that does not exist as 400, and logs no name or hash', async () => {
    const { database } = await withVillage(1)
    const { app, log } = await loggedApp(database)
    const admin = await signIn(app, 'admin')
    const res = await admin.inject({
      method: 'POST', url: '/api/users',
      payload: { username: 'ghost.worker', displayName: NAME, role: 'worker', organisationId: '00000000-0000-4000-8000-000000000000', password: 'a long enough passphrase 77' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('organisation_not_found')
    expect(res.json().error.message).toMatch(/机构/)
    const text = log()
    expect(text).toContain('23503')
    expect(text).not.toContain(NAME)
    expect(text).not.toContain('ghost.worker')
    expect(text).not.toContain('$argon2')
    expect(text).not.toContain('Failed query')
  })

  it('maps a raw constraint to the domain message, never naming it', async () => {
    const { database, data } = await withVillage(1)
    const h = data.households[0]!
    const err = await database.db
      .execute(sql`insert into households (village_code, huhao) values (${TEST_VILLAGE}, ${h.huhao})`)
      .then(() => null, (e: unknown) => e)
    expect(err).not.toBeNull()
    const failure = domainFailureOf(err)
    expect(failure).toEqual({ code: 'huhao_taken', status: 409 })
  })
})

describe('inputs that used to be 500s', () => {
  it('refuses a version beyond the database integer as 400', async () => {
    const { app, data } = await withVillage(1)
    const res = await app.inject({ method: 'PATCH', url: `/api/households/${data.households[0]!.id}`, payload: { version: 2147483648, notes: 'x' } })
    expect(res.statusCode).toBe(400)
  })

  it('refuses a NUL in notes or a member name with a Chinese message, and logs no value', async () => {
    const { database, data } = await withVillage(1)
    const { app, log } = await loggedApp(database)
    const lead = await signIn(app, 'lead')
    const h = data.households[0]!
    const notes = await lead.inject({ method: 'PATCH', url: `/api/households/${h.id}`, payload: { version: 1, notes: `${NOTE}\u0000` } })
    expect(notes.statusCode).toBe(400)
    expect(notes.json().error.code).toBe('text_nul')
    expect(notes.json().error.message).toMatch(/空字符/)
    const member = await lead.inject({ method: 'POST', url: `/api/households/${h.id}/members`, payload: { name: `${NAME}\u0000` } })
    expect(member.statusCode).toBe(400)
    expect(member.json().error.code).toBe('text_nul')
    expect(log()).not.toContain(NOTE)
    expect(log()).not.toContain(NAME)
    const card = await lead.inject(`/api/households/${h.id}`)
    expect(card.json().version).toBe(1)
  })

  it('refuses a multipart body whose boundary does not match as 400', async () => {
    const { app } = await withVillage(1)
    const body = multipart([{ name: 'archive', fileName: 'a.csv', data: '户号,姓名\n0200001,张三\n' }])
    const res = await app.inject({
      method: 'POST', url: `/api/villages/${TEST_VILLAGE}/imports`, payload: body.payload,
      headers: { 'content-type': 'multipart/form-data; boundary=not-the-boundary' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/)
  })

  it('refuses a birth date after today', async () => {
    const { app, data } = await withVillage(1)
    const res = await app.inject({ method: 'POST', url: `/api/households/${data.households[0]!.id}/members`, payload: { name: '未来人', birthDate: '2999-01-01' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.message).toMatch(/出生日期不能晚于今天/)
    const ok = await app.inject({ method: 'POST', url: `/api/households/${data.households[0]!.id}/members`, payload: { name: '过去人', birthDate: '1970-03-12' } })
    expect(ok.statusCode).toBe(201)
  })
})
