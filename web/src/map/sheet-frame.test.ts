import { describe, expect, it } from 'vitest'
import { bboxCentre, fitDenominator, project } from '../features/print/geometry.ts'
import { bboxToDatum, toDatum } from './datum-edge.ts'
import { sheetFrame, type Wgs84Bbox } from './sheet-frame.ts'

// A box around the demo village (化州市, Guangdong), WGS84.
const box: Wgs84Bbox = [111.031, 21.820, 111.041, 21.829]
const house: [number, number] = [111.0359089, 21.8241172]

describe('a printed map\'s frame on its basemap', () => {
  it('on a WGS84 basemap is the box itself', () => {
    const f = sheetFrame(box, 'wgs84')
    expect(f.centre).toEqual(bboxCentre(box))
    expect(f.lat).toBe(bboxCentre(box)[1])
    expect(f.fit(800, 600)).toBe(fitDenominator(box, 800, 600))
    const [x, y] = project(house, 17)
    const [cx, cy] = project(bboxCentre(box), 17)
    expect(f.offsetPx(house, 17)).toEqual([x - cx, y - cy])
  })

  it('on GCJ-02 (高德) measures and places in the shifted box, as the sheet did before it handed WGS84', () => {
    const f = sheetFrame(box, 'gcj02')
    const shifted = bboxToDatum(box, 'gcj02')
    expect(f.centre).toEqual(bboxCentre(shifted))
    expect(f.fit(800, 600, 0.12)).toBe(fitDenominator(shifted, 800, 600, 0.12))
    const [x, y] = project(toDatum(house, 'gcj02'), 17)
    const [cx, cy] = project(bboxCentre(shifted), 17)
    expect(f.offsetPx(house, 17)).toEqual([x - cx, y - cy])
    // A house keeps its place relative to the (equally shifted) box: within a pixel of the WGS84 frame.
    const w = sheetFrame(box, 'wgs84').offsetPx(house, 17)
    expect(Math.hypot(f.offsetPx(house, 17)[0] - w[0], f.offsetPx(house, 17)[1] - w[1])).toBeLessThan(1)
  })

  it('takes a group\'s mean where the basemap draws its houses, and none for no houses', () => {
    const f = sheetFrame(box, 'gcj02')
    const a: [number, number] = [111.034, 21.823]
    const b: [number, number] = [111.038, 21.826]
    const [ga, gb] = [toDatum(a, 'gcj02'), toDatum(b, 'gcj02')]
    const [x, y] = project([(ga[0] + gb[0]) / 2, (ga[1] + gb[1]) / 2], 16)
    const [cx, cy] = project(f.centre, 16)
    expect(f.meanOffsetPx([a, b], 16)).toEqual([x - cx, y - cy])
    expect(f.meanOffsetPx([], 16)).toBeNull()
  })

  it('outlines what the sheet shows on the village inset', () => {
    const sheet = sheetFrame(box, 'gcj02')
    const village = sheetFrame([111.02, 21.81, 111.05, 21.84], 'gcj02')
    const [x0, y0, x1, y1] = sheet.viewOn(village, 17, 800, 600, 14)
    // The sheet's 800 × 600 px at zoom 17 are 100 × 75 px three zooms out, around its centre.
    expect(x1 - x0).toBeCloseTo(100, 6)
    expect(y1 - y0).toBeCloseTo(75, 6)
    const [cx, cy] = project(sheet.centre, 14)
    const [vx, vy] = project(village.centre, 14)
    expect((x0 + x1) / 2).toBeCloseTo(cx - vx, 6)
    expect((y0 + y1) / 2).toBeCloseTo(cy - vy, 6)
  })
})
