/** A failure in the user's language (text only, never HTML), with an optional way out. */
export function ErrorBox({ message, onDismiss, dismissLabel }: { message: string; onDismiss?: () => void; dismissLabel?: string }) {
  return (
    <div className="import-error" role="alert" data-testid="import-error">
      <span className="grow">{message}</span>
      {onDismiss && (
        <button type="button" className="icon" onClick={onDismiss} aria-label={dismissLabel}>
          ×
        </button>
      )}
    </div>
  )
}
