/**
 * A visible "已保存" after any save on the card (fields, categories, members): before this a saved edit only
 * closed the form, and a worker could not tell it had gone through. `storeSaved` marks the household; the card
 * shows the notice for a few seconds (role=status, so a screen reader announces it too).
 */
import { useEffect, useState } from 'react'
import { useQuery, type QueryClient } from '@tanstack/react-query'
import { useT } from '../../i18n/index.ts'

const SHOWN_MS = 4000
const savedKey = (id: string) => ['card-saved', id] as const

/** Note that household `id` was just saved (called by storeSaved). */
export function markSaved(qc: QueryClient, id: string) {
  qc.setQueryData(savedKey(id), Date.now())
}

export function SavedNotice({ id }: { id: string }) {
  const t = useT()
  // A client-side flag kept in the query cache: never fetched, only set by markSaved.
  const { data: at } = useQuery({ queryKey: savedKey(id), queryFn: () => 0, enabled: false, staleTime: Infinity })
  const [, rerender] = useState(0)
  useEffect(() => {
    if (!at) return
    const left = at + SHOWN_MS - Date.now()
    if (left <= 0) return
    const timer = setTimeout(() => rerender((n) => n + 1), left)
    return () => clearTimeout(timer)
  }, [at])
  if (!at || Date.now() - at > SHOWN_MS) return null
  return (
    <p role="status" className="saved-notice" data-testid="card-saved">
      ✓ {t('card.saved')}
    </p>
  )
}
