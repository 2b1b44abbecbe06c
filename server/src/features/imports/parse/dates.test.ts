import { describe, expect, it } from 'vitest'
import { excelSerialToIso, parseDate, isAfterToday } from './dates.ts'

const day = (iso: string) => ({ ok: true, iso, precision: 'day' })
const month = (iso: string) => ({ ok: true, iso, precision: 'month' })

describe('parseDate: text forms found in village workbooks', () => {
  it.each([
    ['1970.03.12', '1970-03-12'],
    ['1970-3-12', '1970-03-12'],
    ['1970/03/12', '1970-03-12'],
    ['19700312', '1970-03-12'],
    ['1970年3月12日', '1970-03-12'],
    ['1970年03月12号', '1970-03-12'],
    ['１９７０．０３．１２', '1970-03-12'],
    [' 1970.3.12. ', '1970-03-12'],
    ['1970-03-12T00:00:00.000Z', '1970-03-12'],
    ['1970-03-12 08:30:00', '1970-03-12'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text)).toEqual(day(iso))
  })

  it.each([
    ['1970年3月', '1970-03-01'],
    ['197003', '1970-03-01'],
    ['1970.03', '1970-03-01'],
  ])('month-only %s → %s with month precision', (text, iso) => {
    expect(parseDate(text)).toEqual(month(iso))
  })

  it('rejects impossible dates like 1970.02.30 with a reason', () => {
    expect(parseDate('1970.02.30')).toMatchObject({ ok: false, code: 'impossible_date', reasonZh: '日期不存在' })
    expect(parseDate('1970.13.01')).toMatchObject({ ok: false, code: 'impossible_date' })
  })
  it('knows leap years', () => {
    expect(parseDate('2000.02.29')).toEqual(day('2000-02-29'))
    expect(parseDate('1900.02.29')).toMatchObject({ ok: false, code: 'impossible_date' })
    expect(parseDate('1972年2月29日')).toEqual(day('1972-02-29'))
  })
  it('rejects a typo year such as 40160325', () => {
    expect(parseDate('40160325')).toMatchObject({ ok: false, code: 'out_of_range' })
  })
  it('rejects text that is not a date', () => {
    expect(parseDate('不详')).toMatchObject({ ok: false, code: 'invalid_format', reasonEn: 'not a recognised date format' })
    expect(parseDate('12/03/1970')).toMatchObject({ ok: false, code: 'invalid_format' })
  })
  it('reports blank cells as blank', () => {
    expect(parseDate('')).toMatchObject({ ok: false, code: 'blank' })
    expect(parseDate(null)).toMatchObject({ ok: false, code: 'blank' })
  })
})

describe('parseDate: Excel values', () => {
  it('takes the calendar day of a JS Date from exceljs (UTC midnight)', () => {
    expect(parseDate(new Date(Date.UTC(1955, 1, 14)))).toEqual(day('1955-02-14'))
  })
  it('rounds a Date a few ms before midnight up to the right day', () => {
    expect(parseDate(new Date(Date.UTC(1955, 1, 14) - 3))).toEqual(day('1955-02-14'))
  })
  it('reads a number typed as 19700312 and a 6-digit month', () => {
    expect(parseDate(19700312)).toEqual(day('1970-03-12'))
    expect(parseDate(197003)).toEqual(month('1970-03-01'))
  })
  it('reads Excel serial numbers', () => {
    expect(parseDate(25639)).toEqual(day('1970-03-12'))
    expect(parseDate(25639.75)).toEqual(day('1970-03-12'))
    expect(parseDate(44197)).toEqual(day('2021-01-01'))
  })
  it('reads a serial exported to CSV as text (five digits)', () => {
    expect(parseDate('25639')).toEqual(day('1970-03-12'))
    expect(parseDate('1970')).toMatchObject({ ok: false, code: 'invalid_format' })
  })
  it('rejects an invalid Date object', () => {
    expect(parseDate(new Date(Number.NaN))).toMatchObject({ ok: false, code: 'invalid_format' })
  })
})

describe('excelSerialToIso: the 1900 leap-year bug', () => {
  it('serial 1 is 1900-01-01 and 59 is 1900-02-28', () => {
    expect(excelSerialToIso(1)).toEqual(day('1900-01-01'))
    expect(excelSerialToIso(59)).toEqual(day('1900-02-28'))
  })
  it('serial 60 is the fictitious 1900-02-29', () => {
    expect(excelSerialToIso(60)).toMatchObject({ ok: false, code: 'impossible_date' })
  })
  it('serial 61 is 1900-03-01', () => {
    expect(excelSerialToIso(61)).toEqual(day('1900-03-01'))
  })
  it('rejects serials outside 1900–2100', () => {
    expect(excelSerialToIso(0)).toMatchObject({ ok: false, code: 'out_of_range' })
    expect(excelSerialToIso(80000)).toMatchObject({ ok: false, code: 'out_of_range' })
  })
})

describe('isAfterToday: birth dates in the future are typos', () => {
  // 2026-03-01 00:30 in China is still 2026-02-28 in UTC.
  const now = Date.parse('2026-02-28T16:30:00Z')
  it('counts the day in China, not in UTC', () => {
    expect(isAfterToday('2026-03-01', now)).toBe(false)
    expect(isAfterToday('2026-03-02', now)).toBe(true)
  })
  it('lets past dates through', () => {
    expect(isAfterToday('1970-03-12', now)).toBe(false)
  })
})
