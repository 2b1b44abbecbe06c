/**
 * The import flow through the API: upload → preview → dry run → commit, on the
 * generated messy workbooks, checked value by value against the fixture's
 * expected parse; re-import; undo.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { messyArchiveCsvGbk, messyArchiveXlsx, type ExpectedHousehold, type MessyFixture } from '@cuntu/fixtures/workbooks/messy.ts'
import { withVillage } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, count, importFile, rawState, stored, upload, warmUpImports } from './imports-helpers.ts'
import type { ExportHousehold } from '../src/features/exports/build.ts'

beforeAll(() => warmUpImports(), 240_000)

async function setup() {
  const ctx = await withVillage(6)
  await addVillage(ctx.database)
  return ctx
}

/** Households the import must write: the one without 户号 and the later duplicate are skipped. */
function importable(f: MessyFixture): ExpectedHousehold[] {
  const seen = new Set<string>()
  return f.expected.households.filter((h) => {
    if (h.huhao === null || seen.has(h.huhao)) return false
    seen.add(h.huhao)
    return true
  })
}

/** Every stored value against the fixture's expected parse. */
function expectStoredMatches(actual: ExportHousehold[], expected: ExpectedHousehold[]) {
  expect(actual.map((h) => h.huhao).sort()).toEqual(expected.map((h) => h.huhao!).sort())
  const byHuhao = new Map(actual.map((h) => [h.huhao, h]))
  for (const e of expected) {
    const a = byHuhao.get(e.huhao!)!
    expect({ huhao: a.huhao, group: a.group, doorNumber: a.doorNumber, housing: a.housing, living: a.living, notes: a.notes, status: a.status }).toEqual({
      huhao: e.huhao, group: e.group, doorNumber: e.doorNumber, housing: e.housing, living: e.living, notes: e.notes, status: e.status,
    })
    const cats = (list: { code: string; year?: number | null }[]) => list.map((c) => `${c.code}${c.year ? `:${c.year}` : ''}`).sort()
    expect(cats(a.categories), `categories of ${e.huhao}`).toEqual(cats(e.categories))
    expect(a.members.map((m) => ({
      name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birthDate, disabilityText: m.disabilityText,
      categories: m.categories.map((c) => ({ code: c.code, disabilityType: c.disabilityType, disabilityGrade: c.disabilityGrade })),
    })), `members of ${e.huhao}`).toEqual(e.members.map((m) => ({
      name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birthDate, disabilityText: m.disabilityText,
      categories: m.categories.map((c) => ({ code: c.code, disabilityType: c.disabilityType ?? null, disabilityGrade: c.disabilityGrade })),
    })))
  }
}

