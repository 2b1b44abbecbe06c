/** The spatial facet's answer from the server (ids, counts, the buffer to draw), cached per question. */
import { useMemo } from 'react'
import { useQuery } from '@tanstack/react-query'
import type { SpatialAnswer } from '@cuntu/server/contract'
import type { HighlightLayer } from '../../map/layers.ts'
import type { SpatialFacet } from '../../state/url-state.ts'
import { api } from '../../api/client.ts'

/** The API query string of a spatial facet. */
export const spatialQuery = (s: SpatialFacet) => (s.type === 'near' ? `near=${s.feature}&metres=${s.metres}` : `far=${s.kind}&metres=${s.metres}`)

export function useSpatialAnswer(village: string | null, facet: SpatialFacet | undefined) {
  const q = useQuery({
    queryKey: ['spatial', village ?? '', facet ? spatialQuery(facet) : ''],
    queryFn: () => api<SpatialAnswer>(`/api/villages/${village}/spatial?${spatialQuery(facet!)}`),
    enabled: !!village && !!facet,
  })
  const data = facet ? q.data : undefined
  const ids = useMemo(() => (data ? new Set(data.householdIds) : null), [data])
  // While the answer loads, nothing passes: a question never shows the unfiltered village as its answer.
  const within = facet ? (ids ?? EMPTY) : null
  const layers = useMemo((): HighlightLayer[] => {
    const area = data?.area as HighlightLayer['geometries'][number] | null | undefined
    return area ? [{ type: 'highlight', id: 'spatial-area', geometries: [area], colour: '#1565c0', fill: 0.08 }] : []
  }, [data])
  return { answer: data ?? null, within, layers, error: q.error }
}
const EMPTY: ReadonlySet<string> = new Set()
