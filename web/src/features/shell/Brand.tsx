/** The top bar's left end on every view: the logo, the app's name, and where the user is (`children`). */
import type { ReactNode } from 'react'
import { useT } from '../../i18n/index.ts'

export function Brand({ children }: { children: ReactNode }) {
  const t = useT()
  return (
    <div className="brand">
      <span className="logo" aria-hidden="true">
        村
      </span>
      <div>
        <h1>{t('app.title')}</h1>
        {children}
      </div>
    </div>
  )
}
