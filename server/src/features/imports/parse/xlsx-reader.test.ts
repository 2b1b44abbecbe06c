import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { makeZip } from '@cuntu/fixtures/workbooks/zip.ts'
import { inflateEntry, readZipDirectory } from './zip-guard.ts'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import {
  manyRowsXlsx,
  messyArchiveXlsx,
  notAWorkbookZip,
  oversizedCopy,
  truncatedCopy,
  zipBombXlsx,
} from '@cuntu/fixtures/workbooks/messy.ts'
import type { SheetRows } from './cells.ts'
import { ImportFileError } from './errors.ts'
import { plainValue, propagateMerges, readWorkbook, sniffFormat } from './xlsx-reader.ts'
import { samplePath } from '@cuntu/fixtures/samples.ts'

const SAMPLE_PATH = samplePath('sample-archive.xlsx')

async function errorOf(p: Promise<unknown>): Promise<ImportFileError> {
  try {
    await p
  } catch (e) {
    if (e instanceof ImportFileError) return e
    throw e
  }
  throw new Error('expected an ImportFileError')
}

describe('readWorkbook on the sample', () => {
  it('reads four sheets with plain values, cached formula results and dates', async () => {
    const wb = await readWorkbook(SAMPLE_PATH)
    expect(wb.format).toBe('xlsx')
    expect(wb.sheets.map((s) => [s.name, s.rows.length])).toEqual([
      ['村民家庭档案', 106],
      ['民政对象', 13],
      ['社区地图', 25],
      ['户数统计', 5],
    ])
    const archive = wb.sheets[0]!
    // Row 3: 序号 1, text 户号 with its leading zero, age formula → cached 72.
    expect(archive.rows[2]!.slice(0, 9)).toEqual([1, '0200101', '郑玉超', '1949年12月8日', '第一组', '户主', 3, '男', 72])
    // Row 9: a date-formatted cell arrives as a Date.
    expect(archive.rows[8]![3]).toEqual(new Date(Date.UTC(1955, 1, 14)))
  })

  it('propagates merged header cells and keeps the merge list', async () => {
    const wb = await readWorkbook(SAMPLE_PATH)
    const archive = wb.sheets[0]!
    expect(archive.rows[1]!.slice(0, 3)).toEqual(['序号', '户号', '姓名'])
    expect(archive.rows[0]![11]).toBe('家庭基本信息')
    expect(archive.merges).toHaveLength(6)
  })

  it('keeps fills and hyperlinks of the map sheet', async () => {
    const map = (await readWorkbook(SAMPLE_PATH)).sheets[2]!
    expect(Object.keys(map.hyperlinks)).toHaveLength(41)
    expect(map.hyperlinks.Z24).toBe("#'村民家庭档案'!A106")
    expect(map.styles.A2).toEqual({ fill: 'FFFF0000' })
    expect(map.styles.Z24).toEqual({ fill: 'FF7030A0' })
    expect(Object.keys(map.styles)).toHaveLength(16)
  })

  it('reads bytes as well as a path', async () => {
    const wb = await readWorkbook(readFileSync(SAMPLE_PATH))
    expect(wb.sheets).toHaveLength(4)
  })
})

describe('readWorkbook on generated files', () => {
  it('reads the messy fixture: merged 户号 copied down, empty swatch cells keep their fill', async () => {
    const fx = await messyArchiveXlsx()
    const wb = await readWorkbook(fx.buffer)
    const archive = wb.sheets[0]!
    const h1 = fx.expected.households[1]!
    // Household 1 has a merged 户号 over its rows.
    for (let r = h1.firstRow; r <= h1.lastRow; r++) expect(archive.rows[r - 1]![1]).toBe(h1.huhao)
    expect(wb.sheets[2]!.styles.A1).toEqual({ fill: 'FF00B0F0' })
  })

  it('reads a GBK CSV as one sheet named after the file', async () => {
    const bytes = iconv.encode('户号,姓名\r\n0200101,张三\r\n', 'gbk')
    const wb = await readWorkbook(bytes, { fileName: 'C:\\导出\\村民.csv' })
    expect(wb).toEqual({ format: 'csv', encoding: 'gbk', sheets: [{ name: '村民', rows: [['户号', '姓名'], ['0200101', '张三']], merges: [], hyperlinks: {}, styles: {} }] })
  })
})

