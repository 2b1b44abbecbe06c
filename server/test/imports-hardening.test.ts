/** Import progress belongs to the upload's owner; made-up or foreign upload ids leave no trace. */
import iconv from 'iconv-lite'
import { beforeAll, describe, expect, it } from 'vitest'
import { messyArchiveXlsx } from '@cuntu/fixtures/workbooks/messy.ts'
import { progressEntries } from '../src/features/imports/progress.ts'
import { withVillage, workerDatabase } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, upload } from './imports-helpers.ts'

// Opening the worker's database from the template is the slow part on a loaded machine; not any test's.
beforeAll(() => workerDatabase().then(() => {}), 180_000)

describe('import progress', () => {
  it('is keyed by upload and owner: another user\'s commit attempt neither overwrites nor creates it', async () => {
    const { app, as, database } = await withVillage(2)
    await addVillage(database)
    const f = await messyArchiveXlsx()
    const res = await upload(app, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
    expect(res.statusCode).toBe(201)
    const { uploadId } = res.json()
    expect((await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: {} })).statusCode).toBe(200)
    expect((await app.inject(`/api/imports/${uploadId}/progress`)).json().phase).toBe('done')

    const entries = progressEntries()
    const worker = await as('worker') // another village: the upload is not theirs
    expect((await worker.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: {} })).statusCode).toBe(404)
    expect((await worker.inject({ method: 'POST', url: '/api/imports/00000000-0000-4000-8000-000000000001/commit', payload: {} })).statusCode).toBe(404)
    expect(progressEntries()).toBe(entries)
    expect((await app.inject(`/api/imports/${uploadId}/progress`)).json().phase).toBe('done')
    expect((await worker.inject(`/api/imports/${uploadId}/progress`)).json().phase).toBe('idle')
  }, 120_000)
})

describe('CSV encodings', () => {
  it('refuses a Big5 archive naming the encoding, instead of "no archive sheet", and stores nothing', async () => {
    const { app, database } = await withVillage(1)
    await addVillage(database)
    const big5 = iconv.encode('序號,戶號,姓名,與戶主關係\n1,0200252,韋秀英,戶主\n', 'big5')
    for (const [lang, re] of [['zh-CN', /Big5.*另存为/], ['en', /Big5.*Save As/]] as const) {
      const res = await upload(app, IMPORT_VILLAGE, { archive: { data: new Uint8Array(big5), fileName: 'archive.csv' }, lang })
      expect(res.statusCode).toBe(422)
      expect(res.json().error.code).toBe('import_encoding_unsupported')
      expect(res.json().error.message).toMatch(re)
      expect(res.json().error.message).not.toMatch(/工作表/)
    }
  })
})
