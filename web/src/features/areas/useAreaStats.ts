/** Stats for an area and its child areas under the URL's filters (GET /api/areas/:code/stats), kept while the next filter loads. */
import { useQuery } from '@tanstack/react-query'
import type { AreaStats } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import type { Filters } from '../../state/url-state.ts'
import { facetSearch } from './facet-filter.ts'

export function useAreaStats(code: string | null, filters: Filters) {
  const search = facetSearch(filters)
  return useQuery({
    queryKey: ['area-stats', code ?? '', search],
    queryFn: ({ signal }) => api<AreaStats>(`/api/areas/${code}/stats${search}`, { signal }),
    enabled: !!code,
    placeholderData: (prev) => prev,
    staleTime: 10_000,
  })
}