describe('limits and damaged files', () => {
  it('file_too_large: checked before anything is parsed', async () => {
    const e = await errorOf(readWorkbook(oversizedCopy(readFileSync(SAMPLE_PATH), 200_000), { limits: { maxFileBytes: 100_000 } }))
    expect(e.code).toBe('file_too_large')
    expect(e.messageZh).toBe('文件太大（195.3 KiB），上限为 97.7 KiB')
  })
  it('file_too_large: a path is stat-ed, not read', async () => {
    expect((await errorOf(readWorkbook(SAMPLE_PATH, { limits: { maxFileBytes: 1000 } }))).code).toBe('file_too_large')
  })
  it('too_many_rows', async () => {
    const e = await errorOf(readWorkbook(await manyRowsXlsx(60), { limits: { maxRows: 50 } }))
    expect(e.code).toBe('too_many_rows')
    expect(e.messageEn).toBe('Too many rows (more than 50); please split the file')
  })
  it('file_corrupt: a truncated upload', async () => {
    const e = await errorOf(readWorkbook(truncatedCopy(readFileSync(SAMPLE_PATH), 0.6)))
    expect(e.code).toBe('file_corrupt')
    expect(e.messageZh).toMatch(/^文件已损坏或不完整/)
  })
  it('file_corrupt: bytes cut from the middle', async () => {
    const bytes = readFileSync(SAMPLE_PATH)
    const cut = Buffer.concat([bytes.subarray(0, 3000), bytes.subarray(5000)])
    expect((await errorOf(readWorkbook(cut))).code).toBe('file_corrupt')
  })
  it('zip_bomb: a highly compressed sheet', async () => {
    expect((await errorOf(readWorkbook(zipBombXlsx()))).code).toBe('zip_bomb')
  })
  it('zip_bomb: a directory that lies about sizes is caught while inflating', async () => {
    const e = await errorOf(readWorkbook(zipBombXlsx({ lie: true, inflatedBytes: 200_000 })))
    expect(e.code).toBe('zip_bomb')
    expect(e.messageEn).toMatch(/inflates past its declared/)
  })
  it('not_xlsx: a zip that is not a workbook, or binary junk', async () => {
    expect((await errorOf(readWorkbook(notAWorkbookZip()))).code).toBe('not_xlsx')
    expect((await errorOf(readWorkbook(new Uint8Array([1, 2, 0, 0, 5, 6, 0, 8])))).code).toBe('not_xlsx')
  })
  it('legacy_xls: an OLE2 file asks for Save As .xlsx', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])
    const e = await errorOf(readWorkbook(ole))
    expect(e.code).toBe('legacy_xls')
    expect(e.messageZh).toMatch(/另存为/)
  })
  it('empty_file', async () => {
    expect((await errorOf(readWorkbook(new Uint8Array()))).code).toBe('empty_file')
  })
})

