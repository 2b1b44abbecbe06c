/**
 * The commit: apply a plan in the caller's transaction (any failure rolls
 * everything back). `commitImport` is the one path the HTTP route and the
 * command-line importer share: plan against the village now, write, audit.
 */
import { randomUUID } from 'node:crypto'
import { runScoped, type Database, type DataScope } from '@cuntu/db'
import type { ImportOptions } from '../../contract/index.ts'
import { AppError, notFound } from '../../plugins/errors.ts'
import { recordAudit, type AuditActor } from '../../plugins/access/audit.ts'
import {
  importRepository,
  type ChangeRow,
  type HouseholdSnapshot,
  type HouseholdUpdateRow,
  type ImportRepository,
  type MemberCategoryRow,
  type NewHouseholdCategoryRow,
  type NewHouseholdRow,
  type NewMemberCategoryRow,
  type NewMemberRow,
  type StoredHousehold,
} from './repository.ts'
import type { ParsedImport } from './preview.ts'
import { changesContent, planImport, type DesiredHousehold, type DesiredMember, type ImportPlan } from './plan.ts'
import { checkVillage } from './village-check.ts'

export interface Progress {
  phase: 'idle' | 'parse' | 'plan' | 'write' | 'done' | 'failed'
  done: number
  total: number
}

export type ProgressListener = (p: Progress) => void

/** Match stored members to the file's (name and birth date, then name) so their ids, notes and hand-made assignments survive. */
function matchMembers(stored: HouseholdSnapshot['members'], desired: readonly DesiredMember[]): (HouseholdSnapshot['members'][number] | null)[] {
  const free = [...stored]
  const take = (pred: (s: (typeof free)[number]) => boolean) => {
    const i = free.findIndex(pred)
    return i < 0 ? null : free.splice(i, 1)[0]!
  }
  const out: (HouseholdSnapshot['members'][number] | null)[] = desired.map(() => null)
  desired.forEach((m, i) => (out[i] = take((s) => s.name === m.name && s.birth_date === m.birthDate)))
  desired.forEach((m, i) => (out[i] ??= take((s) => s.name === m.name)))
  return out
}

const groupName = (n: number) => `第${n}组`

export interface CommitMeta {
  villageCode: string
  userId: string | null
  username: string | null
}

/**
 * Apply the plan: every write in the caller's transaction (so a failure rolls
 * everything back), assignments with source `import:<batchId>`.
 */
export async function commitPlan(repo: ImportRepository, parsed: ParsedImport, plan: ImportPlan, meta: CommitMeta, onProgress?: ProgressListener): Promise<string> {
  const creates = plan.entries.filter((e) => e.action === 'create')
  const updates = plan.entries.filter((e) => e.action === 'update')
  const content = updates.filter(changesContent)

  const households: NewHouseholdRow[] = []
  const updateRows: HouseholdUpdateRow[] = []
  const members: NewMemberRow[] = []
  const householdCats: NewHouseholdCategoryRow[] = []
  const memberCats: NewMemberCategoryRow[] = []
  const preserved: MemberCategoryRow[] = []
  const changes: ChangeRow[] = []

  const addMembers = (householdId: string, d: DesiredHousehold, stored: StoredHousehold | undefined) => {
    const matched = stored ? matchMembers(stored.snapshot.members, d.members!) : d.members!.map(() => null)
    d.members!.forEach((m, position) => {
      const s = matched[position]
      const id = s?.id ?? randomUUID()
      members.push({
        id, householdId, position, name: m.name, relation: m.relation, sex: m.sex, birthDate: m.birthDate, ethnicity: m.ethnicity,
        marriedOut: m.marriedOut, health: m.health, schooling: m.schooling, work: m.work, disabilityText: m.disabilityText,
        notes: s?.notes ?? null, version: s ? s.version + 1 : 1, createdAt: s?.created_at ?? null,
      })
      for (const c of m.categories) memberCats.push({ memberId: id, code: c.code, year: c.year, disabilityType: c.disabilityType, disabilityGrade: c.disabilityGrade })
      if (s) {
        for (const c of stored!.snapshot.memberCategories) {
          if (c.member_id === s.id && (c.source === 'manual' || !plan.memberCodes.includes(c.category_code))) preserved.push(c)
        }
      }
    })
    for (const c of d.categories) householdCats.push({ householdId, code: c.code, year: c.year })
  }

  for (const e of creates) {
    const d = e.desired!
    const id = randomUUID()
    households.push({
      id, group: d.group, huhao: d.huhao, doorNumber: d.doorNumber, housing: d.housing, living: d.living, notes: d.notes, status: d.status,
      location: d.location ?? null, mapRow: d.mapCell?.row ?? null, mapCol: d.mapCell?.col ?? null,
    })
    addMembers(id, d, undefined)
    changes.push({ householdId: id, change: 'created', before: null, afterVersion: 1 })
  }
  for (const e of updates) {
    const d = e.desired!
    const s = e.stored!
    updateRows.push({
      id: s.id, group: d.group, doorNumber: d.doorNumber, housing: d.housing, living: d.living, notes: d.notes, status: d.status,
      location: d.location ?? null, keepLocation: d.location === undefined,
      mapRow: d.mapCell?.row ?? null, mapCol: d.mapCell?.col ?? null, keepMapCell: d.mapCell === undefined,
    })
    changes.push({ householdId: s.id, change: 'updated', before: s.snapshot, afterVersion: s.snapshot.household.version + 1 })
  }
  for (const e of content) addMembers(e.stored!.id, e.desired!, e.stored)

  const total = households.length + updateRows.length + members.length + householdCats.length + memberCats.length + changes.length
  let done = 0
  const progress = (_table: string, rows: number) => {
    done += rows
    onProgress?.({ phase: 'write', done, total })
  }
  onProgress?.({ phase: 'write', done: 0, total })

  await repo.createGroups(meta.villageCode, plan.groupsToCreate.map((n) => ({ number: n, name: groupName(n) })))
  const batchId = await repo.insertBatch({
    villageCode: meta.villageCode, userId: meta.userId, username: meta.username, fileName: parsed.fileName, fileSha256: parsed.fileSha256, kind: parsed.kind,
  })
  await repo.updateHouseholds(updateRows, progress)
  const contentIds = content.map((e) => e.stored!.id)
  await repo.deleteMembersOf(contentIds)
  await repo.deleteHouseholdCategories(contentIds, plan.householdCodes)
  await repo.insertHouseholds(meta.villageCode, households, progress)
  await repo.insertMembers(members, progress)
  await repo.restoreMemberCategories(preserved)
  const source = `import:${batchId}`
  await repo.insertHouseholdCategories(householdCats, source, progress)
  await repo.insertMemberCategories(memberCats, source, progress)
  await repo.insertChanges(batchId, changes, progress)
  await repo.setBatchCounts(batchId, { ...plan.counts, issues: { errors: plan.issues.filter((i) => i.severity === 'error').length, warnings: plan.issues.filter((i) => i.severity === 'warning').length } })
  onProgress?.({ phase: 'done', done: total, total })
  return batchId
}

