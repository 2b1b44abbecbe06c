/** Search takes its text in the body (a name must not sit in a URL); bad bodies get a 400 and are not audited. */
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { TEST_VILLAGE, withVillage } from './helpers.ts'

describe('search', () => {
  it('finds by 户号 prefix and by part of a name, from a POST body', async () => {
    const { as, data } = await withVillage(6)
    const w = await as('worker')
    const h = data.households[0]!
    const byHuhao = await w.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/search`, payload: { q: h.huhao } })
    expect(byHuhao.statusCode).toBe(200)
    expect(byHuhao.json().map((x: { huhao: string }) => x.huhao)).toContain(h.huhao)
    const name = h.members[0]!.name
    const byName = await w.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/search`, payload: { q: name.slice(1) } })
    expect(byName.json().map((x: { huhao: string }) => x.huhao)).toContain(h.huhao)
    // GET with the text in the query string is not a route.
    expect((await w.inject(`/api/villages/${TEST_VILLAGE}/search?q=${encodeURIComponent(name)}`)).statusCode).toBe(404)
  })

  it('refuses empty, blank, oversized and non-text queries with 400 and audits none of them', async () => {
    const { as, database } = await withVillage(2)
    const w = await as('worker')
    const searches = async () => (await database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'search'`))[0]!.n
    const before = await searches()
    for (const payload of [{}, { q: '' }, { q: '   ' }, { q: 'x'.repeat(41) }, { q: 42 }, { q: ['张'] }]) {
      const res = await w.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/search`, payload, headers: { 'accept-language': 'zh-CN' } })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json().error.code).toBe('validation_failed')
      expect(res.json().error.message).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(await searches()).toBe(before)
  })
})
