/** Who is signed in. A 401 means "show the sign-in form"; any later 401 (session expired) re-asks. */
import { useEffect } from 'react'
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { SessionInfo } from '@cuntu/server/contract'
import { api, ApiError, csrfStore, unauthorisedStore } from '../../api/client.ts'
import { useStore } from '../../state/store.ts'

export const SESSION_KEY = ['session'] as const

export function useSession() {
  const qc = useQueryClient()
  const q = useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        return await api<SessionInfo>('/api/auth/session')
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null
        throw e
      }
    },
    staleTime: Infinity,
  })
  useEffect(() => csrfStore.set(q.data?.csrfToken ?? null), [q.data])
  const expired = useStore(unauthorisedStore)
  useEffect(() => {
    if (expired > 0) void qc.invalidateQueries({ queryKey: SESSION_KEY })
  }, [expired, qc])
  return q
}

/**
 * Switch who is signed in (null: nobody): drop every other cached record (they
 * are personal data) and set the session. Not `qc.clear()`: that would also
 * detach the mounted session observer, so the app would never see the change.
 */
export function replaceSession(qc: QueryClient, session: SessionInfo | null): void {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] })
  qc.setQueryData(SESSION_KEY, session)
}

/** Names are shown (labels, search, names=1) only where the role and scope allow it. */
export function mayNameVillage(s: SessionInfo | null | undefined, village: string | null): boolean {
  if (!s || !village) return false
  // Roles with named access read every village in scope; a supervisor only those broken into (namedVillages).
  if (s.abilities.namedRecords) return s.namedVillages === '*' || s.namedVillages.includes(village)
  return s.namedVillages !== '*' && s.namedVillages.includes(village)
}
