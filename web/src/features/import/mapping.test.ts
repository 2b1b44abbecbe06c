import { describe, expect, it } from 'vitest'
import { decodeChoice, duplicateFields, effectiveChoice, encodeChoice, mappingOption, setChoice, withYear, type DetectedColumn } from './mapping.ts'

const col = (letter: string, text: string, field: string | null, year?: number): DetectedColumn => ({
  letter, text, field, confidence: 1, ...(year !== undefined ? { year } : {}),
})
const B = col('B', '户号', 'huhao')
const R = col('R', '2017精准扶贫', 'povertyRelief', 2017)
const X = col('X', '联系电话', null)

describe('column mapping overrides', () => {
  it('encodes and decodes select values, with a year for per-year fields and empty for ignore', () => {
    expect(encodeChoice(null)).toBe('')
    expect(encodeChoice({ field: 'huhao' })).toBe('huhao')
    expect(encodeChoice({ field: 'povertyRelief', year: 2018 })).toBe('povertyRelief@2018')
    for (const v of ['', 'huhao', 'povertyRelief@2018']) expect(encodeChoice(decodeChoice(v))).toBe(v)
  })

  it('keeps only real changes: choosing what was detected removes the override', () => {
    let o = setChoice({}, B, { field: 'name' })
    expect(o).toEqual({ B: { field: 'name' } })
    expect(effectiveChoice(B, o)).toEqual({ field: 'name' })
    o = setChoice(o, B, { field: 'huhao' })
    expect(o).toEqual({})
    expect(mappingOption(o)).toBeUndefined()
  })

  it('ignoring a column is an override to null; mapping an undetected column is an override too', () => {
    const o = setChoice(setChoice({}, R, null), X, { field: 'notes' })
    expect(o).toEqual({ R: null, X: { field: 'notes' } })
    expect(effectiveChoice(R, o)).toBeNull()
    expect(mappingOption(o)).toEqual(o)
    expect(setChoice(o, X, null)).toEqual({ R: null })
  })

  it('a per-year field takes the detected year, else the year in the header text', () => {
    expect(withYear({ field: 'povertyRelief' }, R, true)).toEqual({ field: 'povertyRelief', year: 2017 })
    expect(withYear({ field: 'monitored' }, col('Y', '2025年防返贫监测', null), true)).toEqual({ field: 'monitored', year: 2025 })
    expect(withYear({ field: 'monitored' }, X, true)).toEqual({ field: 'monitored' })
    expect(withYear({ field: 'notes' }, R, false)).toEqual({ field: 'notes' })
  })

  it('flags a field chosen for two columns', () => {
    expect(duplicateFields([B, R, X], {})).toEqual(new Set())
    expect(duplicateFields([B, R, X], { X: { field: 'huhao' } })).toEqual(new Set(['huhao']))
    // The same per-year field for different years is not a duplicate.
    expect(duplicateFields([R, col('S', '2018精准扶贫', 'povertyRelief', 2018)], {})).toEqual(new Set())
  })
})
