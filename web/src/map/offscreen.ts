/**
 * Off-screen map rendering for printed sheets: a second, hidden MapLibre map
 * with the same style and the same deck.gl layer builders as the visible one,
 * drawn at the sheet's true pixel size. The visible map is never touched, so
 * it stays usable while a sheet or an atlas renders.
 *
 * Past the GPU's largest canvas the map is drawn in tiles (same zoom, shifted
 * centres) and stitched: Web-Mercator at a fixed zoom is a pure translation,
 * so the stitched image equals one big render.
 *
 * Everything handed in is WGS84 (a sheet frame, household positions, the
 * village boundary); the shift into the basemap's datum is made here.
 */
import maplibregl, { type StyleSpecification } from 'maplibre-gl'
import { MapboxOverlay } from '@deck.gl/mapbox'
import type { Layer } from '@deck.gl/core'
import { householdLayers, type HouseholdLayerState } from './household-layers.ts'
import { buildIconAtlas } from './ring-atlas.ts'
import { LABEL_ZOOM, minRingPixels } from './MapView.tsx'
import type { GlyphSpec } from '../features/households/glyph.ts'
import { tilesFor } from '../features/print/geometry.ts'
import type { Basemap } from '../features/basemaps/basemaps.ts'
import { basemapStyle, type BoundaryGeometry } from './basemap-style.ts'
import { flatPositionsToDatum, geometryToDatum, type Datum } from './datum-edge.ts'
import type { SheetFrame } from './sheet-frame.ts'

/**
 * One layer of the printed map, bottom first. Households today; drawn layers
 * (assets, needs) join this union when they exist, drawn by their own builders.
 */
export type PrintMapLayer = {
  kind: 'households'
  /** `positions` in WGS84: drawn in the frame's datum. */
  state: Omit<HouseholdLayerState, 'atlas' | 'showLabels' | 'minPixels' | 'fontFamily'> & { glyphs: GlyphSpec[] }
}

/** The basemap style of a printed map, the village boundary given in WGS84 (drawn in the basemap's datum). */
export function printBasemapStyle(basemap: Basemap, key: string, boundary: BoundaryGeometry | null): StyleSpecification {
  return basemapStyle(basemap, key, boundary ? geometryToDatum(boundary, basemap.datum) : null)
}

export interface MapImageRequest {
  style: StyleSpecification
  layers: PrintMapLayer[]
  /** Map size in CSS pixels (multiples of 16, so that tiles are whole device pixels). */
  cssWidth: number
  cssHeight: number
  /** Device pixels per CSS pixel (dpi / 96 on paper). */
  pixelRatio: number
  /** What the map shows, from the sheet's WGS84 box (sheet-frame.ts): centred on its centre, in its datum. */
  frame: SheetFrame
  zoom: number
  /** Font for map labels (the sheet's bundled font). */
  fontFamily?: string
  /** Largest tile side in device pixels; defaults to the GPU's limit. Tests lower it to exercise stitching. */
  maxTilePx?: number
  signal?: AbortSignal
  onTile?: (done: number, total: number) => void
}

let gpuMax: number | null = null

/**
 * The largest square canvas this GPU draws, device pixels: the smallest of the
 * renderbuffer, texture and viewport limits, capped at 8192 so one tile stays
 * within a few hundred MB of memory.
 */
export function gpuMaxCanvasPx(): number {
  if (gpuMax !== null) return gpuMax
  const canvas = document.createElement('canvas')
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl')
  if (!gl) return (gpuMax = 4096)
  const viewport = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array
  gpuMax = Math.min(8192, gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number, gl.getParameter(gl.MAX_TEXTURE_SIZE) as number, viewport[0]!, viewport[1]!)
  gl.getExtension('WEBGL_lose_context')?.loseContext()
  return gpuMax
}

function deckLayers(layers: PrintMapLayer[], zoom: number, fontFamily: string | undefined, datum: Datum): Layer[] {
  return layers.flatMap((l) => {
    const { glyphs, ...state } = l.state
    return householdLayers({
      ...state,
      positions: flatPositionsToDatum(state.positions, datum),
      atlas: buildIconAtlas(glyphs),
      showLabels: zoom >= LABEL_ZOOM,
      minPixels: minRingPixels(zoom),
      fontFamily,
    })
  })
}

const aborted = () => new DOMException('The print was cancelled', 'AbortError')

/** Resolves once the map has drawn everything for its current camera (tiles, style, deck.gl layers). */
function settled(map: maplibregl.Map, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(aborted())
    signal?.addEventListener('abort', onAbort, { once: true })
    map.once('idle', () => {
      // One more frame after idle: deck.gl may upload a texture (icon or font atlas) during the first one.
      map.once('idle', () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      })
      map.triggerRepaint()
    })
    map.triggerRepaint()
  })
}

interface Offscreen {
  map: maplibregl.Map
  overlay: MapboxOverlay
  container: HTMLDivElement
  dispose(): void
}

/**
 * Keeps off-screen maps alive across the pages of one job (an atlas), one per
 * style and pixel ratio: creating a map (style, workers, shaders) costs more
 * than drawing a page. `close()` frees their WebGL contexts.
 */
