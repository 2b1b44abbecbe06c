import { describe, expect, it } from 'vitest'
import { qrModules, snapshotLink } from './qr.ts'

describe('qr', () => {
  it('encodes a snapshot link as a square matrix with the three finder patterns', () => {
    const m = qrModules(snapshotLink('http://127.0.0.1:8080', '2f6c1b0e-8d5a-4c61-9a55-3b7d2e1f0a9c'))
    const n = m.length
    expect(n).toBeGreaterThanOrEqual(21)
    expect(m.every((row) => row.length === n)).toBe(true)
    // Finder pattern corners are dark, their inner ring light.
    for (const [r, c] of [[0, 0], [0, n - 7], [n - 7, 0]] as const) {
      expect(m[r]![c]).toBe(true)
      expect(m[r + 1]![c + 1]).toBe(false)
      expect(m[r + 3]![c + 3]).toBe(true)
    }
  })
})
