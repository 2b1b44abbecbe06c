/** Saving an edit with the version check; a 409 becomes a conflict the worker resolves (keep mine / take theirs). */
import { useState } from 'react'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { Household } from '@cuntu/server/contract'
import { ApiError } from '../../api/client.ts'
import { keys } from '../../api/queries.ts'
import { conflictRows, editedFields, type FieldConflict } from './diff.ts'
import { markSaved } from './SavedNotice.tsx'

type Rec = Record<string, unknown>

export type SaveState =
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'conflict'; rows: FieldConflict[]; mine: Rec; current: Household; theirs: Rec }
  | { kind: 'error'; message: string }

export interface CardSaveOptions {
  fields: readonly string[]
  base: Rec & { version: number }
  /** Send the changed fields with the version they were based on; resolves to the saved household. */
  send: (patch: Rec, version: number) => Promise<Household>
  /** The record being edited, as it is in a (newer) household; null if it is gone. */
  theirsOf: (current: Household) => (Rec & { version: number }) | null
  onSaved: (h: Household) => void
  errorText: (e: unknown) => string
}

/** A saved household: the card shows it at once; the map, legend and counts refresh in the background (status, group or categories may have changed). */
export function storeSaved(qc: QueryClient, h: Household) {
  qc.setQueryData(keys.household(h.id), h)
  markSaved(qc, h.id)
  void qc.invalidateQueries({ queryKey: ['households'] })
  void qc.invalidateQueries({ queryKey: ['stats'] })
}

export function useCardSave(o: CardSaveOptions) {
  const qc = useQueryClient()
  const [state, setState] = useState<SaveState>({ kind: 'editing' })

  const settle = (h: Household) => {
    storeSaved(qc, h)
    o.onSaved(h)
  }

  async function attempt(mine: Rec, patch: Rec, version: number) {
    setState({ kind: 'saving' })
    try {
      settle(await o.send(patch, version))
    } catch (e) {
      const current = e instanceof ApiError && e.status === 409 ? (e.body as { current?: Household } | null)?.current : undefined
      if (current) {
        const theirs = o.theirsOf(current) ?? {}
        setState({ kind: 'conflict', rows: conflictRows(o.fields, o.base, mine, theirs), mine, current, theirs })
      } else setState({ kind: 'error', message: o.errorText(e) })
    }
  }

  return {
    state,
    save: (mine: Rec) => attempt(mine, editedFields(o.fields, o.base, mine), o.base.version),
    keepMine: () => {
      if (state.kind !== 'conflict') return
      const theirs = o.theirsOf(state.current)
      if (!theirs) return settle(state.current)
      return attempt(state.mine, editedFields(o.fields, o.base, state.mine), theirs.version)
    },
    takeTheirs: () => {
      if (state.kind === 'conflict') settle(state.current)
    },
    retry: () => setState({ kind: 'editing' }),
  }
}
