/** The print routes: record a print (authorises and audits it, saves the snapshot), list and fetch snapshots. */
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { PrintRequest, PrintSnapshot } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'

export const printKeys = { list: (village: string) => ['prints', village] as const }

export const recordPrint = (village: string, body: PrintRequest) => api<PrintSnapshot>(`/api/villages/${village}/prints`, { method: 'POST', body })
export const fetchSnapshot = (id: string) => api<PrintSnapshot>(`/api/prints/${id}`)

export function useSnapshots(village: string) {
  return useQuery({ queryKey: printKeys.list(village), queryFn: () => api<PrintSnapshot[]>(`/api/villages/${village}/prints`) })
}

export function useInvalidateSnapshots() {
  const qc = useQueryClient()
  return (village: string) => qc.invalidateQueries({ queryKey: printKeys.list(village) })
}
