/**
 * Drawing on the map with terra-draw: the one place it is imported. The
 * controller owns a TerraDraw instance on the adapter's MapLibre map and
 * speaks WGS84 only: geometries handed in are shifted into the basemap's
 * datum here, and what terra-draw hands back is shifted out to WGS84 before
 * anyone else sees it (the datum edge, datum-edge.ts).
 *
 * Tools: point, line, polygon, rectangle, circle, freehand (each a terra-draw
 * mode: a state machine of its own), plus `edit` (terra-draw's select mode:
 * move the feature, drag vertices, add midpoints, delete a vertex with a
 * right-click). Snapping to existing vertices and to households; undo/redo of
 * points while drawing and of edits after. Touch: a larger pointer distance
 * and larger handles; a long press finishes a line or polygon.
 */
import {
  TerraDraw,
  TerraDrawCircleMode,
  TerraDrawFreehandMode,
  TerraDrawLineStringMode,
  TerraDrawModeUndoRedo,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawRectangleMode,
  TerraDrawSelectMode,
  TerraDrawSessionUndoRedo,
  type GeoJSONStoreFeatures,
  type TerraDrawMouseEvent,
} from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import type { Geometry, LineString, Point, Polygon, Position } from 'geojson'
import type { MapAdapter } from './adapter.ts'
import { geometryFromDatum, geometryToDatum } from './datum-edge.ts'

export const DRAW_TOOLS = ['point', 'line', 'polygon', 'rectangle', 'circle', 'freehand'] as const
export type DrawTool = (typeof DRAW_TOOLS)[number]
export type DrawnGeometry = Point | LineString | Polygon

/** terra-draw's mode name for each tool. */
const MODE: Record<DrawTool | 'edit', string> = {
  point: 'point',
  line: 'linestring',
  polygon: 'polygon',
  rectangle: 'rectangle',
  circle: 'circle',
  freehand: 'freehand',
  edit: 'select',
}

/** Pixels within which a click snaps to a vertex or household: a finger is wider than a mouse. */
const SNAP_PX = { mouse: 10, touch: 22 }
const LONG_PRESS_MS = 600

export interface DrawControllerOptions {
  /** A shape was finished with a drawing tool: its geometry in WGS84. */
  onFinish: (geometry: DrawnGeometry, tool: DrawTool) => void
  /** Undo/redo availability changed, or the edited shape changed. */
  onChange?: () => void
  /** Positions to snap to (existing vertices, households), WGS84 [lng, lat]. */
  snapTargets?: () => readonly [number, number][]
}

const BLUE = '#1565c0'
const ORANGE = '#ef6c00'

export class DrawController {
  private readonly draw: TerraDraw
  private tool: DrawTool | 'edit' | null = null
  private editedId: string | null = null
  private readonly touch: boolean
  private pressTimer: ReturnType<typeof setTimeout> | null = null
  private readonly container: HTMLElement
  /** terra-draw is started (the map's style has loaded). */
  private ready = false

