/** Step 3: the dry run: what would be created, updated, left or skipped, and every problem; then the commit with progress. */
import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import type { ImportPlanBody } from '@cuntu/server/contract'
import { useLang, useT } from '../../i18n/index.ts'
import { dispatch, startCommit, useFlow } from './actions.ts'
import { IssueList } from './IssueList.tsx'
import { issueMessage } from './issues.ts'
import { ProgressBar } from './ProgressBar.tsx'
import { FitSection } from './FitSection.tsx'
import { progressFraction, useCommitProgress } from './useCommitProgress.ts'

type Action = ImportPlanBody['households'][number]['action']
const ACTIONS: readonly Action[] = ['create', 'update', 'unchanged', 'skip']
const LIST_LIMIT = 200

/** Changes that are not archive columns (the plan names them by these codes). */
const CHANGE_KEYS = {
  location: 'import.change.location',
  mapCell: 'import.change.mapCell',
  members: 'import.change.members',
  categories: 'import.change.categories',
  memberCategories: 'import.change.memberCategories',
  status: 'import.change.status',
} as const

export function PlanCounts({ counts }: { counts: ImportPlanBody['counts'] }) {
  const t = useT()
  return (
    <div className="plan-counts">
      {ACTIONS.map((a) => (
        <div key={a} className={`plan-count ${a}`}>
          <span className="n" data-testid={`plan-count-${a}`}>
            {counts[a]}
          </span>
          <span className="label">{t(`import.plan.${a}`)}</span>
        </div>
      ))}
    </div>
  )
}

export function PlanStep() {
  const t = useT()
  const qc = useQueryClient()
  const s = useFlow()
  const plan = s.plan!
  const committing = s.busy === 'commit'
  const progress = useCommitProgress(s.preview?.uploadId ?? null, committing)
  const [action, setAction] = useState<Action | 'all'>('all')
  const listed = plan.households.filter((h) => action === 'all' || h.action === action)
  const c = plan.counts
  const lang = useLang()
  // Signs that the workbook belongs to another village: shown on top, and the commit waits for a confirmation.
  const mismatch = plan.villageMismatch ?? []
  const [confirmed, setConfirmed] = useState(false)
  // Reasons are issue codes and changes are field names: say them in words.
  const reasonText = (code: string, row: number | null) => {
    const i = plan.issues.find((x) => x.code === code && x.row === row) ?? plan.issues.find((x) => x.code === code)
    return i ? issueMessage(i, lang) : code
  }
  const fieldText = (field: string) => {
    const f = s.preview?.fields.find((x) => x.field === field)
    if (f) return lang === 'zh-CN' ? f.labelZh : f.labelEn
    return field in CHANGE_KEYS ? t(CHANGE_KEYS[field as keyof typeof CHANGE_KEYS]) : field
  }

  return (
    <div className="import-step" data-testid="import-plan">
      <PlanCounts counts={c} />
      <p className="muted">
        {t('import.plan.members', { n: c.members })}
        {c.groupsCreated.length > 0 && <> · {t('import.plan.groups', { groups: c.groupsCreated.join('、') })}</>}
        {(c.positions.fromFile > 0 || c.positions.fromCellMap > 0 || c.positions.fromControlPoints > 0) && (
          <> · {t('import.plan.positions', { file: c.positions.fromFile, map: c.positions.fromCellMap, cp: c.positions.fromControlPoints })}</>
        )}
      </p>

      {plan.fit && <FitSection fit={plan.fit} />}

      <section>
        <h3>{t('import.issues')}</h3>
        <IssueList issues={plan.issues} total={plan.issuesTotal} testId="plan-issues" />
      </section>

      <section>
        <div className="section-head">
          <h3>{t('import.plan.list')}</h3>
          <select value={action} onChange={(e) => setAction(e.target.value as Action | 'all')} aria-label={t('import.plan.list')}>
            <option value="all">{t('import.plan.allActions')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`import.plan.${a}`)} ({c[a]})
              </option>
            ))}
          </select>
        </div>
        <ul className="plan-list">
          {listed.slice(0, LIST_LIMIT).map((h, i) => (
            <li key={`${h.huhao}-${h.row}-${i}`} className={h.action}>
              <span className={`badge ${h.action}`}>{t(`import.plan.${h.action}`)}</span>
              <span className="mono">{h.huhao ?? t('import.hh.noHuhao')}</span>
              {h.row !== null && <span className="muted small">{t('import.plan.row', { row: h.row })}</span>}
              {h.action !== 'skip' && (
                <span className="muted small">
                  {h.group !== null && `${t('filters.groupN', { n: h.group })} · `}
                  {t('import.plan.people', { n: h.members })}
                </span>
              )}
              {h.changes.length > 0 && <span className="small">{t('import.plan.changes', { fields: h.changes.map(fieldText).join('、') })}</span>}
              {h.reasons.length > 0 && (
                <span className="small skip-reason">{t('import.plan.reasons', { reasons: h.reasons.map((r) => reasonText(r, h.row)).join('；') })}</span>
              )}
            </li>
          ))}
        </ul>
        {listed.length > LIST_LIMIT && <p className="muted small">{t('import.plan.more', { n: listed.length - LIST_LIMIT })}</p>}
      </section>

      {mismatch.length > 0 && (
        <div role="alert" className="village-mismatch" data-testid="village-mismatch">
          <strong>{t('import.mismatch.title')}</strong>
          <ul>
            {plan.issues.filter((i) => mismatch.includes(i.code as (typeof mismatch)[number])).map((i) => (
              <li key={i.code}>{issueMessage(i, lang)}</li>
            ))}
          </ul>
          <label className="check">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="confirm-village-mismatch" />
            {t('import.mismatch.confirm')}
          </label>
        </div>
      )}
      {s.planStale && <p className="warn-text">{t('import.plan.stale')}</p>}
      {committing && (
        <ProgressBar
          testId="commit-progress"
          fraction={progressFraction(progress)}
          label={`${t('import.committing')} ${t(`import.phase.${progress?.phase ?? 'idle'}`)}${progress && progress.total > 0 ? ` ${progress.done} / ${progress.total}` : ''}`}
        />
      )}
      <div className="actions sticky-actions">
        <button type="button" onClick={() => dispatch({ type: 'back' })} disabled={committing}>
          {t('import.back')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={committing || s.planStale || c.create + c.update + c.unchanged === 0 || (mismatch.length > 0 && !confirmed)}
          onClick={() => void startCommit(qc, t('import.networkError'), mismatch.length > 0 ? { confirmVillageMismatch: confirmed } : {})}
          data-testid="import-commit"
        >
          {t('import.commit')}
        </button>
        <small className="muted">{t('import.commitHelp')}</small>
      </div>
    </div>
  )
}
