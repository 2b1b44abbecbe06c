/** A labelled progress bar; without a fraction it is indeterminate (the server is working, we cannot say how far). */
export function ProgressBar({ fraction, label, testId }: { fraction: number | null; label: string; testId?: string }) {
  const pct = fraction === null ? null : Math.round(Math.max(0, Math.min(1, fraction)) * 100)
  return (
    <div className="progress" data-testid={testId}>
      <div
        className={`progress-track${pct === null ? ' indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      <span className="progress-label" aria-live="polite">
        {label}
      </span>
    </div>
  )
}
