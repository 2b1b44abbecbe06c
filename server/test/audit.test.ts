import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { OTHER_VILLAGE, TEST_VILLAGE, withVillage } from './helpers.ts'

describe('audit log', () => {
  it('records views, named lists, searches and edits with ids, never the sensitive values', async () => {
    const { as, data, database } = await withVillage(5)
    const w = await as('worker')
    const h = data.households[0]!
    await w.inject(`/api/households/${h.id}`)
    await w.inject(`/api/villages/${TEST_VILLAGE}/households?names=1`)
    await w.inject(`/api/villages/${TEST_VILLAGE}/households`)
    const head = h.members[0]!.name
    await w.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/search`, payload: { q: head } })
    await w.inject({ method: 'PATCH', url: `/api/households/${h.id}`, payload: { version: 1, notes: '低保复核已完成' } })

    const rows = await database.rows<{ action: string; target_ids: string[] | null; area_code: string; details: unknown; role: string }>(
      sql`select action, target_ids, area_code, details, role from audit_log where username = 'worker' and action <> 'login' order by id`,
    )
    expect(rows.map((r) => r.action)).toEqual(['household.view', 'households.list_named', 'search', 'household.update'])
    expect(rows.every((r) => r.area_code === TEST_VILLAGE && r.role === 'worker')).toBe(true)
    expect(rows[0]!.target_ids).toEqual([h.id])
    const everything = JSON.stringify(await database.rows(sql`select * from audit_log`))
    expect(everything).not.toContain(head)
    expect(everything).not.toContain('低保复核已完成')
  })

  it('is browsable by the station lead for their township, filtered, newest first', async () => {
    const { app, as, data } = await withVillage(3)
    const w = await as('worker')
    await w.inject(`/api/households/${data.households[0]!.id}`)
    await w.inject(`/api/households/${data.households[1]!.id}`)
    const res = await app.inject('/api/audit?action=household.view')
    expect(res.statusCode).toBe(200)
    const rows = res.json() as { action: string; targetIds: string[]; username: string; id: number }[]
    expect(rows.map((r) => r.targetIds[0])).toEqual([data.households[1]!.id, data.households[0]!.id])
    expect(rows.every((r) => r.username === 'worker')).toBe(true)
    expect((await w.inject('/api/audit')).statusCode).toBe(403)
  })
})

describe('audit log 户号', () => {
  it('carries the 户号 of household targets the reader may see, and only the id of one outside their areas', async () => {
    const { app, as, data, database } = await withVillage(3)
    const w = await as('worker')
    const [a, b] = [data.households[0]!, data.households[1]!]
    await w.inject(`/api/households/${a.id}`)
    await w.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/search`, payload: { q: b.huhao } })
    // A row in the lead's township naming a household of another county: written as the owner, the way no route would.
    const [outside] = await database.rows<{ id: string; huhao: string }>(sql`select id, huhao from households where village_code = ${OTHER_VILLAGE} limit 1`)
    await database.rows(sql`insert into audit_log (action, target_type, target_ids, area_code) values ('household.view', 'household', ${sql.param([outside!.id])}::text[], ${TEST_VILLAGE})`)

    const res = await app.inject('/api/audit')
    expect(res.statusCode).toBe(200)
    const rows = res.json() as { action: string; targetIds: string[] | null; targetHuhao: Record<string, string> }[]
    const view = rows.find((r) => r.action === 'household.view' && r.targetIds?.[0] === a.id)!
    expect(view.targetHuhao).toEqual({ [a.id]: a.huhao })
    const search = rows.find((r) => r.action === 'search')!
    expect(search.targetHuhao[b.id]).toBe(b.huhao)
    const foreign = rows.find((r) => r.targetIds?.[0] === outside!.id)!
    expect(foreign.targetHuhao).toEqual({})
    expect(JSON.stringify(rows)).not.toContain(outside!.huhao)
    // Rows about other things carry none.
    expect(rows.filter((r) => r.action === 'login').every((r) => Object.keys(r.targetHuhao).length === 0)).toBe(true)
  })
})
