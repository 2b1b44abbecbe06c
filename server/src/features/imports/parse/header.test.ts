import { describe, expect, it } from 'vitest'
import type { SheetRows } from './cells.ts'
import {
  ARCHIVE_FIELDS,
  applyMappingOverrides,
  buildMapping,
  columnFor,
  columnsFor,
  detectHeader,
  matchHeader,
  normaliseHeader,
} from './header.ts'

/** The sample workbook's header: rows 1–2, merges already propagated by the reader. */
const SAMPLE_HEADER: SheetRows = [
  ['序号', '户号', '姓名', ...Array(9).fill('家庭基本信息'), ...Array(5).fill('住户了解基本情况'), ...Array(4).fill('社会救助服务对象')],
  ['序号', '户号', '姓名', '出生年月日', '组别', '与户主关系', '家庭人口', '性别', '年龄', '民族', '外嫁', '门牌号', '住房情况', '生活情况', '身体情况', '在校状态', '务工情况', '2017精准扶贫', '2018精准扶贫', '残疾', '五保'],
  [1, '0200101', '郑玉超', '1949年12月8日', '第一组', '户主', 3, '男', 72, '汉', '', '镇街149号'],
]

describe('normaliseHeader', () => {
  it('drops spaces, line breaks, bracketed hints and a leading 是否', () => {
    expect(normaliseHeader(' 出生\n年月日 ')).toBe('出生年月日')
    expect(normaliseHeader('是否低保（是/否）')).toBe('低保')
    expect(normaliseHeader('户号：')).toBe('户号')
  })
})

describe('matchHeader', () => {
  it('matches exact names and synonyms with confidence 1', () => {
    expect(matchHeader('出生日期', ARCHIVE_FIELDS)).toEqual({ field: 'birthDate', confidence: 1 })
    expect(matchHeader('村组', ARCHIVE_FIELDS)).toEqual({ field: 'group', confidence: 1 })
    expect(matchHeader('特困', ARCHIVE_FIELDS)).toEqual({ field: 'wubao', confidence: 1 })
  })
  it('reads the year of poverty-relief columns in any spelling', () => {
    expect(matchHeader('2017精准扶贫', ARCHIVE_FIELDS)).toEqual({ field: 'povertyRelief', year: 2017, confidence: 0.95 })
    expect(matchHeader('2018年精准扶贫', ARCHIVE_FIELDS)).toEqual({ field: 'povertyRelief', year: 2018, confidence: 0.95 })
    expect(matchHeader('精准扶贫(2019年)', ARCHIVE_FIELDS)).toEqual({ field: 'povertyRelief', year: 2019, confidence: 0.95 })
    expect(matchHeader('精准扶贫', ARCHIVE_FIELDS)).toEqual({ field: 'povertyRelief', confidence: 1 })
    expect(matchHeader('2019年度是否精准扶贫户', ARCHIVE_FIELDS)).toEqual({ field: 'povertyRelief', year: 2019, confidence: 0.95 })
    expect(matchHeader('2022防返贫监测', ARCHIVE_FIELDS)).toEqual({ field: 'monitored', year: 2022, confidence: 0.95 })
  })
  it('tells 低保边缘 from 低保', () => {
    expect(matchHeader('低保边缘户', ARCHIVE_FIELDS)).toEqual({ field: 'dibaoEdge', confidence: 1 })
    expect(matchHeader('低保', ARCHIVE_FIELDS)).toEqual({ field: 'dibao', confidence: 1 })
  })
  it('falls back to containment with lower confidence', () => {
    expect(matchHeader('户主姓名', ARCHIVE_FIELDS)).toEqual({ field: 'name', confidence: 0.7 })
  })
  it('never guesses identity columns by substring', () => {
    expect(matchHeader('残疾证号', ARCHIVE_FIELDS)).toBeNull()
    expect(matchHeader('身份证号码', ARCHIVE_FIELDS)).toBeNull()
    expect(matchHeader('联系电话', ARCHIVE_FIELDS)).toBeNull()
  })
})

describe('detectHeader', () => {
  it('finds the two-row merged header of the sample workbook', () => {
    const d = detectHeader(SAMPLE_HEADER, ARCHIVE_FIELDS)
    expect(d?.headerRows).toEqual([1, 2])
    expect(d?.dataStartRow).toBe(3)
    expect(d?.columns).toHaveLength(21)
    expect(d?.columns[3]).toEqual({ index: 3, letter: 'D', text: '出生年月日', group: '家庭基本信息' })
    expect(d?.columns[0]).toEqual({ index: 0, letter: 'A', text: '序号' })
  })

  it('skips title rows above the header', () => {
    const rows: SheetRows = [
      ['某某村村民家庭档案', '某某村村民家庭档案', '某某村村民家庭档案'],
      ['保密资料，请勿外传'],
      [],
      ['户号', '姓名', '性别', '出生日期'],
      ['0200101', '张三', '男', '1970.03.12'],
    ]
    const d = detectHeader(rows, ARCHIVE_FIELDS)
    expect(d?.headerRows).toEqual([4])
    expect(d?.dataStartRow).toBe(5)
  })

  it('takes names from the upper row when vertical merges were not propagated (CSV export)', () => {
    const rows: SheetRows = [
      ['村民家庭档案'],
      ['序号', '户号', '姓名', '家庭基本信息', '', ''],
      ['', '', '', '出生年月日', '组别', '性别'],
      [1, '0200101', '张三', '1970.03.12', '第一组', '男'],
    ]
    const d = detectHeader(rows, ARCHIVE_FIELDS)
    expect(d?.headerRows).toEqual([2, 3])
    expect(d?.dataStartRow).toBe(4)
    expect(d?.columns.map((c) => c.text)).toEqual(['序号', '户号', '姓名', '出生年月日', '组别', '性别'])
    expect(d?.columns[3]?.group).toBe('家庭基本信息')
  })

  it('returns null when no row looks like a header', () => {
    expect(detectHeader([['张三', '男'], ['李四', '女']], ARCHIVE_FIELDS)).toBeNull()
  })
})

