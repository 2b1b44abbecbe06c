import { describe, expect, it } from 'vitest'
import { emptySheet, type SheetData } from './cells.ts'
import { isRed, linkCellMap, parseCellMap, parseHouseText, parseHyperlinkTarget, readLegend, statusForGroupCode } from './cellmap.ts'
import type { ParsedHousehold } from './model.ts'

/** A fragment of the sample 社区地图: legend in A2:A7 (label cells filled), houses around. */
function sampleFragment(): SheetData {
  const sheet = emptySheet('社区地图', [
    ['地图填充颜色'],
    ['一二级残疾', null, null, null, null, null, null, null, null, null, null, '2 钟伟建', '2 叶芳建', '01 邓强'],
    ['三四级残疾'],
    ['低保户'],
    ['精准扶贫户', null, null, '00 郑玉超'],
    ['五保户'],
    ['在民政对象录入'],
    [null, null, null, null, null, null, null, null, null, null, null, '2 杨秀'],
    ['保密资料，请勿外传'],
  ])
  sheet.styles = {
    A2: { fill: 'FFFF0000', fontColour: 'FF000000' },
    A3: { fill: 'FFFFC000' },
    A4: { fill: 'FF00B0F0' },
    A5: { fill: 'FF92D050' },
    A6: { fill: 'FF7030A0' },
    A7: { fill: 'FFBFBFBF' },
    L2: { fill: 'FF00B0F0' },
    L8: { fill: 'FFFF0000' },
    M2: { fontColour: 'FFFF0000' },
  }
  sheet.hyperlinks = { L2: "#'村民家庭档案'!A36", M2: "#'村民家庭档案'!A38", N2: "#'村民家庭档案'!A58", L8: "#'村民家庭档案'!A43" }
  return sheet
}

describe('parseHouseText', () => {
  it('splits group code and name', () => {
    expect(parseHouseText('2 钟伟建')).toEqual({ groupCode: '2', name: '钟伟建' })
    expect(parseHouseText('06\n张三')).toEqual({ groupCode: '06', name: '张三' })
    expect(parseHouseText('００\u3000郑玉超')).toEqual({ groupCode: '00', name: '郑玉超' })
    expect(parseHouseText('01邓强')).toEqual({ groupCode: '01', name: '邓强' })
  })
  it('is not fooled by legends, titles and notes', () => {
    expect(parseHouseText('一二级残疾')).toBeNull()
    expect(parseHouseText('1-2级残疾')).toBeNull()
    expect(parseHouseText('保密资料，请勿外传')).toBeNull()
    expect(parseHouseText('3 号楼前有积水，需要路灯')).toBeNull()
  })
})

describe('statusForGroupCode', () => {
  it('00 is unlinked, 01 moved out, anything else a group', () => {
    expect(statusForGroupCode('00')).toBe('unlinked')
    expect(statusForGroupCode('01')).toBe('moved_out')
    expect(statusForGroupCode('1')).toBe('active')
    expect(statusForGroupCode('06')).toBe('active')
  })
})

describe('parseHyperlinkTarget', () => {
  it('reads internal links with and without quotes', () => {
    expect(parseHyperlinkTarget("#'村民家庭档案'!A69")).toEqual({ sheet: '村民家庭档案', row: 69, col: 1 })
    expect(parseHyperlinkTarget('村民家庭档案!$B$7')).toEqual({ sheet: '村民家庭档案', row: 7, col: 2 })
    expect(parseHyperlinkTarget("#'O''Brien'!A1")).toEqual({ sheet: "O'Brien", row: 1, col: 1 })
  })
  it('rejects web links', () => {
    expect(parseHyperlinkTarget('https://example.org')).toBeNull()
  })
})

describe('isRed', () => {
  it('accepts strong reds only', () => {
    expect(isRed('FFFF0000')).toBe(true)
    expect(isRed('FFC00000')).toBe(true)
    expect(isRed('FF00B0F0')).toBe(false)
    expect(isRed(undefined)).toBe(false)
  })
})

describe('readLegend', () => {
  it('reads label cells that carry their own colour (the sample layout)', () => {
    expect(readLegend(sampleFragment()).map((l) => [l.fill, l.category])).toEqual([
      ['FFFF0000', 'disability_12'],
      ['FFFFC000', 'disability_34'],
      ['FF00B0F0', 'dibao'],
      ['FF92D050', 'poverty_relief'],
      ['FF7030A0', 'wubao'],
      ['FFBFBFBF', 'civil_affairs'],
    ])
  })
  it('reads a label beside a coloured empty cell', () => {
    const sheet = emptySheet('地图', [[null, '低保户'], ['五保户', null]])
    sheet.styles = { A1: { fill: 'FF00B0F0' }, B2: { fill: 'theme:5' } }
    expect(readLegend(sheet).map((l) => [l.fill, l.category, l.address])).toEqual([
      ['FF00B0F0', 'dibao', 'B1'],
      ['theme:5', 'wubao', 'A2'],
    ])
  })
})

