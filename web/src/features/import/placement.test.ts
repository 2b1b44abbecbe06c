import { describe, expect, it } from 'vitest'
import { controlPointsFromJson, emptyPlacement, parseDegrees, placementOptions, withControlPoint } from './placement.ts'

const cp = (huhao: string, lng: string, lat: string) => ({ huhao, lng, lat })

describe('placement options', () => {
  it('sends nothing when the worker chose nothing', () => {
    expect(placementOptions(emptyPlacement)).toEqual({ options: {}, problems: [] })
  })

  it('sends accepted flagged 户号 and three or more control points with their datum', () => {
    const r = placementOptions({
      acceptFlagged: ['0200101'],
      controlPoints: [cp('0200101', '111.016119', '21.813212'), cp(' 0200146 ', '１１１.０１８３４１', '21.814109°'), cp('', '', ''), cp('0200137', '111.0171', '21.8125')],
      crs: 'gcj02',
    })
    expect(r.problems).toEqual([])
    expect(r.options).toEqual({
      acceptFlaggedLocations: ['0200101'],
      controlPoints: [
        { huhao: '0200101', lngLat: [111.016119, 21.813212] },
        { huhao: '0200146', lngLat: [111.018341, 21.814109] },
        { huhao: '0200137', lngLat: [111.0171, 21.8125] },
      ],
      controlPointsCrs: 'gcj02',
    })
  })

  it('names each bad cell, too few points and a 户号 given twice, and then sends no control points', () => {
    const r = placementOptions({ ...emptyPlacement, controlPoints: [cp('0200101', '211', '21.8'), cp('', '111', 'abc'), cp('0200146', '111.01', '21.81')] })
    expect(r.problems).toEqual([
      { kind: 'row', index: 0, field: 'lng' },
      { kind: 'row', index: 1, field: 'huhao' },
      { kind: 'row', index: 1, field: 'lat' },
      { kind: 'tooFew', given: 1 },
    ])
    expect(r.options.controlPoints).toBeUndefined()
    const dup = placementOptions({ ...emptyPlacement, controlPoints: [cp('1', '111', '21'), cp('1', '111.1', '21.1'), cp('2', '111.2', '21.2')] })
    expect(dup.problems).toEqual([{ kind: 'duplicate', huhao: '1' }])
  })

  it('reads degrees as typed, in range only', () => {
    expect(parseDegrees('111.5', 180)).toBe(111.5)
    expect(parseDegrees('-33.25', 90)).toBe(-33.25)
    expect(parseDegrees('91', 90)).toBeNull()
    expect(parseDegrees('1e2', 180)).toBeNull()
    expect(parseDegrees('', 180)).toBeNull()
  })

  it('reads the CLI control-point file and refuses anything else', () => {
    expect(controlPointsFromJson('[{"huhao":"0200101","cell":{"row":11,"col":4},"lon":111.016119,"lat":21.813212}]')).toEqual([cp('0200101', '111.016119', '21.813212')])
    expect(controlPointsFromJson('{"huhao":"1"}')).toBeNull()
    expect(controlPointsFromJson('[{"huhao":1,"lon":1,"lat":2}]')).toBeNull()
    expect(controlPointsFromJson('not json')).toBeNull()
  })
})

describe('adding a control point from the phone or the map', () => {
  const typed = { ...emptyPlacement, crs: 'gcj02' as const, controlPoints: [cp('0200101', '111.016119', '21.813212'), cp('0200146', '111.018341', '21.814109'), cp('', '', '')] }

  it('fills the first empty row, and sends it as WGS84 with its source and accuracy', () => {
    const p = withControlPoint(typed, { huhao: '0200190', lngLat: [111.0215131234, 21.810623], source: 'gps', accuracyMetres: 8.44 })
    expect(p.controlPoints).toHaveLength(3)
    expect(p.controlPoints[2]).toEqual({ huhao: '0200190', lng: '111.021513', lat: '21.810623', source: 'gps', accuracyMetres: 8.4 })
    const { options, problems } = placementOptions(p)
    expect(problems).toEqual([])
    expect(options.controlPointsCrs).toBe('gcj02')
    expect(options.controlPoints![2]).toEqual({ huhao: '0200190', lngLat: [111.021513, 21.810623], source: 'gps', crs: 'wgs84', accuracyMetres: 8.4 })
    expect(options.controlPoints![0]).toEqual({ huhao: '0200101', lngLat: [111.016119, 21.813212] })
  })

  it('replaces the same household\'s earlier point (dragged again), else appends', () => {
    const once = withControlPoint(typed, { huhao: '0200190', lngLat: [111.02, 21.81], source: 'drag' })
    const twice = withControlPoint(once, { huhao: '0200190', lngLat: [111.03, 21.82], source: 'drag' })
    expect(twice.controlPoints.filter((d) => d.huhao === '0200190')).toEqual([{ huhao: '0200190', lng: '111.030000', lat: '21.820000', source: 'drag' }])
    const more = withControlPoint(twice, { huhao: '0200111', lngLat: [111.01, 21.8], source: 'drag' })
    expect(more.controlPoints).toHaveLength(4)
    expect(placementOptions(more).options.controlPoints![3]).toEqual({ huhao: '0200111', lngLat: [111.01, 21.8], source: 'drag', crs: 'wgs84' })
  })
})