describe('buildMapping', () => {
  it('maps every sample column, with poverty years', () => {
    const d = detectHeader(SAMPLE_HEADER, ARCHIVE_FIELDS)!
    const { mapping, duplicates } = buildMapping('村民家庭档案', d, ARCHIVE_FIELDS)
    expect(duplicates).toEqual([])
    expect(mapping.unmapped).toEqual([])
    expect(mapping.missing).toEqual([])
    expect(mapping.confidence).toBe(1)
    expect(columnFor(mapping, 'huhao')?.letter).toBe('B')
    expect(columnFor(mapping, 'disability')?.letter).toBe('T')
    expect(columnsFor(mapping, 'povertyRelief').map((c) => [c.letter, c.year])).toEqual([
      ['R', 2017],
      ['S', 2018],
    ])
  })

  it('lists unknown headers and lowers confidence when 户号 is missing', () => {
    const d = detectHeader([['姓名', '性别', '爱好', '出生日期']], ARCHIVE_FIELDS)!
    const { mapping } = buildMapping('s', d, ARCHIVE_FIELDS)
    expect(mapping.unmapped).toEqual(['爱好'])
    expect(mapping.missing).toEqual(['huhao'])
    expect(mapping.confidence).toBeLessThan(0.5)
  })

  it('reports a second column for the same field', () => {
    const d = detectHeader([['户号', '姓名', '出生日期', '出生年月']], ARCHIVE_FIELDS)!
    const { mapping, duplicates } = buildMapping('s', d, ARCHIVE_FIELDS)
    expect(columnFor(mapping, 'birthDate')?.letter).toBe('C')
    expect(duplicates.map((x) => [x.column.letter, x.first.letter])).toEqual([['D', 'C']])
  })
})

describe('applyMappingOverrides', () => {
  it('lets the worker remap, unmap and add columns', () => {
    const d = detectHeader([['户号', '姓名', '爱好', '出生日期']], ARCHIVE_FIELDS)!
    const { mapping } = buildMapping('s', d, ARCHIVE_FIELDS)
    const fixed = applyMappingOverrides(mapping, { C: { field: 'notes' }, D: null, F: { field: 'povertyRelief', year: 2020 } }, ARCHIVE_FIELDS)
    expect(columnFor(fixed, 'notes')).toMatchObject({ letter: 'C', confidence: 1, overridden: true })
    expect(columnFor(fixed, 'birthDate')).toBeUndefined()
    expect(columnFor(fixed, 'povertyRelief')).toMatchObject({ letter: 'F', index: 5, year: 2020 })
    expect(fixed.unmapped).toEqual(['出生日期'])
  })

  it('moves a field off the column that had it', () => {
    const d = detectHeader([['户号', '姓名', '备注', '说明']], ARCHIVE_FIELDS)!
    const { mapping } = buildMapping('s', d, ARCHIVE_FIELDS)
    const fixed = applyMappingOverrides(mapping, { D: { field: 'notes' } }, ARCHIVE_FIELDS)
    expect(columnFor(fixed, 'notes')?.letter).toBe('D')
    expect(fixed.columns.find((c) => c.letter === 'C')?.field).toBeNull()
  })
})

describe('category columns from the workbook table', () => {
  it('maps every category column of the table, in the archive order: per-year ones, 残疾, then 是/否 ones', async () => {
    const { WORKBOOK_COLUMN_CATEGORIES } = await import('@cuntu/domain')
    const fields = ARCHIVE_FIELDS.map((f) => f.field as string)
    for (const c of WORKBOOK_COLUMN_CATEGORIES) expect(fields).toContain(c.column.field)
    const at = (f: string) => fields.indexOf(f)
    const order = ['povertyRelief', 'monitored', 'disability', 'wubao', 'dibao', 'dibaoEdge'].map(at)
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true)
    expect(matchHeader('低保边缘户', ARCHIVE_FIELDS)?.field).toBe('dibaoEdge')
    expect(matchHeader('2019年精准扶贫', ARCHIVE_FIELDS)).toEqual({ field: 'povertyRelief', year: 2019, confidence: 0.95 })
  })
})
