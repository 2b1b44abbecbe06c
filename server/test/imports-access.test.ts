/**
 * Files that cannot be imported get a clear 4xx in the caller's language and
 * write nothing; roles and areas are enforced on every import route.
 */
import { describe, expect, it } from 'vitest'
import { messyArchiveXlsx, notAWorkbookZip, oversizedCopy, truncatedCopy, zipBombXlsx } from '@cuntu/fixtures/workbooks/messy.ts'
import { OTHER_VILLAGE, TEST_VILLAGE, withVillage } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, count, importFile, multipart, upload } from './imports-helpers.ts'

describe('unreadable files', () => {
  it('each gives a clear 4xx in the caller language and stores nothing', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const f = await messyArchiveXlsx()
    const households = await count(database, 'households')
    const cases: { name: string; data: Uint8Array; fileName: string; status: number; code: string; zh: RegExp; en: RegExp }[] = [
      { name: 'truncated', data: truncatedCopy(f.buffer, 0.5), fileName: 'cut.xlsx', status: 422, code: 'import_file_corrupt', zh: /损坏或不完整/, en: /damaged or incomplete/ },
      { name: 'oversized', data: oversizedCopy(f.buffer, 51 * 1024 * 1024), fileName: 'big.xlsx', status: 413, code: 'import_upload_too_large', zh: /太大.*50 MiB/, en: /too large.*50 MiB/ },
      { name: 'zip bomb', data: zipBombXlsx({ inflatedBytes: 8 * 1024 * 1024, lie: true }), fileName: 'bomb.xlsx', status: 422, code: 'import_zip_bomb', zh: /解压后过大/, en: /expands to too much/ },
      { name: 'not a workbook', data: notAWorkbookZip(), fileName: 'renamed.xlsx', status: 415, code: 'import_not_xlsx', zh: /不是 Excel/, en: /not an Excel/ },
      { name: 'legacy xls', data: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]), fileName: 'old.xls', status: 415, code: 'import_legacy_xls', zh: /另存为/, en: /Save As/ },
      { name: 'a photo', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), fileName: 'map.png', status: 415, code: 'import_file_type', zh: /不支持的文件类型/, en: /Unsupported file type/ },
      { name: 'binary named .csv', data: Buffer.from([0x50, 0x4b, 0, 0, 1, 2, 3]), fileName: 'x.csv', status: 415, code: 'import_file_type', zh: /不支持/, en: /Unsupported/ },
      { name: 'text named .xlsx', data: Buffer.from('户号,姓名\n1,张三\n'), fileName: 'fake.xlsx', status: 415, code: 'import_file_type', zh: /不支持/, en: /Unsupported/ },
      { name: 'empty', data: new Uint8Array(), fileName: 'empty.csv', status: 400, code: 'import_empty_file', zh: /空的/, en: /empty/ },
    ]
    for (const c of cases) {
      for (const [lang, re] of [['zh-CN', c.zh], ['en', c.en]] as const) {
        const res = await upload(app, IMPORT_VILLAGE, { archive: { data: c.data, fileName: c.fileName }, lang })
        expect(res.statusCode, `${c.name}: ${res.body}`).toBe(c.status)
        expect(res.json().error.code, c.name).toBe(c.code)
        expect(res.json().error.message, `${c.name} (${lang})`).toMatch(re)
      }
    }
    expect(await count(database, 'import_uploads')).toBe(0)
    expect(await count(database, 'import_batches')).toBe(0)
    expect(await count(database, 'households')).toBe(households)
  })

  it('asks for the coordinate system of a locations file, and for multipart', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const loc = Buffer.from('户号,经度,纬度\n0200100,111.0,21.8\n')
    const noCrs = await upload(app, IMPORT_VILLAGE, { locations: { data: loc, fileName: 'loc.csv' }, lang: 'en' })
    expect(noCrs.statusCode).toBe(400)
    expect(noCrs.json().error.code).toBe('import_crs_required')
    const json = await app.inject({ method: 'POST', url: `/api/villages/${IMPORT_VILLAGE}/imports`, payload: { file: 'x' } })
    expect(json.statusCode).toBe(415)
    const three = multipart([1, 2, 3].map((i) => ({ name: i === 1 ? 'archive' : 'locations', fileName: `f${i}.csv`, data: '户号\n1\n' })))
    const tooMany = await app.inject({ method: 'POST', url: `/api/villages/${IMPORT_VILLAGE}/imports`, ...three })
    expect(tooMany.statusCode).toBe(413)
    expect(tooMany.json().error.code).toBe('import_too_many_files')
    expect(await count(database, 'import_uploads')).toBe(0)
  })
})

describe('who may import', () => {
  it('a worker imports into their own village only and sees only its batches', async () => {
    const { app, as, database } = await withVillage(4)
    await addVillage(database)
    const f = await messyArchiveXlsx()
    const worker = await as('worker')
    const admin = await as('admin')
    const file = { archive: { data: f.buffer, fileName: f.fileName } }

    // Another village (another county) and a village of their own township that is not theirs: 403.
    for (const village of [OTHER_VILLAGE, IMPORT_VILLAGE]) {
      const res = await upload(worker, village, file)
      expect(res.statusCode, village).toBe(403)
      expect(res.json().error.code).toBe('forbidden_area')
    }
    // Roles without editHouseholds may not import anywhere.
    for (const username of ['bureau', 'supervisor']) {
      const res = await upload(await as(username), TEST_VILLAGE, file)
      expect(res.statusCode, username).toBe(403)
    }

    // The same generated workbook in three villages looks like another village's file to two of them: confirmed on purpose.
    const confirmed = { confirmVillageMismatch: true }
    const own = await importFile(worker, TEST_VILLAGE, file, confirmed)
    const elsewhere = await importFile(admin, OTHER_VILLAGE, file, confirmed)
    const lead = await importFile(app, IMPORT_VILLAGE, file, confirmed)

    const mine = (await worker.inject(`/api/villages/${TEST_VILLAGE}/imports`)).json()
    expect(mine.batches.map((b: { id: string }) => b.id)).toEqual([own.batchId])
    expect((await worker.inject(`/api/villages/${OTHER_VILLAGE}/imports`)).statusCode).toBe(403)
    // Batches outside the area are invisible (row-level security): not found, not undone.
    for (const id of [elsewhere.batchId, lead.batchId]) {
      const res = await worker.inject({ method: 'POST', url: `/api/imports/batches/${id}/undo` })
      expect(res.statusCode, id).toBe(404)
    }
    // The lead sees the township's batches, not the other county's.
    const township = (await app.inject(`/api/villages/${TEST_VILLAGE}/imports`)).json()
    expect(township.batches).toHaveLength(1)
    expect((await app.inject(`/api/villages/${OTHER_VILLAGE}/imports`)).statusCode).toBe(403)
  })

  it('an upload belongs to its uploader', async () => {
    const { app, as } = await withVillage(4)
    const f = await messyArchiveXlsx()
    const res = await upload(app, TEST_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
    expect(res.statusCode).toBe(201)
    const worker = await as('worker')
    const other = await worker.inject({ method: 'POST', url: `/api/imports/${res.json().uploadId}/dry-run`, payload: {}, headers: { 'accept-language': 'en' } })
    expect(other.statusCode).toBe(404)
    expect(other.json().error.message).toMatch(/No such upload/)
  })
})
