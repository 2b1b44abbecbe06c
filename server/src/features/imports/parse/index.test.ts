import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  messyArchiveCsvGbk,
  messyArchiveXlsx,
  truncatedCopy,
  type ExpectedHousehold,
  type MessyFixture,
} from '@cuntu/fixtures/workbooks/messy.ts'
import { emptySheet } from './cells.ts'
import { parseArchiveSheets, parseArchiveWorkbook, type ArchiveWorkbookResult, type ParsedHousehold } from './index.ts'
import { ImportFileError } from './errors.ts'
import { samplePath } from '@cuntu/fixtures/samples.ts'

const SAMPLE_PATH = samplePath('sample-archive.xlsx')

const byHuhao = (r: ArchiveWorkbookResult, huhao: string) => r.households.find((h) => h.huhao === huhao)!

describe('parseArchiveWorkbook on fixtures/samples/sample-archive.xlsx', () => {
  let r: ArchiveWorkbookResult
  beforeAll(async () => {
    r = await parseArchiveWorkbook(SAMPLE_PATH)
  })

  it('finds each sheet by its role', () => {
    expect(r.format).toBe('xlsx')
    expect(r.sheets).toEqual([
      { name: '村民家庭档案', rows: 106, role: 'archive' },
      { name: '民政对象', rows: 13, role: 'civil_affairs' },
      { name: '社区地图', rows: 25, role: 'cell_map' },
      { name: '户数统计', rows: 5, role: 'other' },
    ])
  })

  it('reads the two-row header and maps all 21 columns', () => {
    expect(r.header?.headerRows).toEqual([1, 2])
    expect(r.mapping?.dataStartRow).toBe(3)
    expect(r.mapping?.unmapped).toEqual([])
    expect(r.mapping?.confidence).toBe(1)
    expect(r.mapping?.columns.filter((c) => c.field === 'povertyRelief').map((c) => c.year)).toEqual([2017, 2018])
  })

  it('groups 104 person rows into 42 households (序号 1–42, 户号 only on first rows)', () => {
    expect(r.stats).toMatchObject({ rowsRead: 104, rowsSkipped: 0, households: 42, members: 104, mapCells: 42 })
    expect(r.households.map((h) => h.seq)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1))
    expect(r.households[0]!.huhao).toBe('0200101')
    expect(r.households[41]!.huhao).toBe('0200190')
    // Every 家庭人口 in the sample matches its member rows.
    expect(r.households.every((h) => h.householdSize === h.members.length)).toBe(true)
  })

  it('household 0200101: three members with mixed date forms and cached ages', () => {
    const h = byHuhao(r, '0200101')
    expect(h).toMatchObject({ seq: 1, group: 1, doorNumber: '镇街149号', housing: '二层楼房', living: '靠低保金维持生活', status: 'active', categories: [], mapCell: null })
    expect(h.source).toEqual({ sheet: '村民家庭档案', row: 3, lastRow: 5 })
    expect(h.members.map((m) => [m.name, m.relation, m.isHead, m.sex, m.birthDate, m.age, m.ethnicity, m.health])).toEqual([
      ['郑玉超', '户主', true, 'male', '1949-12-08', 72, '汉', '长期卧床'],
      ['李丽', '妻子', false, 'female', '1949-03-12', 72, '汉', '健康'],
      ['郑永', '孙子', false, 'male', '1973-07-22', 48, '汉', '健康'],
    ])
  })

  it('reads every date form the sample uses', () => {
    const member = (name: string) => r.households.flatMap((h) => h.members).find((m) => m.name === name)!
    expect(member('张芳明').birthDate).toBe('1955-02-14') // Excel date
    expect(member('邓平超').birthDate).toBe('1949-03-10') // 19490310
    expect(member('刘敏').birthDate).toBe('1992-08-04') // 1992.08.04
    expect(member('郑玉超').birthDate).toBe('1949-12-08') // 1949年12月8日
    expect(r.households.flatMap((h) => h.members).every((m) => m.birthDatePrecision === 'day')).toBe(true)
  })

  it('household 0200141 杨秀: poverty relief 2017 and 2018, civil-affairs object, visual grade 2 on the head', () => {
    const h = byHuhao(r, '0200141')
    expect(h.categories).toEqual([
      { code: 'poverty_relief', year: 2017, from: 'archive' },
      { code: 'poverty_relief', year: 2018, from: 'archive' },
      { code: 'civil_affairs', from: 'civil_affairs' },
    ])
    expect(h.members.map((m) => [m.name, m.disabilityText, m.categories])).toEqual([
      ['杨秀', '二级残疾', [{ code: 'disability_12', disabilityType: 'visual', disabilityGrade: 2 }]],
      ['梁明强', null, []],
    ])
    expect(h.mapCell).toEqual({ row: 8, col: 12 })
  })

  it('household 0200143 叶洋华: 五保 from the archive, both poverty years, civil-affairs object', () => {
    expect(byHuhao(r, '0200143').categories).toEqual([
      { code: 'wubao', from: 'archive' },
      { code: 'poverty_relief', year: 2017, from: 'archive' },
      { code: 'poverty_relief', year: 2018, from: 'archive' },
      { code: 'civil_affairs', from: 'civil_affairs' },
    ])
  })

  it('低保 comes only from the 民政对象 sheet (the archive has no 低保 column)', () => {
    const dibao = r.households.filter((h) => h.categories.some((c) => c.code === 'dibao'))
    expect(dibao.map((h) => h.huhao)).toEqual(['0200116', '0200132', '0200161', '0200166'])
    expect(dibao.every((h) => h.categories.find((c) => c.code === 'dibao')?.from === 'civil_affairs')).toBe(true)
  })

  it('0200110 潘霞: the grade is in 残疾, the type in 身体情况', () => {
    expect(byHuhao(r, '0200110').members[0]!.categories).toEqual([{ code: 'disability_12', disabilityType: 'mental', disabilityGrade: 2 }])
  })

  it('40160325迁出 in 生活情况 moves 0200145 and 0200151 out (their map cells say 01 too)', () => {
    const moved = r.households.filter((h) => h.status === 'moved_out')
    expect(moved.map((h) => [h.huhao, h.statusNote])).toEqual([
      ['0200145', '40160325迁出'],
      ['0200151', '40160325迁出'],
    ])
    const cells = r.cellMap!.cells.filter((c) => c.status === 'moved_out')
    expect(cells.map((c) => [c.address, c.huhao])).toEqual([
      ['N2', '0200151'],
      ['Q4', '0200145'],
    ])
  })

  it('counts each household once per category', () => {
    expect(r.stats.categories).toEqual({ civil_affairs: 10, disability_12: 2, poverty_relief: 5, dibao: 4, wubao: 2 })
  })

  it('reads the 民政对象 sheet: 12 registrations for 10 households', () => {
    expect(r.civilAffairs?.entries).toHaveLength(12)
    expect(new Set(r.civilAffairs?.entries.map((e) => e.huhao)).size).toBe(10)
    expect(r.civilAffairs?.entries.map((e) => e.category)).toEqual([
      'disability_12', 'dibao', 'dibao', 'poverty_relief', 'disability_12', 'wubao', 'poverty_relief', 'dibao', 'dibao', 'poverty_relief', 'poverty_relief', 'wubao',
    ])
  })

  it('reads the cell map: 42 houses, the legend colours and their categories', () => {
    const map = r.cellMap!
    expect(map.legend.map((l) => [l.address, l.label, l.fill, l.category])).toEqual([
      ['A2', '一二级残疾', 'FFFF0000', 'disability_12'],
      ['A3', '三四级残疾', 'FFFFC000', 'disability_34'],
      ['A4', '低保户', 'FF00B0F0', 'dibao'],
      ['A5', '精准扶贫户', 'FF92D050', 'poverty_relief'],
      ['A6', '五保户', 'FF7030A0', 'wubao'],
      ['A7', '在民政对象录入', 'FFBFBFBF', 'civil_affairs'],
    ])
    expect(map.cells).toHaveLength(42)
    const coloured = map.cells.filter((c) => c.fill).map((c) => [c.address, c.huhao, c.category])
    expect(coloured).toEqual([
      ['L2', '0200132', 'dibao'],
      ['M5', '0200143', 'wubao'],
      ['L8', '0200141', 'disability_12'],
      ['F10', '0200116', 'dibao'],
      ['J11', '0200110', 'disability_12'],
      ['T20', '0200166', 'dibao'],
      ['U20', '0200161', 'dibao'],
      ['Y22', '0200186', 'poverty_relief'],
      ['X24', '0200172', 'poverty_relief'],
      ['Z24', '0200190', 'wubao'],
    ])
  })

  it('the map agrees with the 户数统计 tally once 00/01 cells are counted with their area', () => {
    const byCode: Record<string, number> = {}
    for (const c of r.cellMap!.cells) byCode[c.groupCode] = (byCode[c.groupCode] ?? 0) + 1
    // 户数统计: group 1 → 14, 2 → 12, 3 → 16, total 42. 00 (郑玉超) is drawn among group 1, the two 01 among group 2.
    expect(byCode).toEqual({ '1': 13, '00': 1, '2': 10, '01': 2, '3': 16 })
  })

  it('links 41 cells to households; the 00 cell suggests 0200101 by name', () => {
    expect(r.households.filter((h) => h.mapCell).length).toBe(41)
    expect(r.cellMap!.cells.find((c) => c.status === 'unlinked')).toMatchObject({ address: 'D11', name: '郑玉超', link: null, candidateHuhao: '0200101' })
    // The control-point file puts 0200101 at row 11, col 4: the same cell.
    const cp = JSON.parse(readFileSync(samplePath('sample-map-controlpoints.json'), 'utf8')) as { huhao: string; cell: { row: number; col: number } }[]
    expect(cp[0]).toMatchObject({ huhao: '0200101', cell: { row: 11, col: 4 } })
  })

  it('reports exactly these issues, all warnings', () => {
    expect(r.issues.map((i) => `${i.severity} ${i.code} ${i.sheet}!${i.column ?? ''}${i.row ?? ''}`)).toEqual([
      'warning household_not_on_map 村民家庭档案!3',
      'warning disability_from_health 村民家庭档案!O10',
      'warning disability_from_health 村民家庭档案!O43',
      'warning moved_out_note 村民家庭档案!N46',
      'warning moved_out_note 村民家庭档案!N58',
      'warning cell_unlinked 社区地图!D11',
    ])
    expect(r.stats.errors).toBe(0)
  })
})

