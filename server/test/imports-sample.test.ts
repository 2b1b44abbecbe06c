/**
 * The acceptance check of issue 5: fixtures/samples/sample-archive.xlsx with
 * sample-locations-gbk.csv (WGS84) reproduces every household, member,
 * category and position, and the stats API agrees with the workbook's own
 * tallies (户数统计 sheet).
 */
import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { parseArchiveWorkbook, parseLocationFile } from '../src/features/imports/parse/index.ts'
import { withVillage } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, count, importFile, stored, upload } from './imports-helpers.ts'
import { SAMPLES_DIR } from '@cuntu/fixtures/samples.ts'

const SAMPLES = SAMPLES_DIR

/** The sample's control points (the file names lon and lat) as the request takes them. */
const sampleControlPoints = () =>
  (JSON.parse(readFileSync(`${SAMPLES}/sample-map-controlpoints.json`, 'utf8')) as { huhao: string; lon: number; lat: number }[])
    .map((p) => ({ huhao: p.huhao, lngLat: [p.lon, p.lat] as [number, number] }))

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
      expect(a.location).toEqual(point.lngLat)
    }

    // The schematic layout: each house keeps its cell on 社区地图, and that cell (read here with ExcelJS,
    // not the importer's reader) is the one that names the household's head.
    const cells = await database.rows<{ id: string; huhao: string; map_row: number | null; map_col: number | null }>(
      sql`select id, huhao, map_row, map_col from households where village_code = ${IMPORT_VILLAGE}`,
    )
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(`${SAMPLES}/sample-archive.xlsx`)
    const mapSheet = wb.getWorksheet('社区地图')!
    let onMap = 0
    for (const c of cells) {
      const p = parsed.households.find((h) => h.huhao === c.huhao)!
      // A linked cell, or an unlinked (00) cell whose name points at this household alone.
      const candidate = parsed.cellMap?.cells.find((x) => x.candidateHuhao === c.huhao)
      expect(c.map_row === null ? null : { row: c.map_row, col: c.map_col }, c.huhao).toEqual(p.mapCell ?? (candidate ? { row: candidate.row, col: candidate.col } : null))
      if (c.map_row === null) continue
      onMap++
      const head = byHuhao.get(c.huhao)!.members.find((m) => m.relation === '户主') ?? byHuhao.get(c.huhao)!.members[0]!
      expect(String(mapSheet.getCell(c.map_row, c.map_col!).text), c.huhao).toContain(head.name)
    }
    expect(onMap).toBeGreaterThan(30)
    const withCell = cells.find((c) => c.map_row !== null)!
    const card = (await app.inject(`/api/households/${withCell.id}`)).json()
    expect(card.mapCell).toEqual({ row: withCell.map_row, col: withCell.map_col, address: mapSheet.getCell(withCell.map_row!, withCell.map_col!).address })

    const tallies = await workbookTallies()
    expect(tallies.total).toBe(42)
    const stats = (await app.inject(`/api/villages/${IMPORT_VILLAGE}/stats`)).json()
    expect(stats.households).toBe(tallies.total)
    expect(stats.members).toBe(104)
    expect(Object.fromEntries(Object.entries(stats.byGroup as Record<string, { households: number }>).map(([g, v]) => [g, v.households]))).toEqual(tallies.byGroup)
    expect(stats.byCategory).toEqual(parsed.stats.categories)
  })

  it('places households from the drawn map with the sample control points (the fit they carry, leave-one-out errors in metres)', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const archive = readFileSync(`${SAMPLES}/sample-archive.xlsx`)
    const cp = sampleControlPoints()
    const res = await importFile(app, IMPORT_VILLAGE, { archive: { data: archive, fileName: 'sample-archive.xlsx' } }, {
      controlPoints: cp,
    }) as unknown as { counts: { positions: { fromCellMap: number; fromControlPoints: number } }; fit: { model: string; looRmsMetres: number; points: { looMetres: number }[] } }
    // The three control-point houses go where the worker says; the other 39 from their cells.
    expect(res.counts.positions).toMatchObject({ fromCellMap: 39, fromControlPoints: 3 })
    expect(res.fit.model).toBe('north_up')
    expect(res.fit.points).toHaveLength(3)
    expect(res.fit.looRmsMetres).toBeGreaterThan(0)
    // Against the surveyed positions: the drawn map is a sketch, so within a few hundred metres.
    const points = (await parseLocationFile(readFileSync(`${SAMPLES}/sample-locations.csv`), { crs: 'wgs84', fileName: 'sample-locations.csv' })).points
    const rad = Math.PI / 180
    for (const h of await stored(database)) {
      const p = points.find((x) => x.huhao === h.huhao)!
      const d = Math.hypot((h.location![0] - p.lngLat[0]) * Math.cos(p.lngLat[1] * rad), h.location![1] - p.lngLat[1]) * rad * 6_371_000
      expect(d, h.huhao).toBeLessThan(400)
    }
  })

  it('keeps the cell map layout when a later workbook has no 社区地图 sheet; a moved cell is a position-only update', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const archive = readFileSync(`${SAMPLES}/sample-archive.xlsx`)
    await importFile(app, IMPORT_VILLAGE, { archive: { data: archive, fileName: 'sample-archive.xlsx' } })
    const cellsOf = async () =>
      new Map(
        (await database.rows<{ huhao: string; cell: string | null }>(
          sql`select huhao, map_row || ',' || map_col as cell from households where village_code = ${IMPORT_VILLAGE}`,
        )).map((r) => [r.huhao, r.cell]),
      )
    const before = await cellsOf()
    expect([...before.values()].filter((c) => c !== null).length).toBeGreaterThan(30)

    // The export is the archive layout only: importing it back changes nothing and keeps every cell.
    const exported = (await app.inject(`/api/villages/${IMPORT_VILLAGE}/export.xlsx?names=1`)).rawPayload
    const again = await importFile(app, IMPORT_VILLAGE, { archive: { data: exported, fileName: 'export.xlsx' } })
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 42 })
    expect(await cellsOf()).toEqual(before)

    // The same workbook with one house cell moved two rows down: only that household's cell changes, members untouched.
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(archive as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('社区地图')!
    const [huhao, cell] = [...before.entries()].find(([, c]) => c !== null)!
    const [row, col] = cell!.split(',').map(Number) as [number, number]
    const target = sheet.getCell(row + 2, col)
    expect(target.text, 'the sample has room below the cell').toBe('')
    const source = sheet.getCell(row, col)
    target.value = source.value
    target.style = source.style
    source.value = null
    source.style = {}
    const moved = Buffer.from(await wb.xlsx.writeBuffer())
    const membersBefore = await database.rows<{ id: string }>(sql`select m.id from members m join households h on h.id = m.household_id where h.huhao = ${huhao} order by m.id`)
    const third = await importFile(app, IMPORT_VILLAGE, { archive: { data: moved, fileName: 'moved.xlsx' } })
    expect(third.counts).toMatchObject({ create: 0, update: 1, unchanged: 41, members: 0 })
    expect(third.households.find((h) => h.action === 'update')).toMatchObject({ huhao })
    const after = await cellsOf()
    expect(after.get(huhao)).toBe(`${row + 2},${col}`)
    expect(new Map([...after].filter(([h]) => h !== huhao))).toEqual(new Map([...before].filter(([h]) => h !== huhao)))
    expect(await database.rows(sql`select m.id from members m join households h on h.id = m.household_id where h.huhao = ${huhao} order by m.id`)).toEqual(membersBefore)
  })

  it('refuses unusable control points with a specific message in the user\'s language, and writes nothing', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const archive = readFileSync(`${SAMPLES}/sample-archive.xlsx`)
    const cp = sampleControlPoints()
    const res = await upload(app, IMPORT_VILLAGE, { archive: { data: archive, fileName: 'sample-archive.xlsx' } })
    const { uploadId } = res.json() as { uploadId: string }
    const households = await count(database, 'households')
    const cases: [string, unknown, number, string, RegExp][] = [
      ['two points', cp.slice(0, 2), 400, 'control_points_too_few', /至少需要 3 个，现在只有 2 个/],
      ['a 户号 not on the map', [...cp.slice(0, 2), { huhao: '9999999', lngLat: [111.02, 21.81] }], 400, 'control_point_not_on_map', /户号 9999999 不在社区地图上/],
      ['three cells on one line', [{ cell: { row: 2, col: 2 }, lngLat: [111.01, 21.81] }, { cell: { row: 2, col: 5 }, lngLat: [111.02, 21.81] }, { cell: { row: 2, col: 9 }, lngLat: [111.03, 21.81] }], 400, 'control_points_collinear', /同一行或同一列/],
      ['a longitude out of range', cp.map((p, i) => (i === 0 ? { ...p, lngLat: [211, p.lngLat[1]] } : p)), 400, 'validation_failed', /.+/],
      ['a point with neither 户号 nor cell', [{ lngLat: [111.02, 21.81] }, ...cp.slice(1)], 400, 'validation_failed', /.+/],
    ]
    for (const [what, controlPoints, status, code, message] of cases) {
      for (const step of ['dry-run', 'commit']) {
        const r = await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/${step}`, payload: { controlPoints }, headers: { 'accept-language': 'zh-CN' } })
        expect(r.statusCode, `${what} (${step})`).toBe(status)
        expect(r.json().error.code, what).toBe(code)
        expect(r.json().error.message, what).toMatch(message)
      }
    }
    const en = await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/dry-run`, payload: { controlPoints: cp.slice(0, 1) }, headers: { 'accept-language': 'en' } })
    expect(en.json().error.message).toBe('At least 3 control points are needed; 1 given.')
    expect(await count(database, 'households')).toBe(households)
    expect(await count(database, 'import_batches')).toBe(0)
    // The upload is still there: the worker fixes the points and commits.
    const ok = await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: { controlPoints: cp } })
    expect(ok.statusCode, ok.body).toBe(200)
    expect(await count(database, 'households')).toBe(households + 42)
  })
})
