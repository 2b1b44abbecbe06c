import { describe, expect, it } from 'vitest'
import {
  cleanText,
  isHeadRelation,
  parseGroup,
  parseHuhao,
  parseNumber,
  parseSex,
  parseSmallNumber,
  parseYesNo,
  textOrNull,
  toHalfWidth,
} from './normalise.ts'

describe('toHalfWidth', () => {
  it('turns full-width digits typed with a Chinese IME into ASCII', () => {
    expect(toHalfWidth('０２００２５２')).toBe('0200252')
  })
  it('turns full-width letters and the ideographic space too', () => {
    expect(toHalfWidth('ＡＢｃ\u3000１')).toBe('ABc 1')
  })
  it('leaves Chinese characters alone', () => {
    expect(toHalfWidth('第十组')).toBe('第十组')
  })
})

describe('cleanText', () => {
  it('trims and collapses ideographic spaces, NBSP and tabs', () => {
    expect(cleanText('\u3000 张\u00a0\u00a0三\t ')).toBe('张 三')
  })
  it('drops zero-width spaces and a stray BOM', () => {
    expect(cleanText('\ufeff李四\u200b')).toBe('李四')
  })
  it('textOrNull gives null for whitespace-only cells', () => {
    expect(textOrNull('\u3000 ')).toBeNull()
    expect(textOrNull(null)).toBeNull()
    expect(textOrNull(' 砖混平房 ')).toBe('砖混平房')
  })
})

describe('parseSmallNumber', () => {
  it.each([
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十三', 23],
    ['九十九', 99],
    ['七', 7],
    ['一〇', 10],
    ['12', 12],
  ])('%s → %i', (text, n) => {
    expect(parseSmallNumber(text)).toBe(n)
  })
  it('rejects numbers over 99 and non-numerals', () => {
    expect(parseSmallNumber('一百')).toBeNull()
    expect(parseSmallNumber('十十')).toBeNull()
    expect(parseSmallNumber('abc')).toBeNull()
  })
})

describe('parseGroup', () => {
  it.each(['第十组', '10', '十组', '第10组', '10组', '第１０组', ' 十村民小组 ', '10队'])('%s → 10', (text) => {
    expect(parseGroup(text)).toBe(10)
  })
  it('accepts numbers stored by Excel', () => {
    expect(parseGroup(10)).toBe(10)
    expect(parseGroup(3)).toBe(3)
  })
  it('reads the sample workbook spelling 第一组', () => {
    expect(parseGroup('第一组')).toBe(1)
    expect(parseGroup('第二十一组')).toBe(21)
  })
  it('rejects what is not a group', () => {
    expect(parseGroup('')).toBeNull()
    expect(parseGroup('镇街')).toBeNull()
    expect(parseGroup(0)).toBeNull()
    expect(parseGroup(10.5)).toBeNull()
    expect(parseGroup('第一百组')).toBeNull()
  })
})

describe('parseHuhao', () => {
  it('keeps leading zeros of text', () => {
    expect(parseHuhao('0200252')).toEqual({ value: '0200252', fromNumber: false, precisionLost: false })
  })
  it('normalises full-width digits and stray spaces', () => {
    expect(parseHuhao(' ０２００２５２\u3000')).toEqual({ value: '0200252', fromNumber: false, precisionLost: false })
    expect(parseHuhao('0200 252')).toEqual({ value: '0200252', fromNumber: false, precisionLost: false })
  })
  it('flags a number cell: leading zeros may be gone', () => {
    expect(parseHuhao(200252)).toEqual({ value: '200252', fromNumber: true, precisionLost: false })
  })
  it('flags precision loss for long numbers without repairing them', () => {
    expect(parseHuhao(440882105201001)).toEqual({ value: '440882105201001', fromNumber: true, precisionLost: true })
    // An 18-digit number reached Excel as a double: the digits are what the double holds.
    const r = parseHuhao(440882105201000100)
    expect(r).toMatchObject({ fromNumber: true, precisionLost: true })
    expect(r && 'value' in r ? r.value : '').toMatch(/^\d{18}$/)
  })
  it('keeps 14-digit numbers without the precision flag', () => {
    expect(parseHuhao(12345678901234)).toMatchObject({ precisionLost: false })
  })
  it('returns null for blank and invalid for junk', () => {
    expect(parseHuhao('')).toBeNull()
    expect(parseHuhao(null)).toBeNull()
    expect(parseHuhao('张三家')).toEqual({ invalid: '张三家' })
    expect(parseHuhao(2.5)).toEqual({ invalid: '2.5' })
  })
})

describe('parseYesNo', () => {
  it.each(['是', '√', '有', ' 是 ', '✓', 'Y'])('%s → true', (v) => {
    expect(parseYesNo(v)).toBe(true)
  })
  it.each(['否', '×', '无', '没有'])('%s → false', (v) => {
    expect(parseYesNo(v)).toBe(false)
  })
  it('blank and unknown text give null', () => {
    expect(parseYesNo('')).toBeNull()
    expect(parseYesNo(null)).toBeNull()
    expect(parseYesNo('待定')).toBeNull()
  })
  it('reads booleans and 1/0 numbers', () => {
    expect(parseYesNo(true)).toBe(true)
    expect(parseYesNo(0)).toBe(false)
  })
})

describe('parseSex', () => {
  it('maps 男/女', () => {
    expect(parseSex('男')).toBe('male')
    expect(parseSex(' 女 ')).toBe('female')
    expect(parseSex('女性')).toBe('female')
  })
  it('returns null for anything else', () => {
    expect(parseSex('')).toBeNull()
    expect(parseSex('未知')).toBeNull()
    expect(parseSex(1)).toBeNull()
  })
})

describe('parseNumber', () => {
  it('reads numbers, full-width digits and a trailing 岁', () => {
    expect(parseNumber(72)).toBe(72)
    expect(parseNumber('７２')).toBe(72)
    expect(parseNumber('72岁')).toBe(72)
    expect(parseNumber('abc')).toBeNull()
    expect(parseNumber('')).toBeNull()
  })
})

describe('isHeadRelation', () => {
  it('recognises 户主 and 本人', () => {
    expect(isHeadRelation('户主')).toBe(true)
    expect(isHeadRelation(' 本人 ')).toBe(true)
    expect(isHeadRelation('妻子')).toBe(false)
    expect(isHeadRelation(null)).toBe(false)
  })
})

describe('cleanText drops control characters', () => {
  it('removes a NUL and other C0 controls but keeps the text around them', () => {
    expect(cleanText('张\u0000三\u0007')).toBe('张三')
    expect(cleanText('靠低保金\t维持生活')).toBe('靠低保金 维持生活')
  })
})