/** The parse of one household in the fixture's expected shape. */
function project(h: ParsedHousehold): ExpectedHousehold {
  return {
    huhao: h.huhao,
    seq: h.seq!,
    group: h.group!,
    doorNumber: h.doorNumber!,
    housing: h.housing!,
    living: h.living!,
    notes: h.notes,
    householdSize: h.householdSize!,
    status: h.status as 'active' | 'moved_out',
    statusNote: h.statusNote,
    categories: h.categories,
    members: h.members.map((m) => ({
      name: m.name,
      relation: m.relation!,
      isHead: m.isHead,
      sex: m.sex!,
      birthDate: m.birthDate,
      birthDatePrecision: m.birthDatePrecision,
      age: m.age!,
      disabilityText: m.disabilityText,
      categories: m.categories.map((c) => ({ ...c, disabilityGrade: c.disabilityGrade! })),
      row: m.source.row,
    })),
    firstRow: h.source.row,
    lastRow: h.source.lastRow,
  }
}

const issueKeys = (r: ArchiveWorkbookResult) =>
  r.issues.filter((i) => i.code !== 'household_not_on_map').map((i) => ({ code: i.code, sheet: i.sheet, row: i.row, column: i.column }))

describe.each([
  ['xlsx', () => messyArchiveXlsx()],
  ['GBK CSV', async () => messyArchiveCsvGbk()],
  ['xlsx, another seed', () => messyArchiveXlsx({ seed: 7, households: 30 })],
  ['GBK CSV, another seed', async () => messyArchiveCsvGbk({ seed: 7, households: 30 })],
])('parseArchiveWorkbook on the messy fixture (%s)', (_name, make: () => Promise<MessyFixture>) => {
  let fx: MessyFixture
  let r: ArchiveWorkbookResult
  beforeAll(async () => {
    fx = await make()
    r = await parseArchiveWorkbook(fx.buffer, { fileName: fx.fileName })
  })

  it('finds the header below the title rows', () => {
    expect(r.header?.headerRows).toEqual([3, 4])
    expect(r.mapping?.unmapped).toEqual([])
  })

  it('gives every household, member and category exactly as generated', () => {
    expect(r.households.length).toBe(fx.expected.households.length)
    r.households.forEach((h, i) => {
      expect(project(h), `household ${i} (${fx.expected.households[i]!.huhao})`).toEqual(fx.expected.households[i])
    })
    expect(r.stats.members).toBe(fx.expected.members)
  })

  it('reports exactly the planted problems', () => {
    expect(issueKeys(r)).toEqual(fx.expected.issues)
  })

  it('reads the 民政对象 sheet and the map when the workbook has them', () => {
    if (fx.expected.civilAffairsEntries === null) {
      expect(r.civilAffairs).toBeNull()
      expect(r.cellMap).toBeNull()
      return
    }
    expect(r.civilAffairs?.entries).toHaveLength(fx.expected.civilAffairsEntries)
    expect(r.cellMap?.legend.map((l) => ({ fill: l.fill, category: l.category }))).toEqual(fx.expected.legend)
    expect(
      r.cellMap?.cells.map((c) => ({ address: c.address, groupCode: c.groupCode, status: c.status, huhao: c.huhao, candidateHuhao: c.candidateHuhao, category: c.category, fill: c.fill })),
    ).toEqual(fx.expected.mapCells)
  })
})

