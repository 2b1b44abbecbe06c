/**
 * The household layers as a pure function of state: rebuilt on every render,
 * matched by stable ids, with updateTriggers naming exactly what changed so
 * deck.gl re-uploads only that attribute (a filter change re-uploads one float
 * per household and nothing else).
 */
import { IconLayer, ScatterplotLayer, TextLayer, type IconLayerProps } from '@deck.gl/layers'
import { DataFilterExtension } from '@deck.gl/extensions'
import type { Layer } from '@deck.gl/core'
import type { IconAtlas } from './ring-atlas.ts'
import { LABEL_FONT, NAME_LABEL } from './label-layers.ts'

export interface HouseholdLayerState {
  /** The description's id (default HOUSEHOLDS_LAYER); parts are named `id:part` so clicks route back to it. */
  id?: string
  count: number
  /** [lng, lat] pairs in the basemap's datum; NaN where unplaced. */
  positions: Float64Array
  /** Bumped when `positions` is replaced (another basemap datum, new data). */
  positionsVersion: string
  glyphKeys: string[]
  atlas: IconAtlas
  /** 1 = drawn, 0 = hidden; read on the GPU. */
  filterValues: Float32Array
  filterVersion: number
  /** Group number beside every house (printed close-ups); null where a place-label layer names each group once. */
  groupLabels: string[] | null
  nameLabels: (string | null)[] | null
  /** Labels only from zoom 17: below that they pile up and hide the rings. */
  showLabels: boolean
  /** Per household, 1 = draw its name: the decluttered placement (label-layers.ts). Absent: every name passing the filter. */
  nameFilterValues?: Float32Array
  /** Changes with `nameFilterValues`. */
  nameFilterVersion?: string
  /** Smallest ring on screen (px): smaller when zoomed out to a whole village on a phone, so rings do not pile up. */
  minPixels: number
  selected: number | null
  /** Label font; the printed sheet passes its bundled font so map labels match the sheet's text. */
  fontFamily?: string
}

/** The pickable layer's id: clicks on it open a household. */
export const HOUSEHOLDS_LAYER = 'households'

const filter = new DataFilterExtension({ filterSize: 1 })

/**
 * deck.gl's `image` props accept a canvas at runtime (it becomes a texture via
 * device.createTexture), but IconLayer's typings list only string | Texture.
 * The one cast at the map boundary, kept here and named.
 */
const textureSource = (canvas: HTMLCanvasElement) => canvas as unknown as IconLayerProps['iconAtlas']
type Idx = { index: number; target: number[] }

export function householdLayers(s: HouseholdLayerState): Layer[] {
  const id = s.id ?? HOUSEHOLDS_LAYER
  const data = { length: s.count }
  const fontFamily = s.fontFamily ?? LABEL_FONT
  const getPosition = (_: unknown, { index, target }: Idx) => {
    target[0] = s.positions[2 * index]!
    target[1] = s.positions[2 * index + 1]!
    target[2] = 0
    return target as [number, number, number]
  }
  const filterProps = {
    extensions: [filter],
    getFilterValue: (_: unknown, { index }: { index: number }) => s.filterValues[index]!,
    filterRange: [1, 1] as [number, number],
  }
  const layers: Layer[] = [
    new IconLayer<unknown>({
      id,
      data,
      iconAtlas: textureSource(s.atlas.image),
      iconMapping: s.atlas.mapping,
      getIcon: (_: unknown, { index }: { index: number }) => s.glyphKeys[index]!,
      getPosition,
      // Metres so rings grow with zoom like houses do, clamped so they stay legible and never swamp a lane.
      sizeUnits: 'meters',
      getSize: 11,
      sizeMinPixels: s.minPixels,
      sizeMaxPixels: 34,
      billboard: true,
      alphaCutoff: 0.05,
      pickable: true,
      ...filterProps,
      updateTriggers: {
        getPosition: s.positionsVersion,
        getIcon: s.positionsVersion,
        getFilterValue: s.filterVersion,
      },
    }),
  ]
  if (s.selected !== null && s.selected < s.count && !Number.isNaN(s.positions[2 * s.selected]!)) {
    layers.push(
      new ScatterplotLayer<number>({
        id: `${id}:selected`,
        data: [s.selected],
        getPosition: (i: number) => [s.positions[2 * i]!, s.positions[2 * i + 1]!],
        stroked: true,
        filled: false,
        radiusUnits: 'pixels',
        getRadius: 22,
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
        getLineColor: [21, 101, 192, 255],
        updateTriggers: { getPosition: [s.positionsVersion, s.selected] },
      }),
    )
  }
  if (s.showLabels && s.groupLabels) {
    const groupLabels = s.groupLabels
    layers.push(
      new TextLayer<unknown>({
        id: `${id}:group-labels`,
        data,
        getPosition,
        getText: (_: unknown, { index }: { index: number }) => groupLabels[index]!,
        // Top-left of the ring, where the Excel map put the group number.
        getPixelOffset: [-13, -13],
        getTextAnchor: 'end',
        getAlignmentBaseline: 'bottom',
        getSize: 12,
        getColor: [38, 50, 56, 255],
        fontFamily,
        fontWeight: 600,
        fontSettings: { sdf: true },
        outlineWidth: 4,
        outlineColor: [255, 255, 255, 230],
        characterSet: '0123456789-',
        ...filterProps,
        updateTriggers: { getPosition: s.positionsVersion, getText: s.positionsVersion, getFilterValue: s.filterVersion },
      }),
    )
  }
  if (s.showLabels) {
    if (s.nameLabels) {
      const names = s.nameLabels
      const nameFilter = s.nameFilterValues
      layers.push(
        new TextLayer<unknown>({
          id: `${id}:name-labels`,
          data,
          getPosition,
          getText: (_: unknown, { index }: { index: number }) => names[index] ?? '',
          getPixelOffset: [0, NAME_LABEL.offsetY],
          getTextAnchor: 'middle',
          getAlignmentBaseline: 'top',
          getSize: NAME_LABEL.size,
          getColor: [33, 33, 33, 255],
          fontFamily,
          fontSettings: { sdf: true },
          outlineWidth: 4,
          outlineColor: [255, 255, 255, 230],
          // Chinese names: the glyphs actually used, rasterised from local fonts (no remote glyph server).
          characterSet: 'auto',
          ...filterProps,
          ...(nameFilter ? { getFilterValue: (_: unknown, { index }: { index: number }) => nameFilter[index]! } : {}),
          updateTriggers: { getPosition: s.positionsVersion, getText: names, getFilterValue: [s.filterVersion, s.nameFilterVersion] },
        }),
      )
    }
  }
  return layers
}
