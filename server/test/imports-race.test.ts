/**
 * Commits racing on one village: a double-clicked commit of one upload, and two
 * uploads of the same workbook committed at once. Commits of a village take
 * turns, so the second sees what the first wrote and reports what it really did,
 * and the latest batch can always be undone.
 */
import { describe, expect, it } from 'vitest'
import { messyArchiveXlsx } from '@cuntu/fixtures/workbooks/messy.ts'
import { withVillage } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, count, upload } from './imports-helpers.ts'

async function setup() {
  const ctx = await withVillage(2)
  await addVillage(ctx.database)
  const f = await messyArchiveXlsx()
  const uploadOnce = async () => {
    const res = await upload(ctx.app, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
    expect(res.statusCode, res.body).toBe(201)
    return res.json().uploadId as string
  }
  return { ...ctx, uploadOnce }
}

const commit = (app: Awaited<ReturnType<typeof setup>>['app'], uploadId: string) =>
  app.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: {}, headers: { 'accept-language': 'zh-CN' } })

describe('commits racing on one village', () => {
  it('one upload committed twice at once: one 200, the other 404 saying it may have been imported already; the batch undoes', async () => {
    const { app, database, uploadOnce } = await setup()
    const id = await uploadOnce()
    const results = await Promise.all([commit(app, id), commit(app, id)])
    const statuses = results.map((r) => r.statusCode).sort()
    expect(statuses, results.map((r) => r.body).join('\n')).toEqual([200, 404])
    const ok = results.find((r) => r.statusCode === 200)!.json()
    const refused = results.find((r) => r.statusCode === 404)!.json()
    expect(refused.error.code).toBe('import_upload_not_found')
    expect(refused.error.message).toMatch(/已导入/)
    const households = await count(database, 'households')
    expect(ok.counts.create).toBeGreaterThan(0)
    expect(await count(database, 'import_batches')).toBe(1)
    const undo = await app.inject({ method: 'POST', url: `/api/imports/batches/${ok.batchId}/undo` })
    expect(undo.statusCode, undo.body).toBe(200)
    expect(undo.json().deleted).toBe(ok.counts.create)
    expect(await count(database, 'households')).toBe(households - ok.counts.create)
  })

  it('two uploads of one workbook committed at once: the second waits, reports 0 created, and both batches undo newest first', async () => {
    const { app, database, uploadOnce } = await setup()
    const before = await count(database, 'households')
    const [a, b] = [await uploadOnce(), await uploadOnce()]
    const results = await Promise.all([commit(app, a), commit(app, b)])
    for (const r of results) expect(r.statusCode, r.body).toBe(200)
    const bodies = results.map((r) => r.json())
    const created = bodies.map((x) => x.counts.create).sort((x, y) => x - y)
    const made = (await count(database, 'households')) - before
    // Exactly what the village holds now was created, once.
    expect(created).toEqual([0, made])
    const second = bodies.find((x) => x.counts.create === 0)!
    const first = bodies.find((x) => x.counts.create === made)!
    expect(second.counts.unchanged).toBe(made)

    // The latest batch first, then the earlier one: both undo.
    const undoSecond = await app.inject({ method: 'POST', url: `/api/imports/batches/${second.batchId}/undo` })
    expect(undoSecond.statusCode, undoSecond.body).toBe(200)
    const undoFirst = await app.inject({ method: 'POST', url: `/api/imports/batches/${first.batchId}/undo` })
    expect(undoFirst.statusCode, undoFirst.body).toBe(200)
    expect(await count(database, 'households')).toBe(before)
  })

  it('five commits of five uploads at once: one creates, four find everything unchanged, the newest undoes', async () => {
    const { app, database, uploadOnce } = await setup()
    const before = await count(database, 'households')
    const ids = []
    for (let i = 0; i < 5; i++) ids.push(await uploadOnce())
    const results = await Promise.all(ids.map((id) => commit(app, id)))
    for (const r of results) expect(r.statusCode, r.body).toBe(200)
    const made = (await count(database, 'households')) - before
    expect(results.map((r) => r.json().counts.create).sort((x: number, y: number) => y - x)).toEqual([made, 0, 0, 0, 0])
    const list = (await app.inject(`/api/villages/${IMPORT_VILLAGE}/imports`)).json().batches as { id: string }[]
    expect(list).toHaveLength(5)
    const undo = await app.inject({ method: 'POST', url: `/api/imports/batches/${list[0]!.id}/undo` })
    expect(undo.statusCode, undo.body).toBe(200)
  })
})