describe('parseCellMap', () => {
  it('reads each house cell with group, link, fill and legend category', () => {
    const map = parseCellMap(sampleFragment())
    expect(map.issues).toEqual([])
    expect(map.cells.map((c) => c.address)).toEqual(['L2', 'M2', 'N2', 'D5', 'L8'])
    expect(map.cells[0]).toEqual({
      row: 2, col: 12, address: 'L2', text: '2 钟伟建', groupCode: '2', group: 2, status: 'active', name: '钟伟建',
      link: { sheet: '村民家庭档案', row: 36, col: 1 }, fill: 'FF00B0F0', category: 'dibao', nameInRed: false, huhao: null, candidateHuhao: null,
    })
    expect(map.cells[1]).toMatchObject({ nameInRed: true, fill: null, category: null })
    expect(map.cells[2]).toMatchObject({ groupCode: '01', group: null, status: 'moved_out' })
    expect(map.cells[3]).toMatchObject({ groupCode: '00', status: 'unlinked', link: null })
    expect(map.cells[4]).toMatchObject({ category: 'disability_12' })
  })

  it('counts a house drawn as a merged block once', () => {
    const sheet = emptySheet('地图', [['3 张三', '3 张三'], ['3 张三', '3 张三']])
    sheet.merges = [{ top: 1, left: 1, bottom: 2, right: 2 }]
    expect(parseCellMap(sheet).cells.map((c) => c.address)).toEqual(['A1'])
  })

  it('warns about a fill that is not in the legend', () => {
    const sheet = sampleFragment()
    sheet.styles.M2 = { fill: 'FF123456' }
    expect(parseCellMap(sheet).issues).toMatchObject([{ code: 'cell_colour_unknown', row: 2, column: 'M', value: 'FF123456' }])
  })
})

function household(huhao: string, row: number, lastRow: number, head: string, extra: Partial<ParsedHousehold> = {}): ParsedHousehold {
  return {
    huhao, seq: null, group: 2, doorNumber: null, housing: null, living: null, notes: null, householdSize: null, status: 'active', statusNote: null,
    members: [{ name: head, relation: '户主', isHead: true, sex: null, birthDate: null, birthDatePrecision: null, age: null, ethnicity: null, marriedOut: null, health: null, schooling: null, work: null, disabilityText: null, categories: [], source: { sheet: '村民家庭档案', row } }],
    categories: [], mapCell: null, source: { sheet: '村民家庭档案', row, lastRow }, ...extra,
  }
}

describe('linkCellMap', () => {
  it('links cells to households and cross-checks names, status and colours', () => {
    const map = parseCellMap(sampleFragment())
    const hs = [
      household('0200132', 36, 37, '钟伟建', { categories: [{ code: 'dibao', from: 'civil_affairs' }] }),
      household('0200135', 38, 38, '叶芳建X'),
      household('0200151', 58, 58, '邓强'),
      household('0200101', 3, 5, '郑玉超', { group: 1 }),
      household('0200141', 43, 44, '杨秀'),
    ]
    const issues = linkCellMap(hs, map, '村民家庭档案')
    expect(hs.map((h) => h.mapCell)).toEqual([{ row: 2, col: 12 }, { row: 2, col: 13 }, { row: 2, col: 14 }, null, { row: 8, col: 12 }])
    expect(map.cells.map((c) => c.huhao)).toEqual(['0200132', '0200135', '0200151', null, '0200141'])
    // 01 on the map moves the household even though the archive did not say so.
    expect(hs[2]!.status).toBe('moved_out')
    expect(map.cells[3]!.candidateHuhao).toBe('0200101')
    expect(issues.map((i) => `${i.code}@${i.sheet}!${i.column ?? ''}${i.row}`)).toEqual([
      'status_from_cell_map@社区地图!N2',
      'cell_category_mismatch@社区地图!L8',
      'cell_unlinked@社区地图!D5',
      'household_not_on_map@村民家庭档案!3',
    ])
    expect(issues[2]!.messageZh).toBe('地图格子“00 郑玉超”的组号为 00，尚未链接到档案，可能是户号 0200101')
  })

  it('reports links that point at no household', () => {
    const map = parseCellMap(sampleFragment())
    const issues = linkCellMap([], map, '村民家庭档案')
    expect(issues.filter((i) => i.code === 'cell_link_broken')).toHaveLength(4)
  })
})