// ── undo ────────────────────────────────────────────────────────────────────

export interface CommitRequest {
  database: Database
  scope: DataScope
  actor: AuditActor
  villageCode: string
  parsed: ParsedImport
  options: ImportOptions
  /** The stored upload this commit consumes (deleted in the same transaction). */
  uploadId?: string
  /** Extra audit details (e.g. `{ via: 'cli' }`). */
  via?: string
  onProgress?: ProgressListener
  /** Runs inside the transaction once the plan is made, before any write. */
  onPlanned?: () => void
}

/**
 * Plan against what the village holds now and apply it, all in one scoped
 * transaction (row-level security applies); then outline a village that has
 * no boundary yet from its households (as the owner: areas are not the app role's to write).
 */
export async function commitImport(r: CommitRequest): Promise<{ plan: ImportPlan; batchId: string }> {
  const result = await runScoped(r.database, r.scope, async (db) => {
    const repo = importRepository(db)
    // Take turns with every other commit and undo of this village, then plan from what they left behind.
    await repo.lockVillage(r.villageCode)
    // A double-clicked commit: the first one consumed the upload.
    if (r.uploadId && !(await repo.uploadExists(r.uploadId))) throw notFound('import_upload_not_found')
    const [stored, groups] = await Promise.all([repo.villageHouseholds(r.villageCode), repo.groups(r.villageCode)])
    const plan = planImport(r.parsed, stored, groups.map((g) => g.number), r.options)
    const mismatch = await checkVillage(repo, r.villageCode, plan, stored)
    if (mismatch.length > 0 && !r.options.confirmVillageMismatch) {
      // The dry run showed the warnings; the commit only refuses, in one transaction that writes nothing.
      throw new AppError('import_village_mismatch', 409)
    }
    r.onPlanned?.()
    if (plan.counts.create + plan.counts.update + plan.counts.unchanged === 0) throw new AppError('import_nothing_to_import', 422)
    const batchId = await commitPlan(repo, r.parsed, plan, { villageCode: r.villageCode, userId: r.actor.userId, username: r.actor.username }, r.onProgress)
    if (r.uploadId) await repo.deleteUpload(r.uploadId)
    await recordAudit(db, r.actor, {
      action: 'import.commit', targetType: 'import_batch', targetIds: [batchId], areaCode: r.villageCode,
      details: { kind: r.parsed.kind, fileSha256: r.parsed.fileSha256, counts: plan.counts, ...(r.via ? { via: r.via } : {}) },
    })
    return { plan, batchId }
  })
  await importRepository(r.database).outlineIfMissing(r.villageCode)
  return result
}
