/**
 * The CSV export keeps 户号 as text in a real spreadsheet: converted by LibreOffice Calc (`soffice --headless
 * --convert-to xlsx`, as opening it there does) and read back cell by cell. Before ="…", 0200101 came back as the
 * number 200101. Needs libreoffice-calc (installed by .ci/run); without it the test is skipped here, never in CI.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { archiveCsv, type ExportHousehold } from './build.ts'
import { keepAsText } from './spreadsheet-text.ts'
import { readCsv, textFormulaValue } from '../imports/parse/csv.ts'

const hasSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0
if (!hasSoffice && process.env.CI) throw new Error('CI: soffice (libreoffice-calc) is required for the CSV text test')

const household = (huhao: string, doorNumber: string | null, name: string): ExportHousehold => ({
  huhao, group: 1, doorNumber, housing: null, living: null, notes: null, status: 'active', location: [111.04, 21.82],
  members: [{ name, relation: '户主', sex: 'male', birthDate: '1950-01-02', ethnicity: null, marriedOut: false, health: null, schooling: null, work: null, disabilityText: null, categories: [] }],
  categories: [],
})
const HOUSEHOLDS = [household('0200101', '012', '张三'), household('0201001', '=HYPERLINK("x")', '-李四')]
const OPTIONS = { villageCode: '440982101201', villageName: '石桥村', names: true, today: new Date('2025-01-01') }

describe('digit texts in the CSV export', () => {
  it('writes digit strings (户号, 身份证号, phone) as ="…" and leaves other text to the neutraliser', () => {
    expect(keepAsText('0200101')).toBe('="0200101"')
    expect(keepAsText('44098219500102001X')).toBe('="44098219500102001X"')
    expect(keepAsText('13800138000')).toBe('="13800138000"')
    for (const s of ['张三', '2巷9号', "'=x", '1.5', '']) expect(keepAsText(s)).toBe(s)
  })

  it('is read back by the importer as the text it stands for, and nothing else is evaluated', () => {
    expect(textFormulaValue('="0200101"')).toBe('0200101')
    expect(textFormulaValue('=1+1')).toBe('=1+1')
    expect(textFormulaValue('="a"&"b"')).toBe('="a"&"b"')
    const rows = readCsv(archiveCsv(HOUSEHOLDS, OPTIONS), { maxRows: 100 }).rows
    const huhao = (rows[0] as string[]).indexOf('户号')
    expect(rows.slice(1).map((r) => (r as string[])[huhao])).toEqual(['0200101', '0201001'])
  })

  it.skipIf(!hasSoffice)('keeps 户号 and a digit 门牌号 as text when LibreOffice opens the file; formulas stay inert', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cuntu-csv-'))
    try {
      const csv = path.join(dir, 'export.csv')
      writeFileSync(csv, archiveCsv(HOUSEHOLDS, OPTIONS))
      // Comma, double quote, UTF-8 (76), from line 1: what a user picks in Calc's import dialog. A private profile
      // so parallel runs never share one.
      execFileSync('soffice', [
        `-env:UserInstallation=file://${dir}/profile`, '--headless', '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir, csv,
      ], { stdio: 'ignore', timeout: 120_000 })
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load(readFileSync(path.join(dir, 'export.xlsx')) as unknown as ArrayBuffer)
      const ws = wb.worksheets[0]!
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''))
      const col = (name: string) => header.indexOf(name)
      const text = (row: number, name: string) => {
        const v = ws.getRow(row).getCell(col(name)).value as unknown
        if (v !== null && typeof v === 'object' && 'result' in v) return (v as { result: unknown }).result
        // Calc splits CJK and Latin runs into rich text: the cell's text is the runs joined.
        if (v !== null && typeof v === 'object' && 'richText' in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('')
        return v
      }
      expect([text(2, '户号'), text(3, '户号')]).toEqual(['0200101', '0201001'])
      expect(text(2, '门牌号')).toBe('012')
      // The neutraliser's ' keeps these as text, not formulas.
      expect(text(3, '门牌号')).toBe(`'=HYPERLINK("x")`)
      expect(text(3, '姓名')).toBe("'-李四")
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 150_000)
})
