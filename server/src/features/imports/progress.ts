/**
 * Progress of running commits, kept in this process for the progress route.
 * Keyed by upload and owner: a commit attempt by someone who cannot see the
 * upload must not overwrite (or read) its owner's progress, and entries are made
 * only once the upload has been found for the caller, so made-up ids leave nothing.
 */
import type { Progress } from './commit.ts'

type Entry = Progress & { userId: string }
const running = new Map<string, Entry>()
const PROGRESS_KEPT_MS = 10 * 60 * 1000

const keyOf = (uploadId: string, userId: string) => `${uploadId}:${userId}`

export function setProgress(uploadId: string, userId: string, p: Progress) {
  const key = keyOf(uploadId, userId)
  running.set(key, { ...p, userId })
  if (p.phase === 'done' || p.phase === 'failed') {
    setTimeout(() => {
      if (running.get(key)?.phase === p.phase) running.delete(key)
    }, PROGRESS_KEPT_MS).unref()
  }
}

/** This user's progress on this upload, if they have a commit running or just finished. */
export function progressOf(uploadId: string, userId: string): Progress | undefined {
  const e = running.get(keyOf(uploadId, userId))
  return e ? { phase: e.phase, done: e.done, total: e.total } : undefined
}

/** How many entries are kept (for tests: made-up uploads must add none). */
export const progressEntries = () => running.size
