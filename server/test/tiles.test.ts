/**
 * The one engine difference: ST_AsMVT on PostgreSQL, SQL projection + vt-pbf on
 * PGlite. Both must decode to the same households at the same tile positions.
 */
import { describe, expect, it } from 'vitest'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { wgs84ToGcj02 } from '@cuntu/domain'
import { TEST_VILLAGE, withVillage } from './helpers.ts'

/** The tile (z, x, y) containing [lng, lat] (Web Mercator, XYZ scheme). */
function tileOf(lng: number, lat: number, z: number) {
  const n = 2 ** z
  const x = Math.floor(((lng + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return { x, y }
}

describe('GET /api/areas/:code/tiles/:z/:x/:y.mvt', () => {
  it('encodes every household of the tile with its categories and no names, at its position', async () => {
    const { app, data } = await withVillage(40)
    const placed = data.households.filter((h) => h.lngLat)
    const [lng, lat] = placed[0]!.lngLat!
    const z = 14
    const { x, y } = tileOf(lng, lat, z)
    const res = await app.inject(`/api/areas/${TEST_VILLAGE}/tiles/${z}/${x}/${y}.mvt`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
    const layer = new VectorTile(new Pbf(res.rawPayload)).layers.households!
    const inTile = placed.filter((h) => {
      const t = tileOf(h.lngLat![0], h.lngLat![1], z)
      return t.x === x && t.y === y
    })
    expect(layer.length).toBeGreaterThanOrEqual(inTile.length)
    const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i))
    for (const h of inTile) {
      const f = features.find((g) => g.properties.id === h.id)!
      expect(f.properties.huhao).toBe(h.huhao)
      const expected = [...new Set([...h.categories, ...h.members.flatMap((m) => m.categories)].map((c) => c.code))].sort()
      expect(String(f.properties.categories).split(',').filter(Boolean).sort()).toEqual(expected)
      expect(Object.keys(f.properties).sort()).toEqual(['categories', 'group', 'huhao', 'id', 'status'])
      const [lng2, lat2] = (f.toGeoJSON(x, y, z).geometry as unknown as { coordinates: [number, number] }).coordinates
      expect(Math.abs(lng2 - h.lngLat![0])).toBeLessThan(1e-4)
      expect(Math.abs(lat2 - h.lngLat![1])).toBeLessThan(1e-4)
    }
  })

  it('as a preview (detail=preview) carries one household per cell of a 256 grid, with its categories only', async () => {
    const { app, data } = await withVillage(120, 21)
    const placed = data.households.filter((h) => h.lngLat)
    const z = 13
    const { x, y } = tileOf(placed[0]!.lngLat![0], placed[0]!.lngLat![1], z)
    const full = new VectorTile(new Pbf((await app.inject(`/api/areas/${TEST_VILLAGE}/tiles/${z}/${x}/${y}.mvt`)).rawPayload)).layers.households!
    const res = await app.inject(`/api/areas/${TEST_VILLAGE}/tiles/${z}/${x}/${y}.mvt?detail=preview`)
    expect(res.statusCode).toBe(200)
    const preview = new VectorTile(new Pbf(res.rawPayload)).layers.households!
    expect(preview.extent).toBe(256)
    // Every household of the full tile on the preview's grid (the two round on their own grids: a cell apart at most).
    const households = Array.from({ length: full.length }, (_, i) => {
      const f = full.feature(i)
      const [p] = f.loadGeometry()[0]!
      return { x: (p!.x * 256) / full.extent, y: (p!.y * 256) / full.extent, categories: String(f.properties.categories) }
    })
    const near = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) <= 1 && Math.abs(a.y - b.y) <= 1
    const points = Array.from({ length: preview.length }, (_, i) => {
      const f = preview.feature(i)
      expect(Object.keys(f.properties)).toEqual(['categories'])
      const [p] = f.loadGeometry()[0]!
      return { x: p!.x, y: p!.y, categories: String(f.properties.categories) }
    })
    expect(new Set(points.map((p) => `${p.x},${p.y}`)).size, 'one point per cell').toBe(points.length)
    for (const p of points) expect(households.some((h) => near(h, p) && h.categories === p.categories), `a household at ${p.x},${p.y}`).toBe(true)
    for (const h of households) expect(points.some((p) => near(h, p)), `a point for the household at ${h.x},${h.y}`).toBe(true)
    expect(preview.length).toBeLessThan(full.length)
  })

  it('cut for a GCJ-02 basemap (datum=gcj02), carries each household at its GCJ-02 position, as the domain shifts it', async () => {
    const { app, data } = await withVillage(40)
    const z = 16
    for (const h of data.households.filter((g) => g.lngLat).slice(0, 6)) {
      const [lng, lat] = h.lngLat!
      const [gcjLng, gcjLat] = wgs84ToGcj02([lng, lat])
      const { x, y } = tileOf(gcjLng, gcjLat, z)
      const res = await app.inject(`/api/areas/${TEST_VILLAGE}/tiles/${z}/${x}/${y}.mvt?datum=gcj02`)
      expect(res.statusCode).toBe(200)
      const layer = new VectorTile(new Pbf(res.rawPayload)).layers.households!
      const f = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((g) => g.properties.id === h.id)
      expect(f, `household ${h.huhao} in the GCJ-02 tile`).toBeDefined()
      const [lng2, lat2] = (f!.toGeoJSON(x, y, z).geometry as unknown as { coordinates: [number, number] }).coordinates
      expect(Math.abs(lng2 - gcjLng)).toBeLessThan(1e-5)
      expect(Math.abs(lat2 - gcjLat)).toBeLessThan(1e-5)
      // Hundreds of metres from where the WGS84 tile puts it: the shift was applied, not passed through.
      expect(Math.abs(lng2 - lng) + Math.abs(lat2 - lat)).toBeGreaterThan(1e-3)
    }
    expect((await app.inject(`/api/areas/${TEST_VILLAGE}/tiles/${z}/0/0.mvt?datum=bd09`)).statusCode).toBe(400)
  })

  it('answers an empty tile with 204 and a nonsense tile with 400', async () => {
    const { app } = await withVillage(3)
    expect((await app.inject(`/api/areas/${TEST_VILLAGE}/tiles/10/0/0.mvt`)).statusCode).toBe(204)
    expect((await app.inject(`/api/areas/${TEST_VILLAGE}/tiles/3/9/1.mvt`)).statusCode).toBe(400)
  })
})
