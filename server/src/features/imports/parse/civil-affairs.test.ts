import { describe, expect, it } from 'vitest'
import type { SheetRows } from './cells.ts'
import { mergeCivilAffairs, parseCivilAffairsRows } from './civil-affairs.ts'
import type { ParsedHousehold, ParsedMember } from './model.ts'

/** The sample workbook's 民政对象 sheet, first rows. */
const SAMPLE: SheetRows = [
  ['户号', '户主姓名', '组别', '类别', '保障人数', '备注'],
  ['0200110', '潘霞', 1, '一二级残疾', 1, ''],
  ['0200116', '曾永荣', 1, '低保户', 2, ''],
  ['0200143', '叶洋华', 2, '五保户', 1, ''],
  ['0200143', '叶洋华', 2, '精准扶贫户', 1, ''],
]

function member(name: string, extra: Partial<ParsedMember> = {}): ParsedMember {
  return {
    name, relation: '户主', isHead: true, sex: null, birthDate: null, birthDatePrecision: null, age: null, ethnicity: null,
    marriedOut: null, health: null, schooling: null, work: null, disabilityText: null, categories: [], source: { sheet: 'a', row: 1 }, ...extra,
  }
}

function household(huhao: string, head: ParsedMember, extra: Partial<ParsedHousehold> = {}): ParsedHousehold {
  return {
    huhao, seq: null, group: null, doorNumber: null, housing: null, living: null, notes: null, householdSize: null,
    status: 'active', statusNote: null, members: [head], categories: [], mapCell: null, source: { sheet: 'a', row: 1, lastRow: 1 }, ...extra,
  }
}

describe('parseCivilAffairsRows', () => {
  it('reads entries with kind → category and people covered', () => {
    const r = parseCivilAffairsRows('民政对象', SAMPLE)
    expect(r.issues).toEqual([])
    expect(r.entries).toHaveLength(4)
    expect(r.entries[1]).toEqual({
      huhao: '0200116', name: '曾永荣', group: 1, kindText: '低保户', category: 'dibao', peopleCovered: 2, notes: null,
      source: { sheet: '民政对象', row: 3 },
    })
    expect(r.entries.map((e) => e.category)).toEqual(['disability_12', 'dibao', 'wubao', 'poverty_relief'])
  })

  it('maps 低保边缘 and 特困, and warns on unknown kinds and missing 户号', () => {
    const r = parseCivilAffairsRows('民政对象', [
      ['序号', '户号', '姓名', '类型'],
      [1, '0200101', '甲', '低保边缘户'],
      [2, '0200102', '乙', '特困人员'],
      [3, '0200103', '丙', '临时救助'],
      [4, '', '丁', '低保'],
    ])
    expect(r.entries.map((e) => e.category)).toEqual(['dibao_edge', 'wubao', null, 'dibao'])
    expect(r.issues.map((i) => `${i.code}@${i.row}${i.column}`)).toEqual(['civil_affairs_kind_unknown@4D', 'civil_affairs_huhao_missing@5B'])
  })

  it('reports a sheet without a header', () => {
    expect(parseCivilAffairsRows('民政对象', [['甲', '乙']]).issues[0]!.code).toBe('header_not_found')
  })
})

describe('mergeCivilAffairs', () => {
  it('marks civil_affairs, adds household kinds and checks member kinds', () => {
    const r = parseCivilAffairsRows('民政对象', SAMPLE)
    const disabled = member('潘霞', { categories: [{ code: 'disability_12', disabilityGrade: 2 }] })
    const hs = [
      household('0200110', disabled),
      household('0200116', member('曾永荣')),
      household('0200143', member('叶洋华'), { categories: [{ code: 'poverty_relief', year: 2017, from: 'archive' }] }),
    ]
    const issues = mergeCivilAffairs(hs, r)
    expect(issues).toEqual([])
    expect(hs[0]!.categories).toEqual([{ code: 'civil_affairs', from: 'civil_affairs' }])
    expect(hs[1]!.categories).toEqual([
      { code: 'dibao', from: 'civil_affairs' },
      { code: 'civil_affairs', from: 'civil_affairs' },
    ])
    // 精准扶贫户 without a year adds nothing when the archive already has a year.
    expect(hs[2]!.categories).toEqual([
      { code: 'wubao', from: 'civil_affairs' },
      { code: 'poverty_relief', year: 2017, from: 'archive' },
      { code: 'civil_affairs', from: 'civil_affairs' },
    ])
  })

  it('warns about unknown households, other names and member kinds no member has', () => {
    const r = parseCivilAffairsRows('民政对象', SAMPLE)
    const issues = mergeCivilAffairs([household('0200110', member('别人')), household('0200116', member('曾永荣'))], r)
    expect(issues.map((i) => `${i.code}@${i.row}${i.column}`)).toEqual([
      'civil_affairs_name_mismatch@2B',
      'civil_affairs_category_mismatch@2D',
      'civil_affairs_huhao_unknown@4A',
      'civil_affairs_huhao_unknown@5A',
    ])
  })
})
