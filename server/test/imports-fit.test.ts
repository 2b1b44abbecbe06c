/**
 * The cell-map fit in the dry run and the commit (issue 15): the sample
 * workbook's 社区地图 (42 houses) placed from the sample's three control points,
 * then from a fourth added at a house by GPS and from a house dragged to where
 * it is. sample-locations.csv holds every house's surveyed position: the truth
 * the placements are measured against.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Wgs84LngLat } from '@cuntu/domain'
import { parseLocationFile } from '../src/features/imports/parse/index.ts'
import type { FitReport } from '../src/contract/index.ts'
import { applyGrid, fitAffineGrid } from '../src/features/imports/parse/georef/models.ts'
import { planeAround } from '../src/features/imports/parse/georef/plane.ts'
import { withVillage, type Client } from './helpers.ts'
import { IMPORT_VILLAGE, addVillage, stored, upload } from './imports-helpers.ts'
import { SAMPLES_DIR } from '@cuntu/fixtures/samples.ts'

const archive = () => readFileSync(`${SAMPLES_DIR}/sample-archive.xlsx`)
const SAMPLE_POINTS = JSON.parse(readFileSync(`${SAMPLES_DIR}/sample-map-controlpoints.json`, 'utf8')) as { huhao: string; lon: number; lat: number }[]
const CONTROL = SAMPLE_POINTS.map((p) => ({ huhao: p.huhao, lngLat: [p.lon, p.lat] as Wgs84LngLat }))

async function truth(): Promise<Map<string, Wgs84LngLat>> {
  const r = await parseLocationFile(readFileSync(`${SAMPLES_DIR}/sample-locations.csv`), { crs: 'wgs84', fileName: 'sample-locations.csv' })
  return new Map(r.points.map((p) => [p.huhao, p.lngLat]))
}

const RAD = Math.PI / 180
const metres = (a: Wgs84LngLat, b: Wgs84LngLat) =>
  Math.hypot((a[0] - b[0]) * Math.cos(a[1] * RAD), a[1] - b[1]) * RAD * 6_371_000

interface PlanBody {
  counts: { create: number; positions: { fromCellMap: number; fromControlPoints: number } }
  households: { huhao: string | null; position: string }[]
  fit: FitReport
}

async function uploaded(app: Client): Promise<string> {
  const res = await upload(app, IMPORT_VILLAGE, { archive: { data: archive(), fileName: 'sample-archive.xlsx' } })
  expect(res.statusCode, res.body).toBe(201)
  return (res.json() as { uploadId: string }).uploadId
}

async function dryRun(app: Client, uploadId: string, body: unknown, lang = 'zh-CN') {
  return app.inject({ method: 'POST', url: `/api/imports/${uploadId}/dry-run`, payload: body as object, headers: { 'accept-language': lang } })
}

describe('the cell-map fit in the plan', () => {
  it('chooses north-up for the sample\'s three points, reports leave-one-out per point, places every house and says which cells it does not', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const uploadId = await uploaded(app)
    const res = await dryRun(app, uploadId, { controlPoints: CONTROL })
    expect(res.statusCode, res.body).toBe(200)
    const plan = res.json() as PlanBody
    const fit = plan.fit
    expect(fit.model).toBe('north_up')
    expect(fit.choice.code).toBe('three_points_north_up')
    expect(fit.choice.strain).toBeGreaterThan(0)
    expect(fit.candidates.map((c) => c.model)).toEqual(['north_up', 'rotated', 'affine'])
    // An exact affine's residuals are 0 and it has no leave-one-out with three points; the chosen fit has both.
    expect(fit.candidates.find((c) => c.model === 'affine')).toMatchObject({ rmsMetres: 0, looRmsMetres: null })
    expect(fit.points.map((p) => p.address)).toEqual(['D11', 'M7', 'Z24'])
    for (const p of fit.points) {
      expect(p.looMetres).toBeGreaterThan(0)
      expect(p.source).toBe('typed')
      expect(p.accuracyMetres).toBeNull()
    }
    expect(fit.looRmsMetres).toBeGreaterThan(fit.rmsMetres)
    expect(fit.metresPerCol).toBeGreaterThan(5)
    expect(fit.metresPerRow).toBeGreaterThan(5)
    expect(fit.suggest).not.toBeNull()
    expect(fit.suggest!.huhao).toMatch(/^\d{7}$/)

    // Every house of the map: placed (the three at their own points) or listed with a reason.
    expect(fit.placed).toHaveLength(42)
    expect(fit.placed.filter((p) => p.controlPoint).map((p) => p.huhao).sort()).toEqual(CONTROL.map((p) => p.huhao).sort())
    expect(plan.counts.positions).toMatchObject({ fromCellMap: 39, fromControlPoints: 3 })
    for (const u of fit.unplaced) expect(['no_household', 'skipped', 'kept']).toContain(u.reason)
    expect(plan.households.filter((h) => h.position === 'none')).toEqual([])

    // Measured against the surveyed positions: the best any affine does through all 42, and ours.
    const t = await truth()
    const errors = fit.placed.filter((p) => !p.controlPoint).map((p) => metres(p.lngLat, t.get(p.huhao)!))
    errors.sort((a, b) => a - b)
    const p90 = errors[Math.ceil(0.9 * errors.length) - 1]!
    // The best possible: an affine by least squares through all 42 surveyed houses.
    const cellOf = (address: string) => {
      const m = /^([A-Z]+)(\d+)$/.exec(address)!
      return { col: [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0), row: Number(m[2]) }
    }
    const plane = planeAround([...t.values()])
    const all = fit.placed.map((p) => ({ ...cellOf(p.address), ...plane.toPlane(t.get(p.huhao)!) }))
    const best = fitAffineGrid(all)!
    const bestErrors = all.map((h) => Math.hypot(applyGrid(best, h).x - h.x, applyGrid(best, h).y - h.y)).sort((a, b) => a - b)
    const bestP90 = bestErrors[Math.ceil(0.9 * bestErrors.length) - 1]!
    // Before this change: the exact affine through the three.
    const exact = fitAffineGrid(fit.points.map((p) => ({ col: p.col, row: p.row, ...plane.toPlane(p.lngLat) })))!
    const exactErrors = all.filter((h, i) => !fit.placed[i]!.controlPoint).map((h) => Math.hypot(applyGrid(exact, h).x - h.x, applyGrid(exact, h).y - h.y)).sort((a, b) => a - b)
    const exactP90 = exactErrors[Math.ceil(0.9 * exactErrors.length) - 1]!
    console.info(`sample map, 3 points: ${fit.model}, p90 ${p90.toFixed(1)} m (best affine through all 42: ${bestP90.toFixed(1)} m; exact affine through the 3: ${exactP90.toFixed(1)} m), max ${errors.at(-1)!.toFixed(1)} m, leave-one-out RMS ${fit.looRmsMetres} m`)
    expect(p90).toBeLessThan(1.15 * bestP90)

    // The commit stores what the plan showed.
    const commit = await app.inject({ method: 'POST', url: `/api/imports/${uploadId}/commit`, payload: { controlPoints: CONTROL } })
    expect(commit.statusCode, commit.body).toBe(200)
    const rows = new Map((await stored(database)).map((h) => [h.huhao, h]))
    for (const p of fit.placed) {
      const h = rows.get(p.huhao)!
      expect(h.location![0]).toBeCloseTo(p.lngLat[0], 9)
      expect(h.location![1]).toBeCloseTo(p.lngLat[1], 9)
    }
    const cp = rows.get(CONTROL[0]!.huhao)!
    expect(cp.location).toEqual(CONTROL[0]!.lngLat)
  })

  it('updates the fit when the worker adds a point by GPS at a house (accuracy shown) and when a house is dragged to where it is', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const uploadId = await uploaded(app)
    const first = (await dryRun(app, uploadId, { controlPoints: CONTROL })).json() as PlanBody
    const t = await truth()
    // Standing at the suggested house with a phone: WGS84 from the GPS, while the typed points say GCJ-02 is not the case here.
    const at = first.fit.suggest!.huhao!
    const gps = { huhao: at, lngLat: t.get(at)!, source: 'gps', accuracyMetres: 8.4, crs: 'wgs84' }
    const second = await dryRun(app, uploadId, { controlPoints: [...CONTROL, gps] })
    expect(second.statusCode, second.body).toBe(200)
    const fit2 = (second.json() as PlanBody).fit
    expect(fit2.points).toHaveLength(4)
    expect(fit2.points[3]).toMatchObject({ huhao: at, source: 'gps', accuracyMetres: 8.4 })
    expect(fit2.choice.code).toBe('leave_one_out')
    for (const c of fit2.candidates) expect(c.looRmsMetres).not.toBeNull()
    expect(fit2.looRmsMetres).not.toBe(first.fit.looRmsMetres)
    expect(fit2.placed.find((p) => p.huhao === at)).toMatchObject({ controlPoint: true, lngLat: gps.lngLat })

    // Dragging one placed house (not a control point) to where it really is.
    const moved = first.fit.placed.find((p) => !p.controlPoint && p.huhao !== at)!
    const drop = [moved.lngLat[0] + 0.0004, moved.lngLat[1] - 0.0003]
    const third = await dryRun(app, uploadId, { controlPoints: [...CONTROL, gps, { huhao: moved.huhao, lngLat: drop, source: 'drag' }] })
    expect(third.statusCode, third.body).toBe(200)
    const fit3 = (third.json() as PlanBody).fit
    expect(fit3.points.at(-1)).toMatchObject({ huhao: moved.huhao, source: 'drag', accuracyMetres: null })
    expect(fit3.placed.find((p) => p.huhao === moved.huhao)).toMatchObject({ controlPoint: true, lngLat: drop })
    // Every other house moved with the new fit.
    const before = new Map(fit2.placed.map((p) => [p.huhao, p]))
    expect(fit3.placed.filter((p) => !p.controlPoint).some((p) => metres(p.lngLat, before.get(p.huhao)!.lngLat) > 0.01)).toBe(true)
  })

  it('warns when the points are bunched, names where a further point helps most, in both languages', async () => {
    const { app, database } = await withVillage(4)
    await addVillage(database)
    const uploadId = await uploaded(app)
    const first = (await dryRun(app, uploadId, { controlPoints: CONTROL })).json() as PlanBody
    const t = await truth()
    // Three houses in the map's top-left corner (columns ≤ 8, rows ≤ 12 of the drawing).
    const corner = first.fit.placed
      .map((p) => ({ ...p, m: /^([A-Z]+)(\d+)$/.exec(p.address)! }))
      .filter((p) => p.m[1]!.length === 1 && p.m[1]!.charCodeAt(0) - 64 <= 8 && Number(p.m[2]) <= 12)
    expect(corner.length).toBeGreaterThanOrEqual(3)
    const pts = corner.slice(0, 3).map((p) => ({ huhao: p.huhao, lngLat: t.get(p.huhao)! }))
    const res = await dryRun(app, uploadId, { controlPoints: pts })
    expect(res.statusCode, res.body).toBe(200)
    const fit = (res.json() as PlanBody).fit
    expect(fit.spread).toContain('clustered')
    // The suggestion lies away from the corner.
    const s = /^([A-Z]+)(\d+)$/.exec(fit.suggest!.address)!
    expect(s[1]!.length > 1 || s[1]!.charCodeAt(0) - 64 > 12 || Number(s[2]) > 18).toBe(true)

    const oneRow = [{ cell: { row: 2, col: 2 }, lngLat: [111.01, 21.81] }, { cell: { row: 2, col: 5 }, lngLat: [111.02, 21.81] }, { cell: { row: 2, col: 9 }, lngLat: [111.03, 21.81] }]
    const zh = await dryRun(app, uploadId, { controlPoints: oneRow })
    expect(zh.statusCode).toBe(400)
    expect(zh.json().error.message).toContain('同一行或同一列')
    const en = await dryRun(app, uploadId, { controlPoints: oneRow }, 'en')
    expect(en.json().error.message).toContain('one row or one column')
    const badAccuracy = await dryRun(app, uploadId, { controlPoints: [...CONTROL.slice(0, 2), { ...CONTROL[2], accuracyMetres: -1 }] })
    expect(badAccuracy.statusCode).toBe(400)
    expect(badAccuracy.json().error.code).toBe('validation_failed')
  })
})
