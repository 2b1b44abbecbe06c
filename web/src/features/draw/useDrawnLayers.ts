/**
 * The drawn maps of a village as layer descriptions for the map (WGS84):
 * base sketches at the bottom, then asset and need maps, each map's layers by
 * position; hidden layers left out, locked ones not pickable. Also counts per
 * kind for the legend and keeps the snap targets fresh.
 */
import { useMemo } from 'react'
import { useQueries } from '@tanstack/react-query'
import type { DrawnFeature, FeatureKind, VillageMap } from '@cuntu/server/contract'
import type { ShapesLayer } from '../../map/layers.ts'
import type { SketchFeature } from '../../map/sketch-style.ts'
import { api } from '../../api/client.ts'
import { drawKeys } from './api.ts'
import { snapTargets } from './store.ts'

const PURPOSE_ORDER = { base: 0, other: 1, asset: 2, need: 3 } as const

export interface DrawnMaps {
  layers: ShapesLayer[]
  /** Every loaded feature by id (for the panel). */
  byId: Map<string, DrawnFeature>
  /** Visible features per kind code. */
  counts: Map<string, number>
  /**
   * The base sketch: the visible features of the village's base maps, for the sketch basemap. Null when the
   * village has no base map; undefined while the maps load.
   */
  sketch: SketchFeature[] | null | undefined
}

/**
 * `households`: flat [lng, lat, …] WGS84 (NaN unplaced), also snapped to. `sketchAsBasemap`: the base maps are
 * drawn as the basemap, so they are left out of the layers (counted in the legend all the same).
 */
export function useDrawnLayers(
  maps: VillageMap[] | undefined,
  kinds: FeatureKind[] | undefined,
  selectedId: string | null,
  households?: Float64Array,
  sketchAsBasemap = false,
): DrawnMaps {
  const ordered = useMemo(() => [...(maps ?? [])].sort((a, b) => PURPOSE_ORDER[a.purpose] - PURPOSE_ORDER[b.purpose]), [maps])
  const results = useQueries({
    queries: ordered.map((m) => ({
      queryKey: drawKeys.features(m.id),
      queryFn: async () => (await api<{ features: DrawnFeature[] }>(`/api/maps/${m.id}/features`)).features,
    })),
  })
  const data = results.map((r) => r.data)
  const dataKey = results.map((r) => r.dataUpdatedAt).join(',')
  // Its own memo: a new sketch restyles the basemap, so it changes only with the base maps' data, not the selection.
  const sketch = useMemo((): SketchFeature[] | null | undefined => {
    if (maps === undefined) return undefined
    if (!ordered.some((m) => m.purpose === 'base')) return null
    const colour = new Map((kinds ?? []).map((k) => [k.code, k.colour]))
    const out: SketchFeature[] = []
    ordered.forEach((m, i) => {
      if (m.purpose !== 'base') return
      const visible = new Set(m.layers.filter((l) => l.visible).map((l) => l.id))
      for (const f of data[i] ?? []) if (visible.has(f.layerId)) out.push({ kind: f.kind, name: f.name, geometry: f.geometry, colour: colour.get(f.kind) ?? '#607d8b' })
    })
    return out
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ordered, kinds, dataKey, maps === undefined])
  return useMemo(() => {
    const colour = new Map((kinds ?? []).map((k) => [k.code, k.colour]))
    const byId = new Map<string, DrawnFeature>()
    const counts = new Map<string, number>()
    const layers: ShapesLayer[] = []
    const snaps: [number, number][] = []
    if (households) for (let i = 0; i < households.length; i += 2) if (!Number.isNaN(households[i]!)) snaps.push([households[i]!, households[i + 1]!])
    ordered.forEach((m, i) => {
      const features = data[i] ?? []
      for (const f of features) byId.set(f.id, f)
      for (const l of [...m.layers].sort((a, b) => a.position - b.position)) {
        if (!l.visible) continue
        const own = features.filter((f) => f.layerId === l.id)
        for (const f of own) {
          counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1)
          const g = f.geometry
          const ring = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.coordinates.flat()
          for (const p of ring) snaps.push([p[0]!, p[1]!])
        }
        if (m.purpose === 'base' && sketchAsBasemap) continue
        layers.push({
          type: 'shapes',
          id: `layer-${l.id}`,
          shapes: own.map((f) => ({ id: f.id, geometry: f.geometry, colour: colour.get(f.kind) ?? '#607d8b', label: f.name })),
          opacity: l.opacity,
          selectedId,
          pickable: !l.locked,
          pick: (index) => (own[index] ? { kind: 'feature', id: own[index].id } : null),
        })
      }
    })
    snapTargets.current = snaps
    return { layers, byId, counts, sketch }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ordered, kinds, selectedId, dataKey, households, sketchAsBasemap, sketch])
}