describe('importing the messy workbook', () => {
  it('previews, dry-runs and commits it; every household, member and category is stored as the fixture expects', async () => {
    const { app, database } = await setup()
    const f = await messyArchiveXlsx()
    const res = await upload(app, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
    expect(res.statusCode, res.body).toBe(201)
    const preview = res.json()
    expect(preview.header).toEqual({ headerRows: [3, 4], dataStartRow: 5 })
    expect(preview.sheets.map((s: { role: string }) => s.role)).toEqual(['archive', 'civil_affairs', 'cell_map'])
    expect(preview.households).toHaveLength(20)
    expect(preview.households[0].huhao).toBe(f.expected.households[0]!.huhao)
    expect(preview.mapping.columns.find((c: { letter: string }) => c.letter === 'B').field).toBe('huhao')
    expect(preview.stats.households).toBe(f.expected.households.length)
    expect(await count(database, 'import_uploads')).toBe(1)

    const dry = await app.inject({ method: 'POST', url: `/api/imports/${preview.uploadId}/dry-run`, payload: {} })
    expect(dry.statusCode, dry.body).toBe(200)
    const plan = dry.json()
    const expected = importable(f)
    expect(plan.counts).toMatchObject({ create: expected.length, update: 0, unchanged: 0, skip: 2 })
    // The duplicate 户号 is reported (sheet, row, column) and its second household skipped.
    const dup = plan.issues.find((i: { code: string }) => i.code === 'huhao_duplicate')
    expect(dup).toMatchObject({ sheet: '村民家庭档案', column: 'B', severity: 'error' })
    expect(dup.messageZh).toContain('重复')
    expect(plan.households.filter((h: { action: string }) => h.action === 'skip').map((h: { reasons: string[] }) => h.reasons[0]).sort()).toEqual(['huhao_duplicate', 'huhao_missing'])
    expect(await count(database, 'households')).toBe(6 + 6) // a dry run writes nothing

    const commit = await app.inject({ method: 'POST', url: `/api/imports/${preview.uploadId}/commit`, payload: {} })
    expect(commit.statusCode, commit.body).toBe(200)
    const body = commit.json()
    expect(body.counts.create).toBe(expected.length)
    expect(body.counts.groupsCreated.length).toBeGreaterThan(0)
    expectStoredMatches(await stored(database), expected)
    expect(await count(database, 'import_uploads')).toBe(0)

    // Categories carry the batch as their source; the groups the workbook names now exist.
    const h = await app.inject(`/api/villages/${IMPORT_VILLAGE}/households`)
    const feature = h.json().features.find((x: { properties: { huhao: string } }) => x.properties.huhao === expected[0]!.huhao)
    const card = (await app.inject(`/api/households/${feature.id}`)).json()
    expect(card.categories.every((c: { source: string }) => c.source === `import:${body.batchId}`)).toBe(true)

    // History and audit: counts and the file hash, never names.
    const history = (await app.inject(`/api/villages/${IMPORT_VILLAGE}/imports`)).json()
    expect(history.batches).toHaveLength(1)
    expect(history.batches[0]).toMatchObject({ id: body.batchId, fileName: f.fileName, kind: 'archive', status: 'committed', username: 'lead' })
    const audit = (await app.inject(`/api/audit?areaCode=${IMPORT_VILLAGE}`)).json()
    const actions = audit.map((e: { action: string }) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['import.preview', 'import.commit']))
    const text = JSON.stringify(audit)
    for (const m of expected[0]!.members) expect(text).not.toContain(m.name)
    expect(text).toContain(preview.fileSha256)
  })

  it('imports the GBK CSV export of the same archive', async () => {
    const { app, database } = await setup()
    const f = messyArchiveCsvGbk()
    const res = await upload(app, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ format: 'csv', encoding: 'gbk' })
    const commit = await app.inject({ method: 'POST', url: `/api/imports/${res.json().uploadId}/commit`, payload: {} })
    expect(commit.statusCode, commit.body).toBe(200)
    expectStoredMatches(await stored(database), importable(f))
  })

  it('re-importing updates by 户号 and never duplicates; undo restores exactly', async () => {
    const { app, database } = await setup()
    const first = await messyArchiveXlsx()
    const a = await importFile(app, IMPORT_VILLAGE, { archive: { data: first.buffer, fileName: first.fileName } })
    const n = importable(first).length
    expect(a.counts.create).toBe(n)
    const afterFirst = await rawState(database)

    // The same file again: nothing to do.
    const again = await importFile(app, IMPORT_VILLAGE, { archive: { data: first.buffer, fileName: first.fileName } })
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: n })
    expect(await rawState(database)).toEqual(afterFirst)

    // A newer workbook: the same 户号 (they depend on the position only), other people and facts.
    const newer = await messyArchiveXlsx({ seed: 7 })
    const b = await importFile(app, IMPORT_VILLAGE, { archive: { data: newer.buffer, fileName: 'newer.xlsx' } })
    expect(b.counts.create).toBe(0)
    expect(b.counts.update).toBeGreaterThan(0)
    expect(await count(database, 'households')).toBe(12 + n)
    expectStoredMatches(await stored(database), importable(newer))

    // A household edited after the import blocks undo (409), naming it.
    const list = (await app.inject(`/api/villages/${IMPORT_VILLAGE}/households`)).json()
    const target = list.features[0]
    const card = (await app.inject(`/api/households/${target.id}`)).json()
    const patch = await app.inject({ method: 'PATCH', url: `/api/households/${target.id}`, payload: { version: card.version, notes: '已走访' } })
    expect(patch.statusCode, patch.body).toBe(200)
    const blocked = await app.inject({ method: 'POST', url: `/api/imports/batches/${b.batchId}/undo`, headers: { 'accept-language': 'en' } })
    expect(blocked.statusCode).toBe(409)
    expect(blocked.json().error.message).toContain(card.huhao)
    // Put the edit back through undo's eyes: restore the row as it was right after the import.
    await app.inject({ method: 'PATCH', url: `/api/households/${target.id}`, payload: { version: card.version + 1, notes: card.notes } })
    const stillBlocked = await app.inject({ method: 'POST', url: `/api/imports/batches/${b.batchId}/undo` })
    expect(stillBlocked.statusCode).toBe(409) // version moved on: an edit is an edit

    // Undo the first import instead? Refused as well: the newer import changed its households.
    expect((await app.inject({ method: 'POST', url: `/api/imports/batches/${a.batchId}/undo` })).statusCode).toBe(409)
  })

  it('undo puts every row back exactly and deletes what the import created', async () => {
    const { app, database } = await setup()
    const before = await rawState(database)
    const first = await messyArchiveXlsx()
    const a = await importFile(app, IMPORT_VILLAGE, { archive: { data: first.buffer, fileName: first.fileName } })
    const afterFirst = await rawState(database)
    const newer = await messyArchiveXlsx({ seed: 7 })
    const b = await importFile(app, IMPORT_VILLAGE, { archive: { data: newer.buffer, fileName: 'newer.xlsx' } })

    const undoB = await app.inject({ method: 'POST', url: `/api/imports/batches/${b.batchId}/undo` })
    expect(undoB.statusCode, undoB.body).toBe(200)
    expect(undoB.json()).toMatchObject({ restored: b.counts.update, deleted: 0 })
    expect(await rawState(database)).toEqual(afterFirst)
    expect((await app.inject({ method: 'POST', url: `/api/imports/batches/${b.batchId}/undo` })).statusCode).toBe(409)

    const undoA = await app.inject({ method: 'POST', url: `/api/imports/batches/${a.batchId}/undo` })
    expect(undoA.statusCode, undoA.body).toBe(200)
    expect(undoA.json().deleted).toBe(a.counts.create)
    expect(undoA.json().groupsDeleted).toEqual(a.counts.groupsCreated)
    expect(await rawState(database)).toEqual(before)
    const history = (await app.inject(`/api/villages/${IMPORT_VILLAGE}/imports`)).json()
    expect(history.batches.map((x: { status: string }) => x.status)).toEqual(['undone', 'undone'])
    const audit = (await app.inject(`/api/audit?action=import.undo`)).json()
    expect(audit).toHaveLength(2)
  })
})

