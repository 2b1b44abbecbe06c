/** Drawn maps through the query cache: kinds, a village's maps, a map's features; writes invalidate what they change. */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { DrawnFeature, FeatureKind, VillageMap } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'

export const drawKeys = {
  kinds: ['feature-kinds'] as const,
  maps: (village: string) => ['maps', village] as const,
  features: (mapId: string) => ['map-features', mapId] as const,
  deleted: (mapId: string) => ['map-features-deleted', mapId] as const,
  history: (id: string) => ['feature-history', id] as const,
  photos: (id: string) => ['feature-photos', id] as const,
}

export function useFeatureKinds() {
  return useQuery({ queryKey: drawKeys.kinds, queryFn: () => api<FeatureKind[]>('/api/feature-kinds'), staleTime: Infinity })
}

export function useVillageMaps(village: string | null) {
  return useQuery({ queryKey: drawKeys.maps(village ?? ''), queryFn: () => api<VillageMap[]>(`/api/villages/${village}/maps`), enabled: !!village })
}

export function useMapFeatures(mapId: string) {
  return useQuery({
    queryKey: drawKeys.features(mapId),
    queryFn: async () => (await api<{ features: DrawnFeature[] }>(`/api/maps/${mapId}/features`)).features,
  })
}

export function useDeletedFeatures(mapId: string | null) {
  return useQuery({
    queryKey: drawKeys.deleted(mapId ?? ''),
    queryFn: async () => (await api<{ features: DrawnFeature[] }>(`/api/maps/${mapId}/features?deleted=1`)).features,
    enabled: !!mapId,
  })
}

/** Refetch everything a change to a map can touch. */
export function useRefreshMaps(village: string) {
  const qc = useQueryClient()
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: drawKeys.maps(village) }),
      qc.invalidateQueries({ queryKey: ['map-features'] }),
      qc.invalidateQueries({ queryKey: ['map-features-deleted'] }),
      qc.invalidateQueries({ queryKey: ['feature-history'] }),
    ])
}
