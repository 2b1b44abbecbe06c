/**
 * A printed map's frame on its basemap. The print sheet works in WGS84 and on
 * paper; the basemap may be drawn in another datum (GCJ-02 for AMap/Gaode).
 * The frame takes the sheet's WGS84 box and positions and answers in what a
 * sheet needs (a scale, a latitude for it, offsets in CSS pixels), shifting
 * into the basemap's datum here, at the map's edge, so a house sits on the
 * same roof on paper as on screen. No map engine here.
 */
import type { Wgs84LngLat } from '@cuntu/domain/coords.ts'
import { bboxCentre, fitDenominator, project, viewBbox } from '../features/print/geometry.ts'
import { bboxToDatum, toDatum, type Datum } from './datum-edge.ts'

/** [west, south, east, north], WGS84 degrees. */
export type Wgs84Bbox = [number, number, number, number]

export interface SheetFrame {
  datum: Datum
  /** The box's Web-Mercator centre in the basemap's datum: where the off-screen map centres (offscreen.ts). */
  readonly centre: [number, number]
  /** Latitude of that centre, degrees: what the map's scale is measured at. */
  readonly lat: number
  /** The scale denominator (1:N) that fits the box into `cssW` × `cssH` CSS pixels with `pad` (0–1) spare. */
  fit(cssW: number, cssH: number, pad?: number): number
  /** CSS pixels from the map's centre, at `zoom`, of a WGS84 position (x east, y down). */
  offsetPx(p: Wgs84LngLat, zoom: number): [number, number]
  /** The same for the mean of WGS84 positions, taken where the basemap draws them. */
  meanOffsetPx(points: Iterable<Wgs84LngLat>, zoom: number): [number, number] | null
  /**
   * What a `cssW` × `cssH` map around this frame's centre at `zoom` shows, as
   * seen on `other`'s map at `otherZoom` (an overview inset): its north-west and
   * south-east corners, CSS pixels from `other`'s centre, [x0, y0, x1, y1].
   */
  viewOn(other: SheetFrame, zoom: number, cssW: number, cssH: number, otherZoom: number): [number, number, number, number]
}

export function sheetFrame(bbox: Wgs84Bbox, datum: Datum): SheetFrame {
  const box = bboxToDatum(bbox, datum)
  const centre = bboxCentre(box)
  const fromCentre = (q: [number, number], zoom: number): [number, number] => {
    const [x, y] = project(q, zoom)
    const [cx, cy] = project(centre, zoom)
    return [x - cx, y - cy]
  }
  return {
    datum,
    centre,
    lat: centre[1],
    fit: (cssW, cssH, pad) => fitDenominator(box, cssW, cssH, pad),
    offsetPx: (p, zoom) => fromCentre(toDatum(p, datum), zoom),
    meanOffsetPx: (points, zoom) => {
      let sx = 0
      let sy = 0
      let n = 0
      for (const p of points) {
        const [x, y] = toDatum(p, datum)
        sx += x
        sy += y
        n++
      }
      return n === 0 ? null : fromCentre([sx / n, sy / n], zoom)
    },
    viewOn: (other, zoom, cssW, cssH, otherZoom) => {
      const shown = viewBbox(centre, zoom, cssW, cssH)
      const [ocx, ocy] = project(other.centre, otherZoom)
      const [x0, y0] = project([shown[0], shown[3]], otherZoom)
      const [x1, y1] = project([shown[2], shown[1]], otherZoom)
      return [x0 - ocx, y0 - ocy, x1 - ocx, y1 - ocy]
    },
  }
}
