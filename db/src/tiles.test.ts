import { describe, expect, it } from 'vitest'
import { lngLatToTilePixel, TILE_EXTENT } from './tiles.ts'

describe('lngLatToTilePixel', () => {
  it('puts the tile corners at 0 and the extent', () => {
    expect(lngLatToTilePixel(-180, 85.05112878, 0, 0, 0)).toEqual([0, 0])
    expect(lngLatToTilePixel(0, 0, 0, 0, 0)).toEqual([TILE_EXTENT / 2, TILE_EXTENT / 2])
    expect(lngLatToTilePixel(0, 0, 1, 1, 1)).toEqual([0, 0])
  })

  it('places a point of western Guangdong inside its z10 tile', () => {
    // 111.0°E 21.8°N lies in z10 tile 827/448.
    const [px, py] = lngLatToTilePixel(111.0, 21.8, 10, 827, 448)
    expect(px).toBeGreaterThanOrEqual(0)
    expect(px).toBeLessThan(TILE_EXTENT)
    expect(py).toBeGreaterThanOrEqual(0)
    expect(py).toBeLessThan(TILE_EXTENT)
  })
})

