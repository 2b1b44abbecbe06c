import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM script without types: start.mjs and test.mjs run before tsx is available
import { meetsMinimum, requiredNode } from '../node-version.mjs'

describe('the stated Node.js version', () => {
  it('compares versions against ">=major.minor"', () => {
    expect(meetsMinimum('v20.19.0', '>=20.19')).toBe(true)
    expect(meetsMinimum('v20.20.2', '>=20.19')).toBe(true)
    expect(meetsMinimum('v22.1.0', '>=20.19')).toBe(true)
    expect(meetsMinimum('v20.18.3', '>=20.19')).toBe(false)
    expect(meetsMinimum('v18.20.0', '>=20.19')).toBe(false)
  })
  it('is one plain minimum in package.json, met by the Node running the tests', () => {
    expect(requiredNode()).toMatch(/^>=\d+\.\d+$/)
    expect(meetsMinimum(process.version, requiredNode())).toBe(true)
  })
})
