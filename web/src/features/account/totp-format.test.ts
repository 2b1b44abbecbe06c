import { describe, expect, it } from 'vitest'
import { groupSecret } from './totp-format.ts'

describe('groupSecret', () => {
  it('splits a 32-character secret into eight groups of four', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP')
  })
  it('leaves a short last group', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ')
  })
  it('is empty for an empty secret', () => {
    expect(groupSecret('')).toBe('')
  })
})
