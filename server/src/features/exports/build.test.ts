import { describe, expect, it } from 'vitest'
import { archiveCsv, householdsGeoJson, householdsKml, neutralise, stripNeutraliser, type ExportHousehold } from './build.ts'

describe('neutralise (CSV / formula injection)', () => {
  it('prefixes text that a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+86 123', '-2', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`)
    for (const s of ['张三', '0200101', ' =x', "'=x", '', '镇街12号']) expect(neutralise(s)).toBe(s)
  })
  it('is undone by the importer, and only there', () => {
    for (const s of ['=1+1', '-2', '@x', '张三', "'quoted"]) expect(stripNeutraliser(neutralise(s))).toBe(s)
    expect(stripNeutraliser("'abc")).toBe("'abc")
  })
  it('applies to every export format', async () => {
    const h: ExportHousehold = {
      huhao: '0200101', group: 1, doorNumber: '=cmd', housing: null, living: '+x', notes: '@y', status: 'active', location: [111, 21.8],
      members: [{ name: '-张三', relation: '户主', sex: 'male', birthDate: '1950-01-02', ethnicity: null, marriedOut: false, health: null, schooling: null, work: null, disabilityText: null, categories: [] }],
      categories: [],
    }
    const options = { villageCode: '440982101201', villageName: '石桥村', names: true, today: new Date('2025-01-01') }
    const csv = archiveCsv([h], options).toString('utf8')
    expect(csv).toContain("'-张三")
    expect(csv).toContain("'=cmd")
    expect(csv).toContain("'+x")
    expect(csv).toContain("'@y")
    expect(csv).not.toMatch(/,[=+\-@]/)
    const geo = JSON.parse(householdsGeoJson([h], options).toString('utf8'))
    expect(geo.features[0].properties).toMatchObject({ doorNumber: "'=cmd", headName: "'-张三" })
    const kml = householdsKml([h], options).toString('utf8')
    expect(kml).toContain("<value>'-张三</value>")
  })
})

describe('GeoJSON labels', () => {
  it('carries the Chinese labels beside the codes', () => {
    const h: ExportHousehold = {
      huhao: '0200101', group: 3, doorNumber: null, housing: null, living: null, notes: null, status: 'moved_out', location: [111, 21.8],
      members: [{ name: '张三', relation: '户主', sex: 'male', birthDate: '1940-01-02', ethnicity: null, marriedOut: false, health: null, schooling: null, work: null, disabilityText: null,
        categories: [{ code: 'elderly_80', year: null, disabilityType: null, disabilityGrade: null }, { code: 'disability_12', year: null, disabilityType: 'visual', disabilityGrade: 2 }] }],
      categories: [{ code: 'dibao', year: null }],
    }
    const geo = JSON.parse(householdsGeoJson([h], { villageCode: '440982101201', villageName: '石桥村', names: false }).toString('utf8'))
    expect(geo.features[0].properties).toMatchObject({
      status: 'moved_out', 状态: '户籍已迁出',
      categories: ['dibao', 'disability_12', 'elderly_80'], 类别: '低保、一二级残疾、高龄（80岁以上）',
      group: 3, 村组: '第3组', 残疾: '视力二级',
    })
  })
})
