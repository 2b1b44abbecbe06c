/** Progress of running commits, kept in this process for the progress route. */
import type { Progress } from './commit.ts'

export const running = new Map<string, Progress & { userId: string }>()
const PROGRESS_KEPT_MS = 10 * 60 * 1000

export function setProgress(uploadId: string, userId: string, p: Progress) {
  running.set(uploadId, { ...p, userId })
  if (p.phase === 'done' || p.phase === 'failed') setTimeout(() => running.delete(uploadId), PROGRESS_KEPT_MS).unref()
}

