import { describe, expect, it } from 'vitest'
import { MAX_FILE_NAME_CHARS, safeFileName } from './file-name.ts'

describe('safeFileName', () => {
  it('replaces CR, LF and other controls, so a name can never start a new header or log line', () => {
    const name = safeFileName('位置.kml\r\nSet-Cookie: sid=x\r\n\r\n<script>')
    expect(name).not.toMatch(/[\r\n]/)
    expect(name).toBe('位置.kml__Set-Cookie: sid=x____<script>')
    expect(safeFileName('a\u0000b\tc\u007f.csv')).toBe('a_b_c_.csv')
  })

  it('replaces line separators and bidi overrides ("exe.xlsx" shown as "xlsx.exe")', () => {
    expect(safeFileName('x\u2028y.kml')).toBe('x_y.kml')
    expect(safeFileName('invoice\u202eslx.exe')).toBe('invoice_slx.exe')
  })

  it('keeps Chinese names, drops folders, caps the length keeping the extension, and never answers empty', () => {
    expect(safeFileName('石桥村 村民家庭档案（2024）.xlsx')).toBe('石桥村 村民家庭档案（2024）.xlsx')
    expect(safeFileName('C:\\Users\\社工\\Desktop\\档案.xlsx')).toBe('档案.xlsx')
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    const long = safeFileName(`${'村'.repeat(500)}.xlsx`)
    expect([...long]).toHaveLength(MAX_FILE_NAME_CHARS)
    expect(long.endsWith('.xlsx')).toBe(true)
    expect(safeFileName('\r\n')).toBe('upload')
    expect(safeFileName('..')).toBe('upload')
  })
})