export class MapRenderSession {
  private readonly maps = new Map<string, Offscreen>()
  async get(r: MapImageRequest, firstCss: [number, number], maxPx: number): Promise<Offscreen> {
    const key = `${r.pixelRatio}|${maxPx}|${JSON.stringify(r.style)}`
    let view = this.maps.get(key)
    if (!view) {
      view = await openOffscreen(r, firstCss, maxPx)
      this.maps.set(key, view)
    } else view.overlay.setProps({ layers: deckLayers(r.layers, r.zoom, r.fontFamily, r.frame.datum) })
    return view
  }
  close(): void {
    for (const v of this.maps.values()) v.dispose()
    this.maps.clear()
  }
}

async function openOffscreen(r: MapImageRequest, firstCss: [number, number], maxPx: number): Promise<Offscreen> {
  const host = document.createElement('div')
  // Out of sight and out of the layout; WebGL draws whether or not it is on screen.
  host.style.cssText = 'position:fixed;left:-200000px;top:0;overflow:hidden;pointer-events:none;contain:strict;width:1px;height:1px'
  host.setAttribute('aria-hidden', 'true')
  const container = document.createElement('div')
  container.style.width = `${firstCss[0]}px`
  container.style.height = `${firstCss[1]}px`
  host.append(container)
  document.body.append(host)
  const map = new maplibregl.Map({
    container,
    style: r.style,
    center: r.frame.centre,
    zoom: r.zoom,
    maxZoom: 24,
    interactive: false,
    attributionControl: false,
    pixelRatio: r.pixelRatio,
    maxCanvasSize: [maxPx, maxPx],
    fadeDuration: 0,
    renderWorldCopies: false,
    // No MSAA: at 150–300 dpi a pixel is a tenth of a millimetre, and multisampling a 17-megapixel canvas
    // costs more than the rest of the sheet on a software GPU.
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
  })
  const overlay = new MapboxOverlay({ interleaved: true, layers: deckLayers(r.layers, r.zoom, r.fontFamily, r.frame.datum) })
  map.addControl(overlay)
  return {
    map,
    overlay,
    container,
    dispose() {
      map.remove()
      host.remove()
    },
  }
}

/** The map at `cssWidth × pixelRatio` by `cssHeight × pixelRatio` device pixels, stitched from tiles when needed. */
export async function renderMapImage(r: MapImageRequest, session?: MapRenderSession): Promise<HTMLCanvasElement> {
  if (r.signal?.aborted) throw aborted()
  const maxPx = Math.min(r.maxTilePx ?? Number.POSITIVE_INFINITY, gpuMaxCanvasPx())
  const tiles = tilesFor(r.cssWidth, r.cssHeight, r.pixelRatio, maxPx, r.frame.centre, r.zoom)
  const out = document.createElement('canvas')
  out.width = Math.round(r.cssWidth * r.pixelRatio)
  out.height = Math.round(r.cssHeight * r.pixelRatio)
  const ctx = out.getContext('2d')
  if (!ctx) throw new Error('2D canvas unavailable')
  const view = session ? await session.get(r, [tiles[0]!.w, tiles[0]!.h], maxPx) : await openOffscreen(r, [tiles[0]!.w, tiles[0]!.h], maxPx)
  try {
    let done = 0
    for (const t of tiles) {
      if (r.signal?.aborted) throw aborted()
      view.container.style.width = `${t.w}px`
      view.container.style.height = `${t.h}px`
      view.map.resize()
      view.map.jumpTo({ center: t.centre, zoom: r.zoom })
      await settled(view.map, r.signal)
      const canvas = view.map.getCanvas()
      const want = [Math.round(t.w * r.pixelRatio), Math.round(t.h * r.pixelRatio)]
      // MapLibre lowers the pixel ratio rather than exceed its canvas limit: never stitch a blurred tile.
      if (canvas.width !== want[0] || canvas.height !== want[1]) {
        throw new Error(`map tile drawn at ${canvas.width}×${canvas.height}, wanted ${want[0]}×${want[1]}`)
      }
      ctx.drawImage(canvas, Math.round(t.x * r.pixelRatio), Math.round(t.y * r.pixelRatio))
      r.onTile?.(++done, tiles.length)
    }
  } finally {
    if (!session) view.dispose()
  }
  return out
}

/**
 * The benchmark's baseline: one map of the same size and view, its canvas read
 * straight back as PNG (`map.getCanvas().toBlob`), no layout, no tiling. Only
 * possible where the GPU takes the whole size in one canvas.
 */
export async function bareCapture(r: MapImageRequest): Promise<Blob> {
  const maxPx = gpuMaxCanvasPx()
  const view = await openOffscreen(r, [r.cssWidth, r.cssHeight], maxPx)
  try {
    await settled(view.map, r.signal)
    return await new Promise<Blob>((resolve, reject) =>
      view.map.getCanvas().toBlob((b) => (b ? resolve(b) : reject(new Error('canvas capture failed'))), 'image/png'),
    )
  } finally {
    view.dispose()
  }
}
