/** Server data through the query cache, one hook per resource. Keys include the language where messages depend on it. */
import { useQuery } from '@tanstack/react-query'
import type { AreaDetail, AreaNode, Category, Household, HouseholdCollection, SearchHit } from '@cuntu/server/contract'
import { byPriority } from '@cuntu/domain'
import { api } from './client.ts'

export const keys = {
  categories: ['categories'] as const,
  areas: ['areas'] as const,
  area: (code: string) => ['area', code] as const,
  households: (village: string, names: boolean) => ['households', village, names] as const,
  household: (id: string) => ['household', id] as const,
  search: (village: string, q: string) => ['search', village, q] as const,
}

export function useCategories() {
  return useQuery({
    queryKey: keys.categories,
    queryFn: async () => (await api<Category[]>('/api/categories')).sort(byPriority),
    staleTime: Infinity,
  })
}

export function useAreaTree() {
  return useQuery({ queryKey: keys.areas, queryFn: () => api<AreaNode[]>('/api/areas'), staleTime: 5 * 60_000 })
}

export function useArea(code: string | null) {
  return useQuery({ queryKey: keys.area(code ?? ''), queryFn: () => api<AreaDetail>(`/api/areas/${code}`), enabled: !!code })
}

/**
 * The village's households, loaded once without filters: filtering happens on
 * the client and the GPU. Names are requested only when the worker turns them on.
 */
/** `wait`: not yet (a large village's tiles go first: the embedded database answers one query at a time). */
export function useHouseholds(village: string | null, names: boolean, wait = false) {
  return useQuery({
    queryKey: keys.households(village ?? '', names),
    queryFn: ({ signal }) => api<HouseholdCollection>(`/api/villages/${village}/households${names ? '?names=1' : ''}`, { signal }),
    enabled: !!village && !wait,
    staleTime: 60_000,
    placeholderData: (prev) => prev,
  })
}

export function useHousehold(id: string | null) {
  return useQuery({ queryKey: keys.household(id ?? ''), queryFn: () => api<Household>(`/api/households/${id}`), enabled: !!id })
}

export function useSearch(village: string | null, q: string) {
  const term = q.trim()
  return useQuery({
    queryKey: keys.search(village ?? '', term),
    queryFn: ({ signal }) => api<SearchHit[]>(`/api/villages/${village}/search`, { method: 'POST', body: { q: term }, signal }),
    enabled: !!village && term.length >= 1 && term.length <= 40,
    staleTime: 30_000,
  })
}
