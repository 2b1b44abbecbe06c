/**
 * Issue 14: the sample workbook (户号 0200xxx, its own positions ~2.5 km away) imported into another village with
 * only a few reminders. Now the dry run warns that it looks like another village, and the commit refuses until
 * the worker confirms; a workbook of the village itself passes without a word.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { SAMPLES_DIR } from '@cuntu/fixtures/samples.ts'
import { TEST_VILLAGE, withVillage } from './helpers.ts'
import { upload } from './imports-helpers.ts'

const householdsIn = async (database: Awaited<ReturnType<typeof withVillage>>['database']) =>
  (await database.rows<{ n: number }>(sql`select count(*)::int as n from households where village_code = ${TEST_VILLAGE}`))[0]!.n

describe('a workbook of another village', () => {
  it('is flagged in the dry run (positions outside, foreign 户号 prefix) and needs confirmation to commit', async () => {
    const { app, database } = await withVillage(60)
    const res = await upload(app, TEST_VILLAGE, {
      archive: { data: readFileSync(`${SAMPLES_DIR}/sample-archive.xlsx`), fileName: 'sample-archive.xlsx' },
      locations: { data: readFileSync(`${SAMPLES_DIR}/sample-locations.csv`), fileName: 'sample-locations.csv' },
      crs: 'wgs84',
    })
    expect(res.statusCode, res.body).toBe(201)
    const { uploadId } = res.json()
    const dry = (await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/dry-run`, payload: {} })).json()
    expect(dry.villageMismatch).toEqual(expect.arrayContaining(['village_positions_outside', 'village_huhao_prefix']))
    // Loud: the warnings come first, in both languages.
    expect(dry.issues[0].code).toBe('village_positions_outside')
    expect(dry.issues[0].messageZh).toMatch(/^注意：\d+ \/ \d+ 个新位置在本村范围以外/)
    const prefix = dry.issues.find((i: { code: string }) => i.code === 'village_huhao_prefix')
    expect(prefix.messageZh).toContain('以 0200 开头')
    expect(prefix.messageEn).toContain('start with 0200')

    const before = await householdsIn(database)
    const refused = await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: {} })
    expect(refused.statusCode).toBe(409)
    expect(refused.json().error.code).toBe('import_village_mismatch')
    expect(refused.json().error.message).toContain('另一个村')
    expect(await householdsIn(database)).toBe(before)

    const confirmed = await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: { confirmVillageMismatch: true } })
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    expect(await householdsIn(database)).toBe(before + 42)
  })

  it('says nothing for a workbook of the village itself', async () => {
    const { app } = await withVillage(60)
    const exported = await app.inject(`/api/villages/${TEST_VILLAGE}/export.xlsx?names=1`)
    expect(exported.statusCode).toBe(200)
    const res = await upload(app, TEST_VILLAGE, { archive: { data: exported.rawPayload, fileName: 'export.xlsx' } })
    const dry = (await app.inject({ method: 'POST', url: `/api/imports/${res.json().uploadId}/dry-run`, payload: {} })).json()
    expect(dry.villageMismatch).toEqual([])
  })
})
