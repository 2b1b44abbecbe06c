import { describe, expect, it } from 'vitest'
import { coverPadding, inUncovered, NO_PADDING } from './padding.ts'

// A 360×740 phone: top bar 0–90, the map below it; the bottom sheet from y = 280.
const phoneMap = { left: 0, top: 90, right: 360, bottom: 740 }
const sheet = { left: 0, top: 280, right: 360, bottom: 740 }

describe('coverPadding', () => {
  it('a bottom sheet across the map pads the bottom by the height it covers', () => {
    expect(coverPadding(phoneMap, sheet)).toEqual({ top: 0, right: 0, bottom: 460, left: 0 })
  })

  it('nothing covering, or a card beside the map (laptop column), gives no padding', () => {
    expect(coverPadding(phoneMap, null)).toEqual(NO_PADDING)
    expect(coverPadding({ left: 330, top: 56, right: 880, bottom: 800 }, { left: 880, top: 56, right: 1280, bottom: 800 })).toEqual(NO_PADDING)
  })

  it('a panel down the right side pads the right', () => {
    expect(coverPadding({ left: 0, top: 0, right: 1000, bottom: 800 }, { left: 700, top: 0, right: 1000, bottom: 800 })).toEqual({ ...NO_PADDING, right: 300 })
  })

  it('never pads more than the share given, so something stays visible', () => {
    expect(coverPadding(phoneMap, { left: 0, top: 100, right: 360, bottom: 740 }).bottom).toBe(Math.round(650 * 0.8))
  })

  it('a small box in a corner (a notice) is not a cover', () => {
    expect(coverPadding(phoneMap, { left: 10, top: 600, right: 120, bottom: 700 })).toEqual(NO_PADDING)
  })
})

describe('inUncovered', () => {
  const pad = { ...NO_PADDING, bottom: 460 }
  it('is true above the sheet and false under it or near the edge', () => {
    expect(inUncovered([180, 100], 360, 650, pad)).toBe(true)
    expect(inUncovered([180, 400], 360, 650, pad)).toBe(false)
    expect(inUncovered([180, 180], 360, 650, pad)).toBe(false) // within 24 px of the sheet's edge (190)
    expect(inUncovered([10, 100], 360, 650, pad)).toBe(false)
  })
})
