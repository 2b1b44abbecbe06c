/** Undo an import batch as a whole. */
import { conflict, notFound } from '../../plugins/errors.ts'
import type { ImportRepository } from './repository.ts'

export interface UndoOutcome {
  batchId: string
  villageCode: string
  restored: number
  deleted: number
  groupsDeleted: number[]
}

/** Put back what the batch changed, or 409 when a household was edited since. */
export async function undoBatch(repo: ImportRepository, batchId: string, userId: string | null): Promise<UndoOutcome> {
  const batch = await repo.batchForUpdate(batchId)
  if (!batch) throw notFound('import_batch_not_found')
  // Not while a commit of the same village is writing (see lockVillage).
  await repo.lockVillage(batch.villageCode)
  if (batch.status === 'undone') throw conflict('import_already_undone')
  const edited = await repo.editedSince(batchId)
  if (edited.length > 0) {
    throw conflict('import_undo_conflict', { count: edited.length, huhao: edited.slice(0, 10).join(', ') + (edited.length > 10 ? ' …' : '') }, { edited })
  }
  const { restored, deleted } = await repo.revert(batchId)
  const created = Array.isArray(batch.counts.groupsCreated) ? (batch.counts.groupsCreated as number[]) : []
  const groupsDeleted = await repo.deleteUnusedGroups(batch.villageCode, created)
  await repo.markUndone(batchId, userId)
  return { batchId, villageCode: batch.villageCode, restored, deleted, groupsDeleted }
}