  constructor(
    private readonly adapter: MapAdapter,
    private readonly o: DrawControllerOptions,
  ) {
    this.touch = typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches === true
    const px = this.touch ? SNAP_PX.touch : SNAP_PX.mouse
    const handle = this.touch ? 9 : 6
    const snapping = { toCoordinate: true, toCustom: (e: TerraDrawMouseEvent) => this.snap(e, px) }
    const line = { outlineColor: BLUE, outlineWidth: 3, fillColor: BLUE, fillOpacity: 0.15 } as const
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map: adapter.map, prefixId: 'cuntu-draw' }),
      modes: [
        new TerraDrawPointMode({ styles: { pointColor: ORANGE, pointWidth: handle + 2, pointOutlineColor: '#ffffff', pointOutlineWidth: 2 } }),
        new TerraDrawLineStringMode({
          snapping,
          pointerDistance: px * 2,
          styles: { lineStringColor: BLUE, lineStringWidth: 3, closingPointWidth: handle, closingPointColor: ORANGE, closingPointOutlineWidth: 2 },
        }),
        new TerraDrawPolygonMode({
          snapping,
          pointerDistance: px * 2,
          styles: { ...line, closingPointWidth: handle, closingPointColor: ORANGE, closingPointOutlineWidth: 2 },
        }),
        new TerraDrawRectangleMode({ styles: line }),
        new TerraDrawCircleMode({ styles: line }),
        new TerraDrawFreehandMode({ styles: line }),
        new TerraDrawSelectMode({
          pointerDistance: px * 2,
          flags: {
            point: { feature: { draggable: true } },
            linestring: { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } },
            polygon: { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: snapping } } },
          },
          styles: {
            selectedPolygonColor: BLUE,
            selectedPolygonOutlineColor: BLUE,
            selectedPolygonFillOpacity: 0.2,
            selectedLineStringColor: BLUE,
            selectionPointWidth: handle,
            selectionPointColor: ORANGE,
            selectionPointOutlineColor: '#ffffff',
            selectionPointOutlineWidth: 2,
            midPointWidth: handle - 2,
            midPointColor: '#ffffff',
            midPointOutlineColor: BLUE,
            midPointOutlineWidth: 2,
          },
        }),
      ],
      undoRedo: { modeLevel: new TerraDrawModeUndoRedo(), sessionLevel: new TerraDrawSessionUndoRedo() },
    })
    adapter.onDestroy(() => this.destroy())
    // terra-draw adds MapLibre sources, so it starts once the style has loaded, and again after a basemap
    // change (setStyle drops every source and layer, terra-draw's included).
    const start = () => {
      if (this.ready) {
        // Its sources went with the old style, so unregistering them may throw; it is restarted either way.
        try {
          this.draw.stop()
        } catch {
          /* nothing left to remove */
        }
      }
      this.draw.start()
      this.ready = true
      this.draw.setMode(this.tool ? MODE[this.tool] : 'static')
    }
    if (adapter.map.isStyleLoaded()) start()
    else adapter.map.once('load', start)
    adapter.map.on('style.load', () => {
      if (this.ready) start()
    })
    this.draw.on('finish', (id, ctx) => {
      if (this.tool === 'edit' || this.tool === null) return this.o.onChange?.()
      const f = this.draw.getSnapshotFeature(id)
      if (!f || ctx.action !== 'draw') return
      const tool = this.tool
      const geometry = geometryFromDatum(f.geometry as DrawnGeometry, this.adapter.getDatum())
      // The drawn shape now belongs to the app (saved, then drawn by deck.gl); terra-draw forgets it.
      this.draw.removeFeatures([id])
      this.draw.clearUndoRedoHistory()
      this.o.onFinish(geometry, tool)
    })
    this.draw.on('change', () => this.o.onChange?.())
    this.draw.on('history', () => this.o.onChange?.())
    this.container = adapter.map.getCanvasContainer()
    this.container.addEventListener('pointerdown', this.onPointerDown)
    this.container.addEventListener('pointermove', this.cancelPress)
    this.container.addEventListener('pointerup', this.cancelPress)
  }

  /** Nearest snap target within `px` screen pixels, in the basemap datum (what terra-draw works in). */
  private snap(e: TerraDrawMouseEvent, px: number): Position | undefined {
    const targets = this.o.snapTargets?.() ?? []
    let best: [number, number] | undefined
    let bestD = px * px
    for (const t of targets) {
      const [x, y] = this.adapter.project(t)
      const d = (x - e.containerX) ** 2 + (y - e.containerY) ** 2
      if (d < bestD) {
        bestD = d
        best = t
      }
    }
    return best ? (geometryToDatum({ type: 'Point', coordinates: best }, this.adapter.getDatum()).coordinates as Position) : undefined
  }

  /** A long press (finger held still) finishes the line or polygon being drawn, as Enter does. */
  private onPointerDown = () => {
    this.cancelPress()
    if (this.tool !== 'line' && this.tool !== 'polygon') return
    this.pressTimer = setTimeout(() => this.finish(), LONG_PRESS_MS)
  }
  private cancelPress = () => {
    if (this.pressTimer) clearTimeout(this.pressTimer)
    this.pressTimer = null
  }

  /** Start a drawing tool (clicks stop selecting while it is on). */
  start(tool: DrawTool): void {
    if (!this.ready) return
    this.clearEdit()
    this.tool = tool
    this.adapter.clicksPaused = true
    this.draw.setMode(MODE[tool])
  }

  /** Finish the line or polygon being drawn (the Enter key terra-draw listens for). */
  finish(): void {
    this.adapter.map.getCanvas().dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter', bubbles: true }))
  }

  /** Edit one shape: it is handed to terra-draw (WGS84 in) and selected so its vertices can be dragged. */
  edit(geometry: DrawnGeometry): void {
    if (!this.ready) return
    this.clearEdit()
    this.tool = 'edit'
    this.adapter.clicksPaused = true
    const id = crypto.randomUUID()
    const mode = geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'linestring' : 'polygon'
    const feature: GeoJSONStoreFeatures = { type: 'Feature', id, geometry: geometryToDatum(geometry, this.adapter.getDatum()), properties: { mode } }
    const [result] = this.draw.addFeatures([feature])
    if (result && !result.valid) throw new Error(`terra-draw refused the shape: ${result.reason ?? ''}`)
    this.editedId = id
    this.draw.setMode('select')
    this.draw.selectFeature(id)
    this.draw.clearUndoRedoHistory()
  }

  /** The edited shape as it is now, WGS84; null when nothing is being edited. */
  editedGeometry(): DrawnGeometry | null {
    if (!this.editedId) return null
    const f = this.draw.getSnapshotFeature(this.editedId)
    return f ? geometryFromDatum(f.geometry as DrawnGeometry, this.adapter.getDatum()) : null
  }

  /** Leave drawing or editing; whatever was unfinished is dropped. */
  stop(): void {
    if (!this.ready) return
    this.clearEdit()
    this.tool = null
    this.draw.setMode('static')
    this.adapter.clicksPaused = false
  }

  private clearEdit(): void {
    if (this.editedId && this.draw.hasFeature(this.editedId)) this.draw.removeFeatures([this.editedId])
    this.editedId = null
    this.draw.clearUndoRedoHistory()
  }

  get active(): DrawTool | 'edit' | null {
    return this.tool
  }
  canUndo = () => this.ready && this.draw.canUndo()
  canRedo = () => this.ready && this.draw.canRedo()
  undo = () => this.draw.undo()
  redo = () => this.draw.redo()

  private destroyed = false

  /** Idempotent: the adapter calls it before the map goes (onDestroy), and the store when another map replaces this one. */
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.cancelPress()
    this.container.removeEventListener('pointerdown', this.onPointerDown)
    this.container.removeEventListener('pointermove', this.cancelPress)
    this.container.removeEventListener('pointerup', this.cancelPress)
    if (this.ready) this.draw.stop()
  }
}

export type { Geometry }
