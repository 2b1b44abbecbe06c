/**
 * The acceptance check of issue 5: fixtures/samples/sample-archive.xlsx with
 * sample-locations-gbk.csv (WGS84) reproduces every household, member,
 * category and position, and the stats API agrees with the workbook's own
 * tallies (户数统计 sheet).
 */
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { parseArchiveWorkbook, parseLocationFile } from '../src/features/imports/parse/index.ts'
import { withVillage } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, importFile, stored } from './imports-helpers.ts'
import { SAMPLES_DIR } from '@cuntu/fixtures/samples.ts'

const SAMPLES = SAMPLES_DIR

/** 户数统计: 村组 → households marked on the map, and the total. */
async function workbookTallies(): Promise<{ byGroup: Record<string, number>; total: number }> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(`${SAMPLES}/sample-archive.xlsx`)
  const ws = wb.getWorksheet('户数统计')!
  const byGroup: Record<string, number> = {}
  let total = 0
  ws.eachRow((row) => {
    // Totals may be formulas: their cached result is the tally.
    const plain = (v: ExcelJS.CellValue) => (v !== null && typeof v === 'object' && 'result' in v ? v.result : v)
    const [g, n] = [plain(row.getCell(1).value), plain(row.getCell(2).value)]
    if (typeof g === 'number' && typeof n === 'number') byGroup[String(g)] = n
    else if (typeof g === 'string' && /共有/.test(g) && typeof n === 'number') total = n
  })
  return { byGroup, total }
}

describe('the sample workbook', () => {
  it('imports with its GBK locations file and reproduces the workbook', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const archive = readFileSync(`${SAMPLES}/sample-archive.xlsx`)
    const locations = readFileSync(`${SAMPLES}/sample-locations-gbk.csv`)
    const result = await importFile(app, IMPORT_VILLAGE, {
      archive: { data: archive, fileName: 'sample-archive.xlsx' },
      locations: { data: locations, fileName: 'sample-locations-gbk.csv' },
      crs: 'wgs84',
    })
    const parsed = await parseArchiveWorkbook(archive, { fileName: 'sample-archive.xlsx' })
    const points = (await parseLocationFile(locations, { crs: 'wgs84', fileName: 'sample-locations-gbk.csv' })).points
    expect(result.counts).toMatchObject({ create: 42, skip: 0, members: 104 })
    expect((result.counts.positions as { fromFile: number; flagged: number }).fromFile).toBe(42)

    const actual = await stored(database)
    expect(actual).toHaveLength(parsed.households.length)
    const byHuhao = new Map(actual.map((h) => [h.huhao, h]))
    for (const p of parsed.households) {
      const a = byHuhao.get(p.huhao!)!
      expect(a, p.huhao!).toBeDefined()
      expect({ group: a.group, status: a.status, doorNumber: a.doorNumber, housing: a.housing, living: a.living, notes: a.notes }).toEqual({
        group: p.group, status: p.status, doorNumber: p.doorNumber, housing: p.housing, living: p.living, notes: p.notes,
      })
      expect(a.categories.map((c) => `${c.code}:${c.year ?? ''}`).sort()).toEqual(p.categories.map((c) => `${c.code}:${c.year ?? ''}`).sort())
      expect(a.members.map((m) => [m.name, m.relation, m.sex, m.birthDate, m.health, m.disabilityText, m.categories.map((c) => `${c.code}:${c.disabilityType}:${c.disabilityGrade}`)])).toEqual(
        p.members.map((m) => [m.name, m.relation, m.sex, m.birthDate, m.health, m.disabilityText, m.categories.map((c) => `${c.code}:${c.disabilityType ?? null}:${c.disabilityGrade}`)]),
      )
      const point = points.find((x) => x.huhao === p.huhao)!
      expect([a.lon, a.lat]).toEqual([point.lon, point.lat])
    }

    const tallies = await workbookTallies()
    expect(tallies.total).toBe(42)
    const stats = (await app.inject(`/api/villages/${IMPORT_VILLAGE}/stats`)).json()
    expect(stats.households).toBe(tallies.total)
    expect(stats.members).toBe(104)
    expect(Object.fromEntries(Object.entries(stats.byGroup as Record<string, { households: number }>).map(([g, v]) => [g, v.households]))).toEqual(tallies.byGroup)
    expect(stats.byCategory).toEqual(parsed.stats.categories)
  })

  it('places households from the drawn map with the sample control points (affine fit, residuals in metres)', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const archive = readFileSync(`${SAMPLES}/sample-archive.xlsx`)
    const cp = JSON.parse(readFileSync(`${SAMPLES}/sample-map-controlpoints.json`, 'utf8')) as { huhao: string; lon: number; lat: number }[]
    const res = await importFile(app, IMPORT_VILLAGE, { archive: { data: archive, fileName: 'sample-archive.xlsx' } }, {
      controlPoints: cp.map((p) => ({ huhao: p.huhao, lon: p.lon, lat: p.lat })),
    }) as unknown as { counts: { positions: { fromCellMap: number } }; affine: { rmsMetres: number; residuals: { metres: number }[] } }
    expect(res.counts.positions.fromCellMap).toBe(42)
    expect(res.affine.residuals).toHaveLength(3)
    expect(res.affine.rmsMetres).toBeLessThan(1)
    // Against the surveyed positions: the drawn map is a sketch, so within a few hundred metres.
    const points = (await parseLocationFile(readFileSync(`${SAMPLES}/sample-locations.csv`), { crs: 'wgs84', fileName: 'sample-locations.csv' })).points
    const rad = Math.PI / 180
    for (const h of await stored(database)) {
      const p = points.find((x) => x.huhao === h.huhao)!
      const d = Math.hypot((h.lon! - p.lon) * Math.cos(p.lat * rad), h.lat! - p.lat) * rad * 6_371_000
      expect(d, h.huhao).toBeLessThan(400)
    }
  })
})
