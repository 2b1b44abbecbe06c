/**
 * Printed maps: a print is refused (403, nothing written) when names are asked
 * without exportNamed; an allowed one is saved as a snapshot with its
 * parameters and audited (ids and parameters, never names); snapshots list,
 * reopen and stay inside the caller's area.
 */
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import type { PrintRequest } from '../src/contract/index.ts'
import { OTHER_VILLAGE, TEST_VILLAGE, withVillage } from './helpers.ts'

function request(over: Partial<PrintRequest['params']> = {}): PrintRequest {
  return {
    params: {
      kind: 'sheet',
      format: 'pdf',
      title: '石桥村 困难群众和特殊群体分布图',
      author: '社工 张三',
      notes: '第一行\n第二行',
      filters: { cats: ['dibao'], match: 'any', group: null, status: null, age: null, dis: null, grade: null, year: null },
      extent: { kind: 'view', bbox: [111.0, 21.8, 111.02, 21.82], group: null },
      layers: ['households'],
      basemap: 'offline',
      page: { size: 'A3', orientation: 'landscape', dpi: 300 },
      names: false,
      deidentified: false,
      overview: true,
      annex: false,
      ...over,
    },
    counts: { households: 12, people: 30, byCategory: { dibao: 12 } },
  }
}

async function printRows(database: Awaited<ReturnType<typeof withVillage>>['database']) {
  return database.rows<{ username: string; details: Record<string, unknown>; target_ids: string[] }>(
    sql`select username, details, target_ids from audit_log where action = 'print' order by id`,
  )
}

describe('print', () => {
  it('saves the snapshot, audits its parameters, lists and reopens it', async () => {
    const { app, database } = await withVillage(10)
    const res = await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/prints`, payload: request() })
    expect(res.statusCode, res.body).toBe(201)
    const snap = res.json()
    expect(snap).toMatchObject({ villageCode: TEST_VILLAGE, kind: 'sheet', title: '石桥村 困难群众和特殊群体分布图', params: request().params })
    expect(snap.createdBy).toBeTruthy()

    const list = await app.inject(`/api/villages/${TEST_VILLAGE}/prints`)
    expect(list.json().map((s: { id: string }) => s.id)).toEqual([snap.id])
    const one = await app.inject(`/api/prints/${snap.id}`)
    expect(one.statusCode).toBe(200)
    expect(one.json()).toEqual(snap)

    const rows = await printRows(database)
    expect(rows).toHaveLength(1)
    expect(rows[0]!.target_ids).toEqual([TEST_VILLAGE])
    expect(rows[0]!.details).toMatchObject({
      snapshot: snap.id,
      kind: 'sheet',
      format: 'pdf',
      names: false,
      deidentified: false,
      filters: request().params.filters,
      extent: request().params.extent,
      layers: ['households'],
      page: { size: 'A3', orientation: 'landscape', dpi: 300 },
      households: 12,
    })
  })

  it('names need exportNamed: a worker gets 403 and nothing is saved or audited; a lead may', async () => {
    const { app, as, database } = await withVillage(6)
    const worker = await as('worker')
    const refused = await worker.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/prints`, payload: request({ names: true }) })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error.code).toBe('forbidden')
    expect(await printRows(database)).toEqual([])
    expect((await database.rows(sql`select id from print_snapshots`)).length).toBe(0)

    const plain = await worker.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/prints`, payload: request() })
    expect(plain.statusCode).toBe(201)
    const named = await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/prints`, payload: request({ names: true, kind: 'atlas' }) })
    expect(named.statusCode).toBe(201)
    const rows = await printRows(database)
    expect(rows.map((r) => [r.username, r.details.names, r.details.kind])).toEqual([
      ['worker', false, 'sheet'],
      ['lead', true, 'atlas'],
    ])
  })

  it('rejects bad parameters in the caller’s language and writes nothing', async () => {
    const { app, database } = await withVillage(4)
    const empty = await app.inject({
      method: 'POST',
      url: `/api/villages/${TEST_VILLAGE}/prints`,
      headers: { 'accept-language': 'zh-CN' },
      payload: request({ title: '   ' }),
    })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.message).toMatch(/请求内容不正确/)
    const badBox = await app.inject({
      method: 'POST',
      url: `/api/villages/${TEST_VILLAGE}/prints`,
      payload: request({ extent: { kind: 'bbox', bbox: [111.02, 21.8, 111.0, 21.82], group: null } }),
    })
    expect(badBox.statusCode).toBe(400)
    const badDpi = await app.inject({
      method: 'POST',
      url: `/api/villages/${TEST_VILLAGE}/prints`,
      payload: { ...request(), params: { ...request().params, page: { size: 'A3', orientation: 'landscape', dpi: 600 } } },
    })
    expect(badDpi.statusCode).toBe(400)
    expect((await database.rows(sql`select id from print_snapshots`)).length).toBe(0)
    expect(await printRows(database)).toEqual([])
  })

  it('keeps snapshots inside the area: another township’s village is 403, its snapshot not found', async () => {
    const { app, as } = await withVillage(4)
    const admin = await as('admin')
    const other = await admin.inject({ method: 'POST', url: `/api/villages/${OTHER_VILLAGE}/prints`, payload: request() })
    expect(other.statusCode, other.body).toBe(201)
    expect((await app.inject({ method: 'POST', url: `/api/villages/${OTHER_VILLAGE}/prints`, payload: request() })).statusCode).toBe(403)
    expect((await app.inject(`/api/villages/${OTHER_VILLAGE}/prints`)).statusCode).toBe(403)
    expect((await app.inject(`/api/prints/${other.json().id}`)).statusCode).toBe(404)
  })
})
