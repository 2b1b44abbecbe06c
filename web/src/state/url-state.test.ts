import { describe, expect, it } from 'vitest'
import { EMPTY_FILTERS, parseUrlState, serializeUrlState, type UrlState } from './url-state.ts'

describe('URL state', () => {
  it('round-trips a full view', () => {
    const s: UrlState = {
      village: '440982101201',
      area: null,
      filters: { cats: ['dibao', 'wubao'], match: 'all', group: 3, status: 'active', age: 'aged80', dis: 'visual', grade: '12', year: 2018 },
      names: true,
      basemap: 'tianditu-img',
      lang: 'en',
      view: { z: 17.25, lng: 111.036, lat: 21.8241 },
    }
    const text = serializeUrlState(s)
    expect(text).toBe(
      '?village=440982101201&cats=dibao,wubao&match=all&group=3&status=active&age=80&dis=visual&grade=12&year=2018&names=1&basemap=tianditu-img&lang=en&z=17.25&lng=111.036000&lat=21.824100',
    )
    expect(parseUrlState(text)).toEqual(s)
  })

  it('reads the brief example and leaves defaults out when writing', () => {
    const s = parseUrlState('?village=440982101201&cats=dibao&match=any&names=0&basemap=offline')
    expect(s.filters).toEqual({ ...EMPTY_FILTERS, cats: ['dibao'] })
    expect(s.names).toBe(false)
    expect(serializeUrlState(s)).toBe('?village=440982101201&cats=dibao')
  })

  it('carries the base sketch as a basemap like the others', () => {
    const s = parseUrlState('?village=440982101201&basemap=sketch')
    expect(s.basemap).toBe('sketch')
    expect(serializeUrlState(s)).toContain('basemap=sketch')
  })

  it('drops values it does not know instead of failing', () => {
    const s = parseUrlState('?village=12&cats=DROP TABLE,dibao,dibao&group=x&status=gone&age=70&basemap=google&z=99&lng=1&lat=2&year=1800')
    expect(s.village).toBeNull()
    expect(s.filters).toEqual({ ...EMPTY_FILTERS, cats: ['dibao'] })
    expect(s.basemap).toBe('offline')
    expect(s.view).toBeNull()
  })

  it('carries an area of any level, first in the link', () => {
    const s = parseUrlState('?area=440982101000&cats=dibao')
    expect(s.area).toBe('440982101000')
    expect(serializeUrlState(s)).toBe('?area=440982101000&cats=dibao')
    expect(parseUrlState('?area=4409').area).toBeNull()
  })

  it('keeps households without a group as group=none', () => {
    expect(parseUrlState('?group=none').filters.group).toBe('none')
    expect(parseUrlState('?group=0').filters.group).toBe(0)
  })
})
