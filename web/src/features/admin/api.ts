/**
 * The admin endpoints through the query cache; request and response shapes
 * come from the shared contract.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import type { z } from 'zod'
import type { AuditEntryOut, Organisation, UserOut } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import { auditQuery, type AuditFilters } from './audit-actions.ts'

export type AuditEntry = z.infer<typeof AuditEntryOut>

/** Shapes from the shared contract (server/src/contract/users.ts). */
export type ManagedUser = UserOut
export type { Organisation }

export const adminKeys = {
  audit: (f: AuditFilters) => ['audit', f] as const,
  users: ['users'] as const,
  organisations: ['organisations'] as const,
}

/** Entries per page of the audit log. */
export const AUDIT_PAGE = 50

/** The audit log newest first, a page at a time, paging on the last id seen (`before`). */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ pageParam, signal }) => api<AuditEntry[]>(`/api/audit?${auditQuery(filters, AUDIT_PAGE, pageParam)}`, { signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < AUDIT_PAGE ? undefined : last[last.length - 1]!.id),
    // The log grows while it is read; always ask again when the viewer opens.
    staleTime: 0,
  })
}

export function useManagedUsers(enabled: boolean) {
  return useQuery({ queryKey: adminKeys.users, queryFn: () => api<ManagedUser[]>('/api/users'), enabled })
}

export function useOrganisations(enabled: boolean) {
  return useQuery({ queryKey: adminKeys.organisations, queryFn: () => api<Organisation[]>('/api/organisations'), enabled, staleTime: 5 * 60_000 })
}
