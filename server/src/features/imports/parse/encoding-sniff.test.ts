import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { sniffLegacyEncoding, utf16Order } from './encoding-sniff.ts'

const ARCHIVE = '序号,户号,姓名,出生年月日,与户主关系,门牌号,生活情况\n1,0200252,韦秀英,1970.03.12,户主,石桥村12号,靠低保金维持生活\n2,0200252,李国强,1995年3月1日,儿子,石桥村12号,外出务工（广州）\n'
const enc = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding))

describe('sniffLegacyEncoding: real bytes of each encoding', () => {
  it('recognises GBK, and the sample GBK locations file', () => {
    expect(sniffLegacyEncoding(enc(ARCHIVE, 'gbk'))).toBe('gbk')
    const sample = readFileSync(fileURLToPath(new URL('../../../../../fixtures/samples/sample-locations-gbk.csv', import.meta.url)))
    expect(sniffLegacyEncoding(new Uint8Array(sample))).toBe('gbk')
  })
  it('tells Big5 from GBK', () => {
    expect(sniffLegacyEncoding(enc('序號,戶號,姓名,出生年月日,與戶主關係,門牌號,生活情況\n1,0200252,韋秀英,1970.03.12,戶主,石橋村12號,靠低保金維持生活\n', 'big5'))).toBe('big5')
  })
  it('tells Shift-JIS from GBK', () => {
    expect(sniffLegacyEncoding(enc('番号,世帯番号,氏名,生年月日,続柄\n1,0200252,やまだ たろう,1970/03/12,せたいぬし\n2,0200252,ヤマダ ハナコ,1972/05/01,つま\n', 'shift_jis'))).toBe('shift_jis')
  })
  it('tells Latin-1 from GBK', () => {
    expect(sniffLegacyEncoding(enc('id,name,town,notes\n1,José García,Málaga,très bien\n2,Jürgen Müller,Köln,Straße 5\n', 'latin1'))).toBe('latin-1')
  })
  it('recognises UTF-16BE with and without a BOM, and UTF-16LE without one', () => {
    expect(sniffLegacyEncoding(new Uint8Array([0xfe, 0xff, ...enc(ARCHIVE, 'utf-16be')]))).toBe('utf-16be')
    expect(sniffLegacyEncoding(enc(ARCHIVE, 'utf-16be'))).toBe('utf-16be')
    expect(utf16Order(enc(ARCHIVE, 'utf-16le'))).toBe('utf-16le')
  })
})
