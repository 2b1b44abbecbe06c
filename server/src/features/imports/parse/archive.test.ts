import { describe, expect, it } from 'vitest'
import type { CellValue, SheetRows } from './cells.ts'
import { groupRows, parseArchiveRows, readArchiveRow, saysMovedOut, seqNumbersPeople } from './archive.ts'
import { ARCHIVE_FIELDS, buildMapping, detectHeader } from './header.ts'

const HEADER = ['序号', '户号', '姓名', '出生年月日', '组别', '与户主关系', '家庭人口', '性别', '年龄', '生活情况', '身体情况', '2017精准扶贫', '2018精准扶贫', '残疾', '五保', '低保', '备注']
type Person = Partial<Record<'seq' | 'huhao' | 'name' | 'birth' | 'group' | 'rel' | 'size' | 'sex' | 'age' | 'living' | 'health' | 'p2017' | 'p2018' | 'dis' | 'wubao' | 'dibao' | 'notes', CellValue>>

function row(p: Person): CellValue[] {
  return [p.seq ?? null, p.huhao ?? null, p.name ?? null, p.birth ?? null, p.group ?? null, p.rel ?? null, p.size ?? null, p.sex ?? null, p.age ?? null, p.living ?? null, p.health ?? null, p.p2017 ?? null, p.p2018 ?? null, p.dis ?? null, p.wubao ?? null, p.dibao ?? null, p.notes ?? null]
}

function parse(people: (Person | null)[]) {
  const rows: SheetRows = [HEADER, ...people.map((p) => (p ? row(p) : []))]
  const detection = detectHeader(rows, ARCHIVE_FIELDS)!
  const { mapping } = buildMapping('档案', detection, ARCHIVE_FIELDS)
  return parseArchiveRows('档案', rows, mapping)
}

const codes = (r: ReturnType<typeof parse>) => r.issues.map((i) => `${i.code}@${i.row}${i.column ?? ''}`)

describe('grouping member rows into households', () => {
  it('户号 only on the first row: member rows follow their household', () => {
    const r = parse([
      { seq: 1, huhao: '0200101', name: '郑玉超', rel: '户主', size: 2 },
      { name: '李丽', rel: '妻子' },
      { seq: 2, huhao: '0200103', name: '彭珍', rel: '户主', size: 1 },
    ])
    expect(r.households.map((h) => [h.huhao, h.members.map((m) => m.name)])).toEqual([
      ['0200101', ['郑玉超', '李丽']],
      ['0200103', ['彭珍']],
    ])
    expect(r.issues).toEqual([])
  })

  it('户号 repeated on every row (or merged and copied down by the reader)', () => {
    const r = parse([
      { huhao: '0200101', name: '郑玉超', rel: '户主' },
      { huhao: '0200101', name: '李丽', rel: '妻子' },
      { huhao: '0200103', name: '彭珍', rel: '户主' },
      { huhao: '0200103', name: '彭华', rel: '儿子' },
    ])
    expect(r.households.map((h) => [h.huhao, h.members.length])).toEqual([
      ['0200101', 2],
      ['0200103', 2],
    ])
  })

  it('a new 序号 without 户号 starts a household that is missing its 户号', () => {
    const r = parse([
      { seq: 1, huhao: '0200101', name: '甲', rel: '户主' },
      { name: '乙', rel: '妻子' },
      { seq: 2, name: '丙', rel: '户主' },
      { name: '丁', rel: '儿子' },
    ])
    expect(r.households.map((h) => [h.huhao, h.members.length])).toEqual([
      ['0200101', 2],
      [null, 2],
    ])
    expect(codes(r)).toEqual(['huhao_missing@4B'])
  })

  it('a second 户主 without 户号 or 序号 starts a new household', () => {
    const r = parse([
      { huhao: '0200101', name: '甲', rel: '户主' },
      { name: '乙', rel: '户主' },
      { name: '丙', rel: '妻子' },
    ])
    expect(r.households.map((h) => h.members.map((m) => m.name))).toEqual([['甲'], ['乙', '丙']])
    expect(r.issues.find((i) => i.code === 'huhao_missing')).toMatchObject({ row: 3, column: 'B', severity: 'error' })
  })

  it('skips blank spacer rows and a 序号 left alone on a template row', () => {
    const r = parse([
      { seq: 1, huhao: '0200101', name: '甲', rel: '户主' },
      null,
      { name: '乙', rel: '妻子' },
      null,
      { seq: 2, huhao: '0200103', name: '丙', rel: '户主' },
      { seq: 3 },
      null,
    ])
    expect(r.households.map((h) => h.members.map((m) => m.name))).toEqual([['甲', '乙'], ['丙']])
    expect(r.rowsSkipped).toBe(3)
    expect(r.rowsRead).toBe(6)
  })

  it('ignores 序号 for boundaries when it numbers people, not households', () => {
    const r = parse([
      { seq: 1, huhao: '0200101', name: '甲', rel: '户主' },
      { seq: 2, name: '乙', rel: '妻子' },
      { seq: 3, name: '丙', rel: '儿子' },
      { seq: 4, huhao: '0200103', name: '丁', rel: '户主' },
      { seq: 5, name: '戊', rel: '女儿' },
    ])
    expect(r.households.map((h) => h.members.length)).toEqual([3, 2])
    expect(r.issues).toEqual([])
  })

  it('flags the same 户号 used by two separate households', () => {
    const r = parse([
      { huhao: '0200101', name: '甲', rel: '户主' },
      { huhao: '0200103', name: '乙', rel: '户主' },
      { huhao: '0200101', name: '丙', rel: '户主' },
    ])
    expect(r.households).toHaveLength(3)
    const dup = r.issues.find((i) => i.code === 'huhao_duplicate')
    expect(dup).toMatchObject({ row: 4, column: 'B', field: 'huhao', severity: 'error', value: '0200101' })
    expect(dup?.messageZh).toBe('户号 0200101 与第 2 行的另一户重复')
  })
})