describe('locations', () => {
  it('a locations file converts GCJ-02, holds flagged points back unless accepted, and updates stored households on its own', async () => {
    const { app, database } = await setup()
    const f = await messyArchiveXlsx()
    const [a, b, c, d] = importable(f).map((h) => h.huhao!) as [string, string, string, string]
    // GCJ-02 as a phone gives it; d's pair is swapped (lat first).
    const csv = Buffer.from(['户号,经度,纬度', `${a},111.0200,21.8100`, `${b},111.0210,21.8105`, `${c},111.0205,21.8110`, `${d},21.8102,111.0203`].join('\n'))
    const res = await upload(app, IMPORT_VILLAGE, { archive: { data: f.buffer, fileName: f.fileName }, locations: { data: csv, fileName: 'gcj.csv' }, crs: 'gcj02' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json().locations.flagged).toEqual([expect.objectContaining({ huhao: d, warnings: ['swapped'] })])
    const dry = (await app.inject({ method: 'POST', url: `/api/imports/${res.json().uploadId}/dry-run`, payload: {} })).json()
    expect(dry.counts.positions).toMatchObject({ fromFile: 3, flagged: 1, accepted: 0 })
    expect(dry.issues.some((i: { code: string; value?: string }) => i.code === 'location_flagged_not_stored' && i.value === d)).toBe(true)
    await app.inject({ method: 'POST', url: `/api/imports/${res.json().uploadId}/commit`, payload: {} })
    let rows = await stored(database)
    const at = (h: string) => rows.find((x) => x.huhao === h)!
    // GCJ-02 → WGS84 moves a point in Guangdong by roughly 500 m west and 300 m north.
    expect(at(a).location![0] - 111.02).toBeLessThan(-0.004)
    expect(at(a).location![1] - 21.81).toBeGreaterThan(0.002)
    expect(at(d).location).toBeNull()

    // The same points again on their own, the swapped one accepted: only d changes.
    const alone = await upload(app, IMPORT_VILLAGE, { locations: { data: csv, fileName: 'gcj.csv' }, crs: 'gcj02' })
    expect(alone.statusCode, alone.body).toBe(201)
    expect(alone.json().kind).toBe('locations')
    const commit = (await app.inject({ method: 'POST', url: `/api/imports/${alone.json().uploadId}/commit`, payload: { acceptFlaggedLocations: [d] } })).json()
    expect(commit.counts).toMatchObject({ create: 0, update: 1, unchanged: 3 })
    rows = await stored(database)
    expect(at(d).location![0]).toBeGreaterThan(111)
    expect(at(d).location![1]).toBeGreaterThan(21.8)
    const batches = (await app.inject(`/api/villages/${IMPORT_VILLAGE}/imports`)).json().batches
    expect(batches[0]).toMatchObject({ kind: 'locations', fileName: 'gcj.csv' })
    // Undo of the locations batch takes d's position away again.
    expect((await app.inject({ method: 'POST', url: `/api/imports/batches/${batches[0].id}/undo` })).statusCode).toBe(200)
    expect((await stored(database)).find((x) => x.huhao === d)!.location).toBeNull()
  })
})