describe('helpers', () => {
  it('plainValue takes cached results and never evaluates', () => {
    expect(plainValue({ formula: 'IF(ISNUMBER(D3),2021-YEAR(D3),"")', result: 72 })).toBe(72)
    expect(plainValue({ formula: 'A1*2' })).toBeNull()
    expect(plainValue({ formula: 'VLOOKUP(A1,B:C,2)', result: { error: '#N/A' } })).toBeNull()
    expect(plainValue({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三')
    expect(plainValue({ text: '2 钟伟建', hyperlink: "#'村民家庭档案'!A36" })).toBe('2 钟伟建')
    expect(plainValue({ error: '#REF!' })).toBeNull()
  })
  it('propagateMerges copies the top-left value within the rows read', () => {
    const rows: SheetRows = [['0200101', '张三'], [null, '李四'], [null, '王五']]
    propagateMerges(rows, [{ top: 1, left: 1, bottom: 5, right: 1 }], 512)
    expect(rows.map((r) => r[0])).toEqual(['0200101', '0200101', '0200101'])
    expect(rows).toHaveLength(3)
  })
  it('sniffFormat tells xlsx, OLE and text apart', () => {
    expect(sniffFormat(readFileSync(SAMPLE_PATH))).toBe('xlsx')
    expect(sniffFormat(new TextEncoder().encode('户号,经度'))).toBe('csv')
    expect(sniffFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('ole')
  })
})

describe('reading the zip ourselves (exceljs issue 3064)', () => {
  it('reads a workbook whose parts come in the order that makes exceljs\'s own WorkbookReader lose xl/workbook.xml', async () => {
    // The sample re-zipped with shared strings and relationships first and xl/workbook.xml last, as exceljs itself
    // writes it: exceljs's WorkbookReader then parses sheets before the workbook and throws on `this.model.sheets`.
    const original = readFileSync(samplePath('sample-archive.xlsx'))
    const parts = await Promise.all(
      readZipDirectory(original).filter((e) => !e.name.endsWith('/')).map(async (e) => {
        const chunks: Buffer[] = []
        await inflateEntry(original, e, (c) => chunks.push(c))
        return { name: e.name, data: Buffer.concat(chunks) }
      }),
    )
    const rank = (n: string) => (n === 'xl/workbook.xml' ? 3 : n.startsWith('xl/worksheets/sheet') ? 2 : n === 'xl/sharedStrings.xml' || n.endsWith('.rels') ? 0 : 1)
    const reordered = makeZip([...parts].sort((a, b) => rank(a.name) - rank(b.name)))

    const upstream = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(reordered), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', entries: 'ignore', hyperlinks: 'ignore' })
    const drain = async () => {
      for await (const sheet of upstream as unknown as AsyncIterable<AsyncIterable<unknown>>) for await (const _row of sheet);
    }
    await expect(drain()).rejects.toThrow(/reading 'sheets'/)

    const ours = await readWorkbook(reordered, { fileName: 'reordered.xlsx' })
    const expected = await readWorkbook(original, { fileName: 'sample-archive.xlsx' })
    expect(ours.sheets.map((x) => x.name)).toEqual(['村民家庭档案', '民政对象', '社区地图', '户数统计'])
    expect(ours).toEqual(expected)
  })
})

describe('XML parts that declare entities', () => {
  /** The sample with a DTD spliced into one part, before its root element. */
  async function withDoctype(part: string, doctype: string, use: (xml: string) => string = (x) => x): Promise<Buffer> {
    const original = readFileSync(samplePath('sample-archive.xlsx'))
    const parts = await Promise.all(
      readZipDirectory(original).filter((e) => !e.name.endsWith('/')).map(async (e) => {
        const chunks: Buffer[] = []
        await inflateEntry(original, e, (c) => chunks.push(c))
        let data = Buffer.concat(chunks)
        if (e.name === part) {
          const xml = data.toString('utf8')
          const at = xml.indexOf('?>') + 2
          data = Buffer.from(use(xml.slice(0, at) + doctype + xml.slice(at)))
        }
        return { name: e.name, data }
      }),
    )
    return makeZip(parts)
  }

  for (const [what, part, doctype, use] of [
    ['an external entity in the shared strings', 'xl/sharedStrings.xml', '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', (x: string) => x.replace(/<t>([^<]*)<\/t>/, '<t>&xxe;</t>')],
    ['an entity bomb in a sheet', 'xl/worksheets/sheet1.xml', `<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 8 }, (_, i) => `<!ENTITY b${i} "${(i ? `&b${i - 1};` : '&a;').repeat(10)}">`).join('')}]>`, (x: string) => x],
    ['a DTD in the workbook part', 'xl/workbook.xml', '<!DOCTYPE workbook SYSTEM "http://example.invalid/x.dtd">', (x: string) => x],
  ] as const) {
    it(`refuses ${what} before any XML parser sees it, and reads no file`, async () => {
      const bytes = await withDoctype(part, doctype, use)
      const e = await errorOf(readWorkbook(bytes, { fileName: 'xxe.xlsx' }))
      expect(e.code).toBe('xml_doctype')
      expect(e.messageZh).toMatch(/DOCTYPE/)
      expect(JSON.stringify(e)).not.toContain('root:')
    })
  }
})
