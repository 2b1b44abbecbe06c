/** Problems with their sheet, row and column, filterable by severity. Messages are text, never HTML. */
import { useState } from 'react'
import type { ImportIssue } from '@cuntu/server/contract'
import { useLang, useT } from '../../i18n/index.ts'
import { countBySeverity, filterIssues, issueMessage, issuePlace, type SeverityFilter } from './issues.ts'

export function IssueList({ issues, total, testId }: { issues: readonly ImportIssue[]; total: number; testId: string }) {
  const t = useT()
  const lang = useLang()
  const [severity, setSeverity] = useState<SeverityFilter>('all')
  if (issues.length === 0) return <p className="muted" data-testid={testId}>{t('import.noIssues')}</p>
  const n = countBySeverity(issues)
  const shown = filterIssues(issues, severity)
  const label: Record<SeverityFilter, string> = {
    all: t('import.sevAll', { n: issues.length }),
    error: t('import.sevError', { n: n.error }),
    warning: t('import.sevWarning', { n: n.warning }),
  }
  return (
    <div data-testid={testId}>
      <div className="segmented" role="radiogroup">
        {(['all', 'error', 'warning'] as const).map((v) => (
          <label key={v} className={severity === v ? 'on' : ''} data-testid={`${testId}-${v}`}>
            <input type="radio" name={`${testId}-severity`} checked={severity === v} onChange={() => setSeverity(v)} />
            {label[v]}
          </label>
        ))}
      </div>
      {total > issues.length && <p className="muted small">{t('import.issuesMore', { shown: issues.length, total })}</p>}
      <ul className="issues">
        {shown.map((i, k) => (
          <li key={k} className={`issue issue-${i.severity}`} data-testid="issue">
            <span className={`sev ${i.severity}`}>{t(i.severity === 'error' ? 'import.error' : 'import.warning')}</span>
            <span className="place">{issuePlace(i, lang)}</span>
            <span className="msg">{issueMessage(i, lang)}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