describe('parseArchiveWorkbook: CSV specifics', () => {
  it('detects GBK', async () => {
    const fx = messyArchiveCsvGbk()
    const r = await parseArchiveWorkbook({ bytes: fx.buffer, fileName: fx.fileName })
    expect(r.format).toBe('csv')
    expect(r.encoding).toBe('gbk')
    expect(r.sheets).toEqual([{ name: 'messy-archive', rows: expect.any(Number), role: 'archive' }])
  })
})

describe('parseArchiveWorkbook: the worker corrects the mapping', () => {
  it('ignoring 身体情况 leaves the 二级 disability without a type', async () => {
    const fx = await messyArchiveXlsx()
    const r = await parseArchiveWorkbook(fx.buffer, { mapping: { O: null } })
    expect(r.mapping?.columns.find((c) => c.letter === 'O')).toMatchObject({ field: null, overridden: true })
    const h3 = r.households[3]!
    expect(h3.members[1]!.categories).toEqual([{ code: 'disability_12', disabilityGrade: 2 }])
    expect(r.issues.some((i) => i.code === 'disability_from_health')).toBe(false)
  })

  it('a sheet with no recognisable header can be mapped by hand', () => {
    const sheet = emptySheet('无表头', [
      ['0200101', '张三', '户主', '是'],
      [null, '李四', '妻子', null],
      ['0200102', '王五', '户主', null],
    ])
    const r = parseArchiveSheets([sheet], {
      mapping: { A: { field: 'huhao' }, B: { field: 'name' }, C: { field: 'relation' }, D: { field: 'dibao' } },
      dataStartRow: 1,
    })
    expect(r.households.map((h) => [h.huhao, h.members.map((m) => m.name), h.categories.map((c) => c.code)])).toEqual([
      ['0200101', ['张三', '李四'], ['dibao']],
      ['0200102', ['王五'], []],
    ])
  })

  it('without a mapping, no header is an error issue, not an exception', () => {
    const r = parseArchiveSheets([emptySheet('x', [['a', 'b']])])
    expect(r.issues.map((i) => i.code)).toEqual(['sheet_not_found'])
    expect(r.households).toEqual([])
  })
})

describe('parseArchiveWorkbook: unreadable files throw ImportFileError', () => {
  it('a truncated upload', async () => {
    const fx = await messyArchiveXlsx()
    await expect(parseArchiveWorkbook(truncatedCopy(fx.buffer, 0.7))).rejects.toBeInstanceOf(ImportFileError)
    await expect(parseArchiveWorkbook(truncatedCopy(fx.buffer, 0.7))).rejects.toMatchObject({ code: 'file_corrupt' })
  })
})
