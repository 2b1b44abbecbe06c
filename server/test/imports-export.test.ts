/**
 * Exports: the archive workbook round trip (import → export → import gives the
 * same data), CSV/GeoJSON/KML, names by role, audit, formula neutralising.
 */
import { describe, expect, it } from 'vitest'
import { messyArchiveXlsx } from '@cuntu/fixtures/workbooks/messy.ts'
import { TEST_VILLAGE, withVillage } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, importFile, stored, upload } from './imports-helpers.ts'

const SECOND_VILLAGE = '440982101298'

/** A position per importable household of the fixture, WGS84, around one village. */
function locationsCsv(huhaos: string[]): Buffer {
  const lines = ['户号,经度,纬度,备注', ...huhaos.map((h, i) => `${h},${(111.01 + i * 0.0003).toFixed(6)},${(21.81 + (i % 7) * 0.0002).toFixed(6)},`)]
  return Buffer.from(lines.join('\n'))
}

describe('export', () => {
  it('round trip: import → export.xlsx → import gives identical data, positions included', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    await addVillage(database, SECOND_VILLAGE, '440982101000', '第二测试村')
    const f = await messyArchiveXlsx()
    const huhaos = [...new Set(f.expected.households.map((h) => h.huhao).filter((h): h is string => h !== null))]
    await importFile(app, IMPORT_VILLAGE, {
      archive: { data: f.buffer, fileName: f.fileName },
      locations: { data: locationsCsv(huhaos), fileName: 'locations.csv' },
      crs: 'wgs84',
    })
    const original = await stored(database)
    expect(original.every((h) => h.location !== null)).toBe(true)

    const res = await app.inject(`/api/villages/${IMPORT_VILLAGE}/export.xlsx?names=1`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toContain('.xlsx')
    const exported = res.rawPayload

    // Into the same village: nothing changes.
    const again = await upload(app, IMPORT_VILLAGE, { archive: { data: exported, fileName: 'export.xlsx' } })
    expect(again.statusCode, again.body).toBe(201)
    expect(again.json().header).toEqual({ headerRows: [3, 4], dataStartRow: 5 })
    const dry = (await app.inject({ method: 'POST', url: `/api/imports/${again.json().uploadId}/dry-run`, payload: {} })).json()
    expect(dry.counts).toMatchObject({ create: 0, update: 0, skip: 0, unchanged: original.length })
    expect(dry.issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([])

    // Into an empty village: the same households, members, categories and positions.
    await importFile(app, SECOND_VILLAGE, { archive: { data: exported, fileName: 'export.xlsx' } })
    expect(await stored(database, SECOND_VILLAGE)).toEqual(original)
  })

  it('names only for exportNamed; every export is audited; CSV, GeoJSON and KML', async () => {
    const { app, as, database } = await withVillage(8)
    const worker = await as('worker')
    const named = await worker.inject(`/api/villages/${TEST_VILLAGE}/export.xlsx?names=1`)
    expect(named.statusCode).toBe(403)
    const csv = await worker.inject(`/api/villages/${TEST_VILLAGE}/export.csv`)
    expect(csv.statusCode).toBe(200)
    const text = csv.rawPayload.toString('utf8')
    expect(text.startsWith('\ufeff序号,户号,姓名')).toBe(true)
    const households = await stored(database, TEST_VILLAGE)
    const someName = households[0]!.members[0]!.name
    expect(text).not.toContain(someName)
    expect(text).toContain('（已隐去）')
    expect((await (await as('supervisor')).inject(`/api/villages/${TEST_VILLAGE}/export.csv`)).statusCode).toBe(403)

    const leadCsv = (await app.inject(`/api/villages/${TEST_VILLAGE}/export.csv?names=1`)).rawPayload.toString('utf8')
    expect(leadCsv).toContain(someName)
    expect(leadCsv.trim().split('\r\n')).toHaveLength(1 + households.reduce((n, h) => n + h.members.length, 0))

    const geo = (await app.inject(`/api/villages/${TEST_VILLAGE}/export.geojson`)).json()
    expect(geo.type).toBe('FeatureCollection')
    expect(geo.features).toHaveLength(households.length)
    expect(geo.features[0].properties.headName).toBeUndefined()
    const kml = (await app.inject(`/api/villages/${TEST_VILLAGE}/export.kml?names=1`)).body
    expect(kml.match(/<Placemark>/g)).toHaveLength(households.filter((h) => h.location !== null).length)
    expect(kml).toContain('保密资料')

    const audit = (await app.inject(`/api/audit?action=export`)).json() as { details: { format: string; names: boolean; households: number } }[]
    expect(audit.map((a) => [a.details.format, a.details.names, a.details.households]).sort()).toEqual(
      [['csv', false, 8], ['csv', true, 8], ['geojson', false, 8], ['kml', true, 8]].sort(),
    )
  })

  it('neutralises formula-like cells in every format', async () => {
    const { app, database } = await withVillage(3)
    const list = (await app.inject(`/api/villages/${TEST_VILLAGE}/households`)).json()
    const target = list.features[0]
    const card = (await app.inject(`/api/households/${target.id}`)).json()
    const evil = '=HYPERLINK("http://evil.example","点我")'
    const patched = await app.inject({ method: 'PATCH', url: `/api/households/${target.id}`, payload: { version: card.version, notes: evil, doorNumber: '@SUM(A1)' } })
    expect(patched.statusCode, patched.body).toBe(200)
    const csv = (await app.inject(`/api/villages/${TEST_VILLAGE}/export.csv`)).rawPayload.toString('utf8')
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`)
    expect(csv).toContain(`'@SUM(A1)`)
    const geo = (await app.inject(`/api/villages/${TEST_VILLAGE}/export.geojson`)).json()
    expect(geo.features.find((f: { properties: { huhao: string } }) => f.properties.huhao === card.huhao).properties.doorNumber).toBe("'@SUM(A1)")

    // And the workbook re-imports to the original text.
    const xlsx = (await app.inject(`/api/villages/${TEST_VILLAGE}/export.xlsx?names=1`)).rawPayload
    const res = await upload(app, TEST_VILLAGE, { archive: { data: xlsx, fileName: 'export.xlsx' } })
    const dry = (await app.inject({ method: 'POST', url: `/api/imports/${res.json().uploadId}/dry-run`, payload: {} })).json()
    const entry = dry.households.find((h: { huhao: string }) => h.huhao === card.huhao)
    expect(entry.changes).not.toContain('notes')
    expect(entry.changes).not.toContain('doorNumber')
    void database
  })
})
