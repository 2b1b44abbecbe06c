/**
 * Ending the session from the client side after the server has ended it
 * (password changed, signed out everywhere): drop every cached record (they
 * are personal data) and leave a notice for the sign-in form to show.
 */
import type { QueryClient } from '@tanstack/react-query'
import { createStore, useStore } from '../../state/store.ts'
import { replaceSession } from '../auth/session.ts'

/** What the sign-in form says once, after being signed out on purpose. Already translated. */
export const signedOutNotice = createStore<string | null>(null)
export const useSignedOutNotice = () => useStore(signedOutNotice)

export function signedOut(qc: QueryClient, notice: string): void {
  signedOutNotice.set(notice)
  replaceSession(qc, null)
}
