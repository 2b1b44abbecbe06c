import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { makeZip } from '@cuntu/fixtures/workbooks/zip.ts'
import { ImportFileError } from './errors.ts'
import { checkZipLimits, inflateEntry, looksLikeZip, readZipDirectory, scanXlsx, xmlAttributes, type ZipEntry } from './zip-guard.ts'
import { samplePath } from '@cuntu/fixtures/samples.ts'

const SAMPLE = readFileSync(samplePath('sample-archive.xlsx'))
const LIMITS = { maxUncompressedBytes: 500 * 1024 * 1024, maxCompressionRatio: 100, maxEntries: 10_000 }

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return e instanceof ImportFileError ? e.code : `not ImportFileError: ${String(e)}`
  }
  return undefined
}

async function asyncCodeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (e) {
    return e instanceof ImportFileError ? e.code : `not ImportFileError: ${String(e)}`
  }
  return undefined
}

describe('readZipDirectory', () => {
  it('lists the sample workbook entries with their sizes', () => {
    const entries = readZipDirectory(SAMPLE)
    const sheet1 = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')
    expect(sheet1).toMatchObject({ method: 8, uncompressedSize: 56064, compressedSize: 7567 })
    expect(entries.map((e) => e.name)).toContain('xl/workbook.xml')
  })
  it('reports a truncated file as corrupt (the directory is at the end)', () => {
    expect(codeOf(() => readZipDirectory(SAMPLE.subarray(0, 12000)))).toBe('file_corrupt')
  })
  it('looksLikeZip checks the PK signature', () => {
    expect(looksLikeZip(SAMPLE)).toBe(true)
    expect(looksLikeZip(new TextEncoder().encode('户号,经度'))).toBe(false)
  })
})

describe('checkZipLimits', () => {
  const entry = (uncompressedSize: number, compressedSize: number): ZipEntry => ({ name: 'x', method: 8, flags: 0, compressedSize, uncompressedSize, localHeaderOffset: 0 })
  it('accepts ordinary workbooks', () => {
    expect(codeOf(() => checkZipLimits(readZipDirectory(SAMPLE), LIMITS))).toBeUndefined()
  })
  it('rejects a large entry compressed more than 100:1', () => {
    expect(codeOf(() => checkZipLimits([entry(50 * 1024 * 1024, 100 * 1024)], LIMITS))).toBe('zip_bomb')
  })
  it('ignores the ratio of tiny entries', () => {
    expect(codeOf(() => checkZipLimits([entry(100_000, 100)], LIMITS))).toBeUndefined()
  })
  it('rejects a total over the uncompressed limit', () => {
    expect(codeOf(() => checkZipLimits([entry(300 * 1024 * 1024, 30 * 1024 * 1024), entry(300 * 1024 * 1024, 30 * 1024 * 1024)], LIMITS))).toBe('zip_bomb')
  })
  it('rejects absurd entry counts', () => {
    expect(codeOf(() => checkZipLimits(Array.from({ length: 11 }, () => entry(1, 1)), { ...LIMITS, maxEntries: 10 }))).toBe('zip_bomb')
  })
})

describe('inflateEntry', () => {
  it('catches an entry that inflates past its declared size', async () => {
    const zip = makeZip([{ name: 'a.xml', data: Buffer.alloc(100_000, 0x41), declaredSize: 10 }])
    const [e] = readZipDirectory(zip)
    expect(await asyncCodeOf(inflateEntry(zip, e!))).toBe('zip_bomb')
  })
  it('reports damaged deflate data as corrupt', async () => {
    const zip = makeZip([{ name: 'a.xml', data: Buffer.from('<a>hello hello hello</a>'.repeat(50)) }])
    const [e] = readZipDirectory(zip)
    const damaged = Buffer.from(zip)
    damaged.fill(0xff, 40, 60)
    expect(await asyncCodeOf(inflateEntry(damaged, e!))).toBe('file_corrupt')
  })
})

describe('scanXlsx', () => {
  it('finds the sample merges and hyperlinks by sheet name', async () => {
    const scan = await scanXlsx(SAMPLE, LIMITS)
    expect(scan.sheetNames).toEqual(['村民家庭档案', '民政对象', '社区地图', '户数统计'])
    expect(scan.sheets.get('村民家庭档案')?.merges).toContainEqual({ top: 1, left: 1, bottom: 2, right: 1 })
    expect(scan.sheets.get('村民家庭档案')?.merges).toHaveLength(6)
    const links = scan.sheets.get('社区地图')!.hyperlinks
    expect(Object.keys(links)).toHaveLength(41)
    expect(links.L2).toBe("#'村民家庭档案'!A36")
  })
  it('rejects a zip without xl/workbook.xml', async () => {
    const zip = makeZip([{ name: 'word/document.xml', data: Buffer.from('<d/>') }])
    expect(await asyncCodeOf(scanXlsx(zip, LIMITS))).toBe('not_xlsx')
  })
})

describe('xmlAttributes', () => {
  it('decodes entities and keeps prefixes', () => {
    expect(xmlAttributes(` ref="L2" r:id="rId1" location="#&apos;村民家庭档案&apos;!A36"`)).toEqual({ ref: 'L2', 'r:id': 'rId1', location: "#'村民家庭档案'!A36" })
  })
})
