import { describe, expect, it } from 'vitest'
import { translator } from '../../i18n/index.ts'
import { auditDetailText } from './audit-details.ts'

const zh = translator('zh-CN')
const en = translator('en')

describe('auditDetailText', () => {
  it('says a search in Chinese: how it searched and how many it found, never key=value, whatever order jsonb kept', () => {
    expect(auditDetailText('search', { hits: 1, kind: 'name', length: 2 }, zh)).toBe('按姓名搜索 · 检索词 2 字 · 命中 1 户')
    expect(auditDetailText('search', { kind: 'huhao', length: 7, hits: 3 }, en)).toBe('search by household number · query 7 characters · 3 hits')
  })

  it('names the changed fields by their card labels', () => {
    expect(auditDetailText('household.update', { fields: ['notes', 'housing'] }, zh)).toBe('改了：备注、住房情况')
    expect(auditDetailText('household.update', { fields: ['notes'] }, en)).toBe('changed: Notes')
  })

  it('gives exports and prints their format, names and counts, and leaves out ids, hashes and nested settings', () => {
    expect(auditDetailText('export', { format: 'xlsx', names: false, households: 12, filter: 'cats=dibao' }, zh)).toBe('格式 XLSX · 含姓名：否 · 12 户 · 按筛选条件')
    expect(
      auditDetailText('print', { snapshot: 'f3a1…', kind: 'sheet', format: 'pdf', names: true, deidentified: false, filters: { cats: [] }, page: { size: 'A3' }, households: 1 }, zh),
    ).toBe('单张图 · 格式 PDF · 含姓名：是 · 1 户')
    expect(auditDetailText('import.commit', { kind: 'archive', fileSha256: 'ab12', counts: { created: 3 } }, zh)).toBe('家庭档案')
  })

  it('explains failed sign-ins and keeps an unknown key from a newer server as written', () => {
    expect(auditDetailText('login.failed', { reason: 'throttled' }, zh)).toBe('尝试过多，暂被拒绝')
    expect(auditDetailText('login.failed', { reason: 'login_failed' }, en)).toBe('wrong user name or password')
    expect(auditDetailText('newer.action', { shiny: 3, kind: 'odd' }, zh)).toBe('kind=odd · shiny=3')
    expect(auditDetailText('search', null, zh)).toBe('')
  })
})
