import { useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client.ts'
import { useT } from '../../i18n/index.ts'
import { replaceSession } from './session.ts'

/** End this session and drop every cached record (they are personal data). */
export function SignOut() {
  const t = useT()
  const qc = useQueryClient()
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await api('/api/auth/logout', { method: 'POST' })
        } finally {
          replaceSession(qc, null)
        }
      }}
    >
      {t('login.signOut')}
    </button>
  )
}
