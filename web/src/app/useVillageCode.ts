/** The village to show: the URL's, else the first village in the area tree (the demo on a fresh install). */
import { useEffect } from 'react'
import type { AreaNode } from '@cuntu/server/contract'
import { useAreaTree } from '../api/queries.ts'
import { patchUrlState, useUrlState } from '../state/url-store.ts'

function firstVillage(nodes: AreaNode[]): string | null {
  for (const n of nodes) {
    if (n.level === 'village') return n.code
    const inner = firstVillage(n.children)
    if (inner) return inner
  }
  return null
}

export function useVillageCode(): { code: string | null; none: boolean; error: Error | null } {
  const { village } = useUrlState()
  const tree = useAreaTree()
  const fallback = tree.data ? firstVillage(tree.data) : null
  useEffect(() => {
    if (!village && fallback) patchUrlState({ village: fallback })
  }, [village, fallback])
  return { code: village ?? fallback, none: !village && !!tree.data && !fallback, error: village ? null : tree.error }
}