describe('household and member fields', () => {
  it('normalises 户号, group, dates, sex and keeps the cached age', () => {
    const r = parse([
      { seq: 1, huhao: '０２００２５２ ', name: ' 张\u3000三 ', birth: '1970.03.12', group: '第十组', rel: '户主', size: 2, sex: '男', age: 51 },
      { name: '李四', birth: new Date(Date.UTC(1972, 0, 5)), group: '第十组', rel: '妻子', sex: '女', age: '49' },
    ])
    const h = r.households[0]!
    expect(h).toMatchObject({ huhao: '0200252', seq: 1, group: 10, householdSize: 2, status: 'active', source: { sheet: '档案', row: 2, lastRow: 3 } })
    expect(h.members[0]).toMatchObject({ name: '张 三', isHead: true, sex: 'male', birthDate: '1970-03-12', birthDatePrecision: 'day', age: 51 })
    expect(h.members[1]).toMatchObject({ name: '李四', isHead: false, sex: 'female', birthDate: '1972-01-05', age: 49, source: { row: 3 } })
  })

  it('reports bad cells with row and column letter, in both languages', () => {
    const r = parse([{ huhao: '0200101', name: '甲', rel: '户主', birth: '1970.02.30', sex: '男的', group: '镇街' }])
    const date = r.issues.find((i) => i.code === 'date_invalid')!
    expect(date).toMatchObject({ sheet: '档案', row: 2, column: 'D', field: 'birthDate', severity: 'warning', value: '1970.02.30' })
    expect(date.messageZh).toBe('出生日期“1970.02.30”无法识别：日期不存在')
    expect(date.messageEn).toBe('Birth date "1970.02.30" not understood: no such date')
    expect(codes(r)).toContain('sex_invalid@2H')
    expect(codes(r)).toContain('group_invalid@2E')
  })

  it('warns when 户号 was stored as a number', () => {
    const r = parse([{ huhao: 200252, name: '甲', rel: '户主' }])
    expect(r.households[0]!.huhao).toBe('200252')
    expect(r.issues[0]).toMatchObject({ code: 'huhao_stored_as_number', severity: 'warning', column: 'B' })
  })

  it('flags a long numeric 户号 as precision lost, without repairing it', () => {
    const r = parse([{ huhao: 440882105201001, name: '甲', rel: '户主' }])
    expect(r.households[0]!.huhao).toBe('440882105201001')
    expect(r.issues[0]).toMatchObject({ code: 'huhao_precision_lost', severity: 'error' })
  })

  it('warns when 家庭人口 disagrees with the members listed, or there is no head', () => {
    const r = parse([
      { huhao: '0200101', name: '甲', rel: '户主', size: 3 },
      { huhao: '0200103', name: '乙', rel: '儿子', size: 1 },
    ])
    expect(codes(r)).toEqual(['household_size_mismatch@2G', 'household_no_head@3F'])
  })
})

