import { describe, expect, it } from 'vitest'
import {
  bboxCentre,
  fitDenominator,
  formatScale,
  niceScale,
  pagePx,
  project,
  scaleBar,
  scaleDenominator,
  tilesFor,
  unproject,
  viewBbox,
  zoomForScale,
} from './geometry.ts'

describe('print geometry', () => {
  it('gives the true pixel size of a sheet', () => {
    expect(pagePx('A4', 'landscape', 300)).toEqual([3508, 2480])
    expect(pagePx('A4', 'portrait', 300)).toEqual([2480, 3508])
    expect(pagePx('A3', 'landscape', 300)).toEqual([4961, 3508])
    expect(pagePx('A3', 'portrait', 150)).toEqual([1754, 2480])
  })

  it('states an exact round scale and the zoom that prints it', () => {
    expect(niceScale(2311)).toBe(2500)
    expect(niceScale(2500)).toBe(2500)
    expect(niceScale(801)).toBe(1000)
    expect(niceScale(10400)).toBe(12500)
    const z = zoomForScale(2500, 21.82)
    expect(scaleDenominator(z, 21.82)).toBeCloseTo(2500, 6)
    expect(formatScale(12500)).toBe('1:12,500')
  })

  it('fits a box: at the fitted scale the box lies inside the map', () => {
    const bbox: [number, number, number, number] = [111.03, 21.81, 111.05, 21.83]
    const d = niceScale(fitDenominator(bbox, 1400, 1000))
    const z = zoomForScale(d, 21.82)
    const shown = viewBbox(bboxCentre(bbox), z, 1400, 1000)
    expect(shown[0]).toBeLessThan(bbox[0])
    expect(shown[1]).toBeLessThan(bbox[1])
    expect(shown[2]).toBeGreaterThan(bbox[2])
    expect(shown[3]).toBeGreaterThan(bbox[3])
  })

  it('projects and unprojects (longitude first)', () => {
    const p = project([111.04, 21.82], 17)
    const [lng, lat] = unproject(p, 17)
    expect(lng).toBeCloseTo(111.04, 9)
    expect(lat).toBeCloseTo(21.82, 9)
  })

  it('tiles a map past the GPU limit into whole-pixel tiles whose centres stitch exactly', () => {
    const centre: [number, number] = [111.04, 21.82]
    const tiles = tilesFor(1504, 1008, 300 / 96, 4096, centre, 17)
    // 1504 CSS px × 25/8 = 4700 device px wide: two tiles across, one down.
    expect(tiles.length).toBe(2)
    for (const t of tiles) {
      expect(Number.isInteger(t.w * (300 / 96))).toBe(true)
      expect(t.w * (300 / 96)).toBeLessThanOrEqual(4096)
    }
    // The tiles cover the map exactly once.
    expect(tiles.reduce((a, t) => a + t.w * t.h, 0)).toBe(1504 * 1008)
    // A tile's centre sits where the whole map puts that point.
    const [cx, cy] = project(centre, 17)
    const t = tiles[1]!
    const [tx, ty] = project(t.centre, 17)
    expect(tx - (cx - 1504 / 2)).toBeCloseTo(t.x + t.w / 2, 6)
    expect(ty - (cy - 1008 / 2)).toBeCloseTo(t.y + t.h / 2, 6)
    expect(tilesFor(800, 600, 2, 8192, centre, 17)).toHaveLength(1)
    expect(tilesFor(1504, 1504, 300 / 96, 2048, centre, 17)).toHaveLength(9)
  })

  it('picks a round scale bar that fits', () => {
    expect(scaleBar(2500, 40)).toEqual({ metres: 100, mm: 40 })
    const b = scaleBar(2500, 35)
    expect(b.metres).toBe(50)
    expect(b.mm).toBe(20)
  })
})
