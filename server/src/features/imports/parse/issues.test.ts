import { describe, expect, it } from 'vitest'
import { ISSUE_CODES, makeIssue, severityOf } from './issues.ts'
import { ImportFileError, formatBytes } from './errors.ts'

/** Placeholders of a message, with language pairs (reasonZh/reasonEn, label/labelEn, hint/hintEn) folded together. */
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!.replace(/(Zh|En)$/, '')))].sort()

describe('issue catalogue', () => {
  it('every code has Chinese and English messages using the same placeholders', () => {
    for (const code of ISSUE_CODES) {
      const issue = makeIssue(code, { sheet: 's' })
      expect(issue.messageZh, code).not.toBe('')
      expect(issue.messageEn, code).not.toBe('')
      expect(placeholders(issue.messageZh), code).toEqual(placeholders(issue.messageEn))
    }
  })
  it('fills parameters and records the value', () => {
    const issue = makeIssue('huhao_duplicate', { sheet: '档案', row: 9, column: 'B', field: 'huhao' }, { huhao: '0200101', otherRow: 3, value: '0200101' })
    expect(issue).toEqual({
      sheet: '档案', row: 9, column: 'B', field: 'huhao', code: 'huhao_duplicate', severity: 'error',
      messageZh: '户号 0200101 与第 3 行的另一户重复',
      messageEn: 'Household number 0200101 is also used by the household at row 3',
      value: '0200101',
    })
  })
  it('severity is fixed per code', () => {
    expect(severityOf('huhao_missing')).toBe('error')
    expect(severityOf('date_invalid')).toBe('warning')
  })
})

describe('ImportFileError', () => {
  it('carries a code and both messages', () => {
    const e = new ImportFileError('zip_bomb', { detail: '600 MiB > 500 MiB' })
    expect(e).toBeInstanceOf(Error)
    expect(e).toMatchObject({ name: 'ImportFileError', code: 'zip_bomb', message: e.messageEn })
    expect(e.messageZh).toBe('文件解压后过大（600 MiB > 500 MiB），为安全起见拒绝导入')
  })
  it('formatBytes', () => {
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(12)).toBe('12 B')
  })
})
