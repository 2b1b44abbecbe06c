/** The importer refuses a household marked both 低保 and 低保边缘 (the registry's exclusive pair), and says so. */
import { describe, expect, it } from 'vitest'
import { withVillage } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, stored, upload } from './imports-helpers.ts'

const CSV = [
  '序号,户号,姓名,与户主关系,组别,低保,低保边缘',
  '1,0299001,甲一,户主,1,是,是',
  '2,0299002,乙二,户主,1,是,',
  '3,0299003,丙三,户主,2,,是',
].join('\r\n')

describe('exclusive categories in an import', () => {
  it('skips the household holding both, with an error naming both in zh-CN and en, and imports the rest', async () => {
    const { app, database } = await withVillage(2)
    await addVillage(database)
    const res = await upload(app, IMPORT_VILLAGE, { archive: { data: Buffer.from(CSV, 'utf8'), fileName: 'archive.csv' } })
    expect(res.statusCode, res.body).toBe(201)
    const { uploadId } = res.json()
    const dry = (await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/dry-run`, payload: {} })).json()
    const both = dry.households.find((h: { huhao: string }) => h.huhao === '0299001')
    expect(both).toMatchObject({ action: 'skip', reasons: ['categories_exclusive'] })
    const issue = dry.issues.find((i: { code: string }) => i.code === 'categories_exclusive')
    expect(issue).toMatchObject({ severity: 'error', row: 2, value: '0299001' })
    expect(issue.messageZh).toContain('“低保”和“低保边缘”')
    expect(issue.messageEn).toContain('"Minimum living allowance" and "Near minimum allowance"')
    const commit = await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: {} })
    expect(commit.statusCode, commit.body).toBe(200)
    const after = await stored(database)
    expect(after.map((h) => h.huhao).sort()).toEqual(['0299002', '0299003'])
    expect(after.find((h) => h.huhao === '0299002')!.categories.map((c) => c.code)).toEqual(['dibao'])
    expect(after.find((h) => h.huhao === '0299003')!.categories.map((c) => c.code)).toEqual(['dibao_edge'])
  })
})
