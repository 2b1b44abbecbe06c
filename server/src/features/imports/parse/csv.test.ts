import { readFileSync } from 'node:fs'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeText, detectDelimiter, parseCsv, readCsv } from './csv.ts'
import { ImportFileError } from './errors.ts'
import { SAMPLES_DIR } from '@cuntu/fixtures/samples.ts'

const SAMPLES = SAMPLES_DIR

describe('decodeText', () => {
  it('decodes UTF-8 without BOM', () => {
    expect(decodeText(new TextEncoder().encode('户号,经度'))).toEqual({ text: '户号,经度', encoding: 'utf-8' })
  })
  it('strips a UTF-8 BOM (Excel "CSV UTF-8")', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('户号')])
    expect(decodeText(bytes)).toEqual({ text: '户号', encoding: 'utf-8-bom' })
  })
  it('falls back to GBK when the bytes are not UTF-8 (Excel "CSV" on Chinese Windows)', () => {
    expect(decodeText(iconv.encode('户号,经度,纬度', 'gbk'))).toEqual({ text: '户号,经度,纬度', encoding: 'gbk' })
  })
  it('decodes UTF-16LE with BOM (Excel "Unicode text")', () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode('户号\t姓名', 'utf-16le')])
    expect(decodeText(bytes)).toEqual({ text: '户号\t姓名', encoding: 'utf-16le' })
  })
  it('the two sample location files decode to the same text', () => {
    const utf8 = decodeText(readFileSync(`${SAMPLES}/sample-locations.csv`))
    const gbk = decodeText(readFileSync(`${SAMPLES}/sample-locations-gbk.csv`))
    expect(utf8.encoding).toBe('utf-8')
    expect(gbk.encoding).toBe('gbk')
    expect(gbk.text).toBe(utf8.text)
  })
})

describe('parseCsv', () => {
  it('handles quotes, embedded commas, escaped quotes and newlines', () => {
    const text = 'a,b,c\r\n"1,5","say ""hi""","line1\r\nline2"\r\n'
    expect(parseCsv(text).rows).toEqual([
      ['a', 'b', 'c'],
      ['1,5', 'say "hi"', 'line1\r\nline2'],
    ])
  })
  it('accepts LF, CRLF and lone CR line ends', () => {
    expect(parseCsv('a\nb\r\nc\rd').rows).toEqual([['a'], ['b'], ['c'], ['d']])
  })
  it('keeps empty fields and blank lines', () => {
    expect(parseCsv('a,,c\n\n,\n').rows).toEqual([['a', '', 'c'], [''], ['', '']])
  })
  it('treats a quote inside an unquoted field as literal', () => {
    expect(parseCsv('5"3,x').rows).toEqual([['5"3', 'x']])
  })
  it('reports an unterminated quote but keeps the content', () => {
    const r = parseCsv('a,"open\nstill')
    expect(r.unterminatedQuote).toBe(true)
    expect(r.rows).toEqual([['a', 'open\nstill']])
  })
  it('detects tab-separated text', () => {
    expect(detectDelimiter('户号\t姓名\n1\t2')).toBe('\t')
    expect(parseCsv('户号\t姓名\n1\t张,三').rows).toEqual([['户号', '姓名'], ['1', '张,三']])
  })
  it('stops after maxRows + 1 rows', () => {
    expect(parseCsv('1\n2\n3\n4\n5', { maxRows: 2 }).rows).toHaveLength(3)
  })
})

describe('readCsv', () => {
  it('reads the GBK sample with full-width 户号 and notes', () => {
    const r = readCsv(readFileSync(`${SAMPLES}/sample-locations-gbk.csv`), { maxRows: 1000 })
    expect(r.encoding).toBe('gbk')
    expect(r.rows).toHaveLength(43)
    expect(r.rows[0]).toEqual(['户号', '经度', '纬度', '备注'])
    expect(r.rows[8]).toEqual(['０２００１１６', '111.016671', '21.813351', ''])
    expect(r.rows[21]).toEqual(['0200145', '111.019404', '21.814597', '已迁出'])
  })
  it('rejects empty files and too many rows with typed errors', () => {
    expect(() => readCsv(new Uint8Array(), { maxRows: 10 })).toThrow(ImportFileError)
    try {
      readCsv(new TextEncoder().encode('a\nb\nc\n'), { maxRows: 2 })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ImportFileError)
      expect((e as ImportFileError).code).toBe('too_many_rows')
      expect((e as ImportFileError).messageZh).toBe('行数太多（超过 2 行），请拆分后再导入')
    }
  })
})

describe('decodeText: encodings that are not GBK or UTF-8 are named, not misread', () => {
  const text = '户号,姓名,生活情况\n0200252,韦秀英,靠低保金维持生活\n'
  const refuse = (bytes: Uint8Array) => {
    try {
      decodeText(bytes)
    } catch (e) {
      return e as { code: string; messageZh: string; messageEn: string }
    }
    return null
  }
  it('refuses Big5, Shift-JIS, UTF-16BE and Latin-1 with a message naming the encoding', () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(iconv.encode('戶號,姓名,生活情況\n0200252,韋秀英,靠低保金維持生活\n', 'big5')), 'Big5'],
      [new Uint8Array(iconv.encode('番号,氏名,ふりがな\n1,山田太郎,やまだたろう\n', 'shift_jis')), 'Shift-JIS'],
      [new Uint8Array([0xfe, 0xff, ...iconv.encode(text, 'utf-16be')]), 'UTF-16BE'],
      [new Uint8Array(iconv.encode('id,name\n1,José García Müller\n', 'latin1')), 'Latin-1'],
    ]
    for (const [bytes, name] of cases) {
      const e = refuse(bytes)
      expect(e?.code, name).toBe('encoding_unsupported')
      expect(e?.messageZh, name).toContain(name)
      expect(e?.messageEn, name).toContain(name)
    }
  })
  it('still reads GBK, and UTF-16LE without a BOM', () => {
    expect(decodeText(new Uint8Array(iconv.encode(text, 'gbk')))).toEqual({ text, encoding: 'gbk' })
    expect(decodeText(new Uint8Array(iconv.encode(text, 'utf-16le')))).toEqual({ text, encoding: 'utf-16le' })
  })
})