describe('categories', () => {
  it('derives dibao, wubao and per-year poverty relief from 是 on any row', () => {
    const r = parse([
      { huhao: '0200141', name: '杨秀', rel: '户主', p2017: '是', p2018: '否', wubao: '√', dibao: '否' },
      { name: '梁明强', rel: '妻子', p2017: '否', p2018: '是' },
    ])
    expect(r.households[0]!.categories).toEqual([
      { code: 'wubao', from: 'archive' },
      { code: 'poverty_relief', year: 2017, from: 'archive' },
      { code: 'poverty_relief', year: 2018, from: 'archive' },
    ])
  })

  it('does not derive elderly_80 from birth dates', () => {
    const r = parse([{ huhao: '0200101', name: '甲', rel: '户主', birth: '1930.01.01' }])
    expect(r.households[0]!.categories).toEqual([])
    expect(r.households[0]!.members[0]!.categories).toEqual([])
  })

  it('puts disability on the member with type and grade', () => {
    const r = parse([
      { huhao: '0200101', name: '甲', rel: '户主', dis: '视力二级残疾' },
      { name: '乙', rel: '妻子', dis: '肢体3级' },
    ])
    expect(r.households[0]!.members.map((m) => m.categories)).toEqual([
      [{ code: 'disability_12', disabilityType: 'visual', disabilityGrade: 2 }],
      [{ code: 'disability_34', disabilityType: 'physical', disabilityGrade: 3 }],
    ])
    expect(r.issues).toEqual([])
  })

  it('completes the type from 身体情况 as the sample does (残疾=二级残疾, 身体情况=精神二级残疾)', () => {
    const r = parse([{ huhao: '0200110', name: '潘霞', rel: '户主', dis: '二级残疾', health: '精神二级残疾' }])
    expect(r.households[0]!.members[0]!.categories).toEqual([{ code: 'disability_12', disabilityType: 'mental', disabilityGrade: 2 }])
    expect(codes(r)).toEqual(['disability_from_health@2K'])
  })

  it('flags a disability without grade and puts it in no category', () => {
    const r = parse([{ huhao: '0200101', name: '甲', rel: '户主', dis: '听力' }])
    expect(r.households[0]!.members[0]).toMatchObject({ disabilityText: '听力', categories: [] })
    expect(codes(r)).toEqual(['disability_no_grade@2N'])
  })

  it('warns about a 是/否 cell it cannot read', () => {
    const r = parse([{ huhao: '0200101', name: '甲', rel: '户主', wubao: '待审核' }])
    expect(r.issues[0]).toMatchObject({ code: 'yes_no_invalid', column: 'O', value: '待审核' })
    expect(r.issues[0]!.messageZh).toBe('“五保”列的“待审核”不是 是/否')
  })
})

describe('register facts in free text', () => {
  it('a household whose notes say 迁出 is moved out, with the note kept', () => {
    const r = parse([
      { huhao: '0200145', name: '吴秀', rel: '户主', living: '40160325迁出' },
      { name: '谢芳荣', rel: '妻子' },
    ])
    expect(r.households[0]).toMatchObject({ status: 'moved_out', statusNote: '40160325迁出' })
    expect(r.issues).toMatchObject([{ code: 'moved_out_note', row: 2, column: 'J', severity: 'warning' }])
  })

  it('迁出 on a member row is flagged but does not move the household', () => {
    const r = parse([
      { huhao: '0200145', name: '吴秀', rel: '户主' },
      { name: '吴女', rel: '女儿', notes: '2019年迁出' },
    ])
    expect(r.households[0]!.status).toBe('active')
    expect(codes(r)).toEqual(['member_moved_out_note@3Q'])
  })

  it('saysMovedOut', () => {
    expect(saysMovedOut('已迁出')).toBe(true)
    expect(saysMovedOut('户口迁往广州')).toBe(true)
    expect(saysMovedOut('种田养鸡')).toBe(false)
    expect(saysMovedOut(null)).toBe(false)
  })
})

describe('helpers', () => {
  it('seqNumbersPeople and groupRows work on raw rows', () => {
    const rows: SheetRows = [HEADER, row({ seq: 1, huhao: 'A1', name: '甲', rel: '户主' }), row({ seq: 1, name: '乙', rel: '妻子' })]
    const { mapping } = buildMapping('s', detectHeader(rows, ARCHIVE_FIELDS)!, ARCHIVE_FIELDS)
    const records = rows.slice(1).map((v, i) => readArchiveRow(v, i + 2, mapping))
    // A merged 序号 copied onto the member row: equal 序号 keeps one household.
    expect(seqNumbersPeople(records)).toBe(false)
    expect(groupRows(records)).toHaveLength(1)
    const perPerson = [...records, readArchiveRow(row({ seq: 2, name: '丙', rel: '儿子' }), 4, mapping)]
    expect(seqNumbersPeople(perPerson)).toBe(true)
    expect(groupRows(perPerson)).toHaveLength(1)
  })
})
