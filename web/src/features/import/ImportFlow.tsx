/** The import steps: a numbered strip on top, the current step below, errors in the user's language. */
import { useEffect } from 'react'
import { useT } from '../../i18n/index.ts'
import { dispatch, useFlow } from './actions.ts'
import { STEPS, stepIndex } from './flow.ts'
import { ChooseStep } from './ChooseStep.tsx'
import { PreviewStep } from './PreviewStep.tsx'
import { PlanStep } from './PlanStep.tsx'
import { DoneStep } from './DoneStep.tsx'
import { ErrorBox } from './ErrorBox.tsx'

export function ImportFlow({ village, onClose }: { village: string; onClose: () => void }) {
  const t = useT()
  const s = useFlow()
  // An upload belongs to the village it was made for: switching village starts afresh.
  const other = s.preview && s.preview.villageCode !== village
  useEffect(() => {
    if (other && !s.busy) dispatch({ type: 'reset' })
  }, [other, s.busy])
  const current = stepIndex(s.step)
  return (
    <div className="import-flow">
      <ol className="stepper" aria-label={t('import.tabImport')}>
        {STEPS.map((step, i) => (
          <li key={step} className={i === current ? 'on' : i < current ? 'past' : ''} aria-current={i === current ? 'step' : undefined}>
            <span className="step-n">{i + 1}</span>
            {t(`import.step.${step}`)}
          </li>
        ))}
      </ol>
      {s.error && s.error.code !== 'aborted' && (
        <ErrorBox message={s.error.message} onDismiss={() => dispatch({ type: 'dismissError' })} dismissLabel={t('card.close')} />
      )}
      {s.step === 'choose' && <ChooseStep village={village} />}
      {s.step === 'preview' && s.preview && <PreviewStep />}
      {s.step === 'plan' && s.plan && <PlanStep />}
      {s.step === 'done' && s.result && <DoneStep onClose={onClose} />}
    </div>
  )
}
