declare module 'vt-pbf' {
  /** A tile in geojson-vt's shape: tile-space integer coordinates, 0‥extent, y down. */
  export interface GeojsonVtTile {
    features: { type: 1 | 2 | 3; geometry: [number, number][] | [number, number][][]; tags: Record<string, string | number | boolean>; id?: number }[]
  }
  export function fromGeojsonVt(layers: Record<string, GeojsonVtTile>, options?: { version?: number; extent?: number }): Uint8Array
  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt }
  export default vtpbf
}
