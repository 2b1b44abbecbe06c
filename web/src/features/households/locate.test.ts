import { afterEach, describe, expect, it } from 'vitest'
import { circleAround, failPosition, fixPosition, geoFailure, placingStore, roundAccuracy, startPlacing, stopPlacing, tapPosition } from './locate.ts'

describe('roundAccuracy', () => {
  it('rounds as a worker reads it, never to 0', () => {
    expect(roundAccuracy(0.4)).toBe(1)
    expect(roundAccuracy(4.6)).toBe(5)
    expect(roundAccuracy(12)).toBe(10)
    expect(roundAccuracy(13)).toBe(15)
    expect(roundAccuracy(348)).toBe(350)
    expect(roundAccuracy(1520)).toBe(1500)
  })
  it('an impossible radius is not a number', () => {
    expect(roundAccuracy(-1)).toBeNaN()
    expect(roundAccuracy(Number.POSITIVE_INFINITY)).toBeNaN()
  })
})

describe('geoFailure', () => {
  it('maps the GeolocationPositionError codes', () => {
    expect(geoFailure(1)).toBe('denied')
    expect(geoFailure(2)).toBe('unavailable')
    expect(geoFailure(3)).toBe('timeout')
  })
})

describe('the placing store', () => {
  afterEach(() => placingStore.set(null))
  it('a tap sets the position only while placing by tap', () => {
    tapPosition([111, 21])
    expect(placingStore.get()).toBeNull()
    startPlacing('a', 'gps')
    tapPosition([111, 21])
    expect(placingStore.get()!.at).toBeNull()
    startPlacing('a', 'tap')
    tapPosition([111.5, 21.5])
    expect(placingStore.get()).toEqual({ householdId: 'a', via: 'tap', at: [111.5, 21.5], accuracy: null, locating: false, failure: null })
  })
  it('a fix lands only on the household that asked for it, and stopping another household keeps this one', () => {
    startPlacing('a', 'gps')
    fixPosition('b', [1, 2], 5)
    expect(placingStore.get()!.at).toBeNull()
    expect(placingStore.get()!.locating).toBe(true)
    fixPosition('a', [111, 21], 6)
    expect(placingStore.get()).toMatchObject({ at: [111, 21], accuracy: 6, locating: false })
    // Asking again keeps the last fix on screen until the new one; a failure says why and keeps it too.
    startPlacing('a', 'gps')
    failPosition('a', 'timeout')
    expect(placingStore.get()).toMatchObject({ at: [111, 21], locating: false, failure: 'timeout' })
    stopPlacing('b')
    expect(placingStore.get()).not.toBeNull()
    stopPlacing('a')
    expect(placingStore.get()).toBeNull()
  })
})

describe('circleAround', () => {
  it('is a closed ring about `radius` metres from the centre', () => {
    const c: [number, number] = [111.04, 21.82]
    const ring = circleAround(c, 20, 8).coordinates[0]!
    expect(ring).toHaveLength(9)
    expect(ring[0]).toEqual(ring[8])
    const east = (ring[0]![0]! - c[0]) * 111_320 * Math.cos((c[1] * Math.PI) / 180)
    const north = (ring[2]![1]! - c[1]) * 110_540
    expect(east).toBeCloseTo(20, 6)
    expect(north).toBeCloseTo(20, 6)
  })
})
