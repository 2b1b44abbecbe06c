/** A feature's change log: who changed what when, with restore of any earlier version. */
import { useQuery } from '@tanstack/react-query'
import type { ChangeEntry, DrawnFeature } from '@cuntu/server/contract'
import { api } from '../../api/client.ts'
import { useT } from '../../i18n/index.ts'
import { drawKeys } from './api.ts'

export function FeatureHistory({ feature, mayEdit, onRestored, onError }: { feature: DrawnFeature; mayEdit: boolean; onRestored: () => void; onError: (m: string) => void }) {
  const t = useT()
  const q = useQuery({
    queryKey: [...drawKeys.history(feature.id), feature.version],
    queryFn: async () => (await api<{ entries: ChangeEntry[] }>(`/api/features/${feature.id}/history`)).entries,
  })
  return (
    <details className="draw-history" data-testid="feature-history">
      <summary>{t('draw.history')}</summary>
      <ol>
        {(q.data ?? []).map((e) => (
          <li key={e.id} data-testid="history-entry">
            <span>
              v{e.version} · {t(`draw.action.${e.action}`)} · {e.username ?? '—'} · {new Date(e.at).toLocaleString()}
              {e.after && typeof e.after.name === 'string' && e.after.name ? ` · ${e.after.name}` : ''}
            </span>
            {mayEdit && e.version < feature.version && e.after && (
              <button
                type="button" data-testid="history-restore"
                onClick={async () => {
                  try {
                    await api(`/api/features/${feature.id}/history/${e.id}/restore`, { method: 'POST', body: { version: feature.version } })
                    onRestored()
                  } catch (err) {
                    onError(err instanceof Error ? err.message : String(err))
                  }
                }}
              >
                {t('draw.restore')}
              </button>
            )}
          </li>
        ))}
      </ol>
    </details>
  )
}
