/** Poll the server's progress of a running commit (twice a second) while `active`. */
import { useEffect, useState } from 'react'
import { importProgress, type Progress } from './api.ts'

export function useCommitProgress(uploadId: string | null, active: boolean): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null)
  useEffect(() => {
    if (!active || !uploadId) return
    setProgress(null)
    const abort = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        setProgress(await importProgress(uploadId, abort.signal))
      } catch {
        // A missed poll is harmless: the commit's own answer is what counts.
      }
      if (!abort.signal.aborted) timer = setTimeout(() => void tick(), 500)
    }
    timer = setTimeout(() => void tick(), 200)
    return () => {
      abort.abort()
      clearTimeout(timer)
    }
  }, [uploadId, active])
  return progress
}

/** Fraction done, or null when the phase has no row count yet. */
export function progressFraction(p: Progress | null): number | null {
  if (!p || p.total <= 0) return null
  return Math.min(1, p.done / p.total)
}
