import { describe, expect, it } from 'vitest'
import { BUILTIN_FEATURE_KINDS, FEATURE_GROUP_CODES, FEATURE_KIND_CODE_PATTERN, geometryKindOf, kindAllows, roleOfGroup } from './feature-kinds.ts'
import { BUILTIN_CATEGORY_CODES } from './categories.ts'

describe('feature-kind registry', () => {
  it('has unique, well-formed codes that do not clash with category codes', () => {
    const codes = BUILTIN_FEATURE_KINDS.map((k) => k.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const c of codes) {
      expect(c).toMatch(FEATURE_KIND_CODE_PATTERN)
      expect(BUILTIN_CATEGORY_CODES).not.toContain(c)
    }
  })
  it('covers the groups workers use, with the kinds the issue names', () => {
    const byGroup = (g: string) => BUILTIN_FEATURE_KINDS.filter((k) => k.group === g).map((k) => k.labelZh)
    expect(byGroup('asset_people')).toEqual(['能人', '积极分子', '志愿者', '乡贤'])
    expect(byGroup('asset_culture')).toEqual(['祠堂', '文化活动', '传统技艺'])
    expect(byGroup('asset_place')).toEqual(['活动场地', '晒谷场', '公园', '耕地'])
    expect(byGroup('asset_industry')).toEqual(['合作社', '果园', '作坊', '企业'])
    expect(byGroup('asset_wushe')).toEqual(['社会组织', '志愿服务队', '慈善资源', '社区基金'])
    expect(byGroup('need')).toEqual(['危房', '安全隐患', '积水点', '无路灯', '无障碍缺失', '独居老人关注点', '交通不便'])
    expect(byGroup('base')).toEqual(['巷道', '道路', '河流', '池塘', '农田', '建筑', '地标'])
    for (const k of BUILTIN_FEATURE_KINDS) expect(FEATURE_GROUP_CODES).toContain(k.group)
  })
  it('gives each kind two labels, a colour, a one-character bundled icon and at least one geometry', () => {
    for (const k of BUILTIN_FEATURE_KINDS) {
      expect(k.labelZh.length).toBeGreaterThan(0)
      expect(k.labelEn.length).toBeGreaterThan(0)
      expect(k.colour).toMatch(/^#[0-9a-f]{6}$/)
      expect([...k.icon]).toHaveLength(1)
      expect(k.geometries.length).toBeGreaterThan(0)
    }
  })
  it('checks geometry types against a kind', () => {
    const lane = BUILTIN_FEATURE_KINDS.find((k) => k.code === 'lane')!
    expect(kindAllows(lane, 'LineString')).toBe(true)
    expect(kindAllows(lane, 'Polygon')).toBe(false)
    expect(kindAllows(lane, 'GeometryCollection')).toBe(false)
    expect(geometryKindOf('MultiPolygon')).toBeNull()
  })
  it('names each group asset, need or base', () => {
    expect(roleOfGroup('asset_wushe')).toBe('asset')
    expect(roleOfGroup('need')).toBe('need')
    expect(roleOfGroup('base')).toBe('base')
  })
})
