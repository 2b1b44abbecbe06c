import { describe, expect, it } from 'vitest'
import type { ImportIssue } from '@cuntu/server/contract'
import { countBySeverity, filterIssues, issuePlace } from './issues.ts'
import { fileNameFrom } from './api.ts'

const issue = (severity: 'error' | 'warning', row: number | null, column: string | null): ImportIssue => ({
  sheet: '村民家庭档案', row, column, field: null, code: 'c', severity, messageZh: '问题', messageEn: 'problem',
})

describe('import issues', () => {
  const list = [issue('error', 24, 'B'), issue('warning', 31, 'D'), issue('warning', 31, null)]
  it('filters and counts by severity', () => {
    expect(filterIssues(list, 'all')).toHaveLength(3)
    expect(filterIssues(list, 'error')).toEqual([list[0]])
    expect(filterIssues(list, 'warning')).toEqual([list[1], list[2]])
    expect(countBySeverity(list)).toEqual({ error: 1, warning: 2 })
  })
  it('names the place as a worker finds it in Excel', () => {
    expect(issuePlace(list[0]!, 'zh-CN')).toBe('「村民家庭档案」 第 24 行 B 列')
    expect(issuePlace(list[2]!, 'zh-CN')).toBe('「村民家庭档案」 第 31 行')
    expect(issuePlace({ sheet: '民政对象', row: null, column: null }, 'en')).toBe('民政对象')
    expect(issuePlace(list[0]!, 'en')).toBe('村民家庭档案, row 24, column B')
  })
})

describe('export file names', () => {
  it('prefers the UTF-8 name from content-disposition', () => {
    const d = `attachment; filename="_______-440982101201-2026-11-23.csv"; filename*=UTF-8''${encodeURIComponent('石桥村-440982101201-2026-11-23.csv')}`
    expect(fileNameFrom(d, 'x.csv')).toBe('石桥村-440982101201-2026-11-23.csv')
    expect(fileNameFrom('attachment; filename="a.kml"', 'x.kml')).toBe('a.kml')
    expect(fileNameFrom(null, 'x.kml')).toBe('x.kml')
  })
})
