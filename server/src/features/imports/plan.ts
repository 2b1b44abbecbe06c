/**
 * The plan: from the parsed upload and what the village holds now, per
 * household create / update / unchanged / skip, every problem with sheet, row
 * and column. Pure apart from its inputs; the dry run shows it, the commit applies it.
 */
import { categoryLabel, exclusiveConflict, WORKBOOK_CATEGORIES, WORKBOOK_COLUMN_CATEGORIES, type ArchiveHouseholdFields, type ArchiveMemberFields, type Wgs84LngLat } from '@cuntu/domain'
import type { FitReport, ImportCounts, ImportOptions, ImportPlanBody } from '../../contract/index.ts'
import type { ArchiveSheetsResult, ParsedHousehold } from './parse/index.ts'
import type { ArchiveField } from './parse/header.ts'
import { storedArchiveFields, type HouseholdSnapshot, type StoredHousehold } from './repository.ts'
import { NAME_HIDDEN } from '../exports/build.ts'
import { serviceIssue, type Issue } from './plan-issues.ts'
import { allIssues, ISSUES_LISTED, type ParsedImport } from './preview.ts'
import { isAccepted, mapCells, place, type Placement, type PositionSource } from './placement.ts'
import { fitCellMap, fitReport, type CellMapFit } from './placement-fit.ts'
import { addressOf } from './parse/cells.ts'

interface DesiredCategory {
  code: string
  year: number | null
}

interface DesiredMemberCategory extends DesiredCategory {
  disabilityType: string | null
  disabilityGrade: number | null
}

export interface DesiredMember extends ArchiveMemberFields {
  categories: DesiredMemberCategory[]
}

export interface DesiredHousehold extends ArchiveHouseholdFields {
  /** undefined: leave the stored position. */
  location: Wgs84LngLat | null | undefined
  /** The house's 社区地图 cell; undefined: leave the stored one (no cell map in this upload, or no cell for the house). */
  mapCell: { row: number; col: number } | undefined
  /** null: a position-only update (a locations file on its own). */
  members: DesiredMember[] | null
  categories: DesiredCategory[]
}

export interface PlanEntry {
  huhao: string | null
  action: 'create' | 'update' | 'unchanged' | 'skip'
  reasons: string[]
  changes: string[]
  row: number | null
  members: number
  group: number | null
  position: PositionSource
  desired?: DesiredHousehold
  stored?: StoredHousehold
}

export interface ImportPlan {
  kind: 'archive' | 'locations'
  entries: PlanEntry[]
  groupsToCreate: number[]
  /** Codes the file speaks about: imported assignments of these are replaced, others kept. */
  householdCodes: string[]
  memberCodes: string[]
  counts: ImportCounts
  issues: Issue[]
  fit: FitReport | null
}

const HOUSEHOLD_FIELD_KEYS = ['group', 'doorNumber', 'housing', 'living', 'notes'] as const
const MEMBER_FIELD_KEYS = ['relation', 'sex', 'birthDate', 'ethnicity', 'marriedOut', 'health', 'schooling', 'work', 'disabilityText'] as const
const MEMBER_FIELD_COLUMN: Record<(typeof MEMBER_FIELD_KEYS)[number], ArchiveField> = {
  relation: 'relation', sex: 'sex', birthDate: 'birthDate', ethnicity: 'ethnicity', marriedOut: 'marriedOut', health: 'health',
  schooling: 'schooling', work: 'work', disabilityText: 'disability',
}
const SNAPSHOT_HOUSEHOLD: Record<(typeof HOUSEHOLD_FIELD_KEYS)[number] | 'status', string> = {
  group: 'group_number', doorNumber: 'door_number', housing: 'housing', living: 'living', notes: 'notes', status: 'status',
}
const SNAPSHOT_MEMBER: Record<(typeof MEMBER_FIELD_KEYS)[number] | 'name', string> = {
  name: 'name', relation: 'relation', sex: 'sex', birthDate: 'birth_date', ethnicity: 'ethnicity', marriedOut: 'married_out',
  health: 'health', schooling: 'schooling', work: 'work', disabilityText: 'disability_text',
}

/** Which category codes the upload can say yes or no about (a file without a 低保 column says nothing about 低保). */
function expressibleCodes(a: ArchiveSheetsResult): { household: string[]; member: string[] } {
  const mapped = new Set(a.mapping?.columns.map((c) => c.field).filter((f): f is ArchiveField => f !== null) ?? [])
  const ca = a.civilAffairs !== null && a.civilAffairs.mapping !== null
  // A column of the file, or the 民政对象 sheet (which can name every household-level kind), speaks about a code.
  const household = WORKBOOK_COLUMN_CATEGORIES.filter((c) => mapped.has(c.column.field as ArchiveField) || ca).map((c) => c.code as string)
  if (ca) household.push('civil_affairs')
  const member = WORKBOOK_CATEGORIES.filter((c) => c.derivedFrom.some((f) => mapped.has(f as ArchiveField))).map((c) => c.code as string)
  return { household, member }
}

const catKey = (c: { code: string; year: number | null }) => `${c.code}|${c.year ?? ''}`
const memberCatKey = (c: { code: string; year: number | null; disabilityType: string | null; disabilityGrade: number | null }) =>
  `${catKey(c)}|${c.disabilityType ?? ''}|${c.disabilityGrade ?? ''}`

function sameSet(a: Iterable<string>, b: Iterable<string>): boolean {
  const x = [...new Set(a)].sort()
  const y = [...new Set(b)].sort()
  return x.length === y.length && x.every((v, i) => v === y[i])
}

function storedMembers(s: HouseholdSnapshot) {
  return [...s.members].sort((a, b) => a.position - b.position)
}

/** Changes that move a house (on the ground or on the cell map) without touching its members or categories. */
const PLACE_CHANGES: ReadonlySet<string> = new Set(['location', 'mapCell'])
export const changesContent = (e: PlanEntry) => e.changes.some((c) => !PLACE_CHANGES.has(c))

/** What changes between the stored household and the desired one (empty: unchanged). */
function diff(stored: StoredHousehold, d: DesiredHousehold, codes: { household: string[]; member: string[] }): string[] {
  const changes: string[] = []
  const h = stored.snapshot.household
  for (const k of [...HOUSEHOLD_FIELD_KEYS, 'status'] as const) {
    if ((h[SNAPSHOT_HOUSEHOLD[k]] ?? null) !== (d[k] ?? null)) changes.push(k)
  }
  if (d.location !== undefined) {
    const same = d.location === null
      ? stored.location === null
      : stored.location !== null && Math.abs(stored.location[0] - d.location[0]) < 1e-9 && Math.abs(stored.location[1] - d.location[1]) < 1e-9
    if (!same) changes.push('location')
  }
  if (d.mapCell !== undefined && (h.map_row !== d.mapCell.row || h.map_col !== d.mapCell.col)) changes.push('mapCell')
  const manual = new Set(stored.snapshot.householdCategories.filter((c) => c.source === 'manual').map((c) => catKey({ code: c.category_code, year: c.year })))
  const replaceable = stored.snapshot.householdCategories
    .filter((c) => c.source !== 'manual' && codes.household.includes(c.category_code))
    .map((c) => catKey({ code: c.category_code, year: c.year }))
  if (d.members !== null && !sameSet(d.categories.map(catKey).filter((k) => !manual.has(k)), replaceable)) changes.push('categories')
  if (d.members !== null) {
    const sm = storedMembers(stored.snapshot)
    let membersChanged = sm.length !== d.members.length
    let categoriesChanged = false
    if (!membersChanged) {
      d.members.forEach((m, i) => {
        const s = sm[i]!
        for (const k of ['name', ...MEMBER_FIELD_KEYS] as const) {
          if ((s[SNAPSHOT_MEMBER[k] as keyof typeof s] ?? null) !== (m[k] ?? null)) membersChanged = true
        }
        const cats = stored.snapshot.memberCategories.filter((c) => c.member_id === s.id)
        const manualM = new Set(cats.filter((c) => c.source === 'manual').map((c) => catKey({ code: c.category_code, year: c.year })))
        const replaceableM = cats
          .filter((c) => c.source !== 'manual' && codes.member.includes(c.category_code))
          .map((c) => memberCatKey({ code: c.category_code, year: c.year, disabilityType: c.disability_type, disabilityGrade: c.disability_grade }))
        if (!sameSet(m.categories.filter((c) => !manualM.has(catKey(c))).map(memberCatKey), replaceableM)) categoriesChanged = true
      })
    }
    if (membersChanged) changes.push('members')
    if (categoriesChanged) changes.push('memberCategories')
  }
  return changes
}

function desiredFromParsed(h: ParsedHousehold & { huhao: string }, mapped: Set<ArchiveField>, stored: StoredHousehold | undefined): DesiredHousehold {
  const sh = stored?.snapshot.household
  const keep = <T>(field: ArchiveField, value: T, snapshotKey: string): T =>
    mapped.has(field) || !sh ? value : ((sh[snapshotKey] ?? null) as T)
  const sm = stored ? storedMembers(stored.snapshot) : []
  return {
    huhao: h.huhao,
    group: keep('group', h.group, 'group_number'),
    doorNumber: keep('doorNumber', h.doorNumber, 'door_number'),
    housing: keep('housing', h.housing, 'housing'),
    living: keep('living', h.living, 'living'),
    notes: keep('notes', h.notes, 'notes'),
    status: h.status,
    location: undefined,
    mapCell: undefined,
    members: h.members.map((m, i) => {
      // A column the file lacks keeps the stored value of the member at the same place.
      const s = sm[i]
      const keepM = <T>(k: (typeof MEMBER_FIELD_KEYS)[number], value: T): T =>
        mapped.has(MEMBER_FIELD_COLUMN[k]) || !s ? value : ((s[SNAPSHOT_MEMBER[k] as keyof typeof s] ?? null) as T)
      return {
        name: m.name,
        relation: keepM('relation', m.relation),
        sex: keepM('sex', m.sex),
        birthDate: keepM('birthDate', m.birthDate),
        ethnicity: keepM('ethnicity', m.ethnicity),
        marriedOut: keepM('marriedOut', m.marriedOut ?? false),
        health: keepM('health', m.health),
        schooling: keepM('schooling', m.schooling),
        work: keepM('work', m.work),
        disabilityText: keepM('disabilityText', m.disabilityText),
        categories: m.categories.map((c) => ({ code: c.code, year: null, disabilityType: c.disabilityType ?? null, disabilityGrade: c.disabilityGrade ?? null })),
      }
    }),
    categories: h.categories.map((c) => ({ code: c.code, year: c.year ?? null })),
  }
}

function desiredFromStored(s: StoredHousehold): DesiredHousehold {
  return {
    ...storedArchiveFields(s),
    location: undefined,
    mapCell: undefined,
    members: null,
    categories: [],
  }
}

export function planImport(
  parsed: ParsedImport,
  stored: readonly StoredHousehold[],
  existingGroups: readonly number[],
  options: ImportOptions,
): ImportPlan {
  const issues: Issue[] = [...allIssues(parsed)]
  const byHuhao = new Map(stored.map((s) => [s.huhao, s]))
  const a = parsed.archive
  const cells = mapCells(a)
  const fit = fitCellMap(options, cells, (a?.cellMap?.cells ?? []).map((c) => ({ row: c.row, col: c.col })))
  const placement: Placement = {
    points: new Map((parsed.locations?.points ?? []).map((p) => [p.huhao, p])),
    accepted: isAccepted(options),
    fit,
    cells,
  }
  // How far a house placed from its cell may be off: the leave-one-out error (residuals of an exact fit are 0).
  const rms = fit ? (fit.georef.looRmsMetres ?? fit.georef.rmsMetres) : 0
  const codes = a ? expressibleCodes(a) : { household: [], member: [] }
  const mapped = new Set(a?.mapping?.columns.map((c) => c.field).filter((f): f is ArchiveField => f !== null) ?? [])
  const entries: PlanEntry[] = []
  const errorRows = new Map<number, string[]>()
  for (const i of a?.issues ?? []) {
    if (i.severity === 'error' && i.row !== null && (i.code === 'huhao_precision_lost' || i.code === 'huhao_invalid')) {
      errorRows.set(i.row, [...(errorRows.get(i.row) ?? []), i.code])
    }
  }

  const seen = new Set<string>()
  for (const h of a?.households ?? []) {
    const base = { row: h.source.row, members: h.members.length, group: h.group, changes: [] as string[], position: 'none' as PositionSource }
    const skip = (reasons: string[]) => entries.push({ ...base, huhao: h.huhao, action: 'skip', reasons })
    const rowErrors = [...new Set(h.members.flatMap((m) => errorRows.get(m.source.row) ?? []))]
    if (h.huhao === null) {
      skip(rowErrors.length > 0 ? rowErrors : ['huhao_missing'])
      continue
    }
    if (rowErrors.length > 0) {
      skip(rowErrors)
      continue
    }
    if (seen.has(h.huhao)) {
      // The first household with the number is imported; later ones wait for the worker to fix the file.
      skip(['huhao_duplicate'])
      continue
    }
    seen.add(h.huhao)
    if (h.members.length === 0) {
      skip(['no_members'])
      continue
    }
    if (h.members.every((m) => m.name === NAME_HIDDEN)) {
      issues.push(serviceIssue('names_hidden', { sheet: h.source.sheet, row: h.source.row, field: 'name' }, { huhao: h.huhao, hidden: NAME_HIDDEN }))
      skip(['names_hidden'])
      continue
    }
    const s = byHuhao.get(h.huhao)
    const desired = desiredFromParsed(h as ParsedHousehold & { huhao: string }, mapped, s)
    // Categories entered by hand stay after an import, so they count toward an exclusive pair too.
    const manualCodes = (s?.snapshot.householdCategories ?? []).filter((c) => c.source === 'manual').map((c) => c.category_code)
    const pair = exclusiveConflict([...desired.categories.map((c) => c.code), ...manualCodes])
    if (pair) {
      issues.push(serviceIssue('categories_exclusive', { sheet: h.source.sheet, row: h.source.row }, {
        huhao: h.huhao, a: categoryLabel(pair[0], 'zh-CN'), b: categoryLabel(pair[1], 'zh-CN'), aEn: categoryLabel(pair[0], 'en'), bEn: categoryLabel(pair[1], 'en'),
      }))
      skip(['categories_exclusive'])
      continue
    }
    const { location, source } = place(h.huhao, placement, s ? s.location !== null : false, issues, rms)
    desired.location = s ? location : location ?? null
    desired.mapCell = cells.get(h.huhao)
    const entry: PlanEntry = { ...base, huhao: h.huhao, group: desired.group, action: 'create', reasons: [], position: source, desired }
    if (s) {
      entry.stored = s
      entry.changes = diff(s, desired, codes)
      entry.action = entry.changes.length === 0 ? 'unchanged' : 'update'
    }
    entries.push(entry)
  }

  // Points for households that are not in the archive: a locations file on its own updates stored households.
  const inFile = new Set((a?.households ?? []).map((h) => h.huhao).filter((x): x is string => x !== null))
  for (const p of parsed.locations?.points ?? []) {
    if (inFile.has(p.huhao)) continue
    const s = byHuhao.get(p.huhao)
    if (!s || parsed.kind === 'archive') {
      if (!s) issues.push(serviceIssue('location_huhao_unknown', { sheet: p.source.sheet, row: p.source.row, field: 'huhao' }, { huhao: p.huhao }))
      if (!s && parsed.kind === 'locations') entries.push({ huhao: p.huhao, action: 'skip', reasons: ['location_huhao_unknown'], changes: [], row: p.source.row, members: 0, group: null, position: 'none' })
      continue
    }
    const desired = desiredFromStored(s)
    const { location, source } = place(p.huhao, placement, s.location !== null, issues, rms)
    desired.location = location
    const changes = diff(s, desired, codes)
    entries.push({
      huhao: p.huhao, action: changes.length === 0 ? 'unchanged' : 'update', reasons: [], changes, row: p.source.row,
      members: s.snapshot.members.length, group: desired.group, position: source, desired, stored: s,
    })
  }

  const have = new Set(existingGroups)
  const groupsToCreate = [...new Set(entries.filter((e) => e.action === 'create' || e.action === 'update').map((e) => e.desired?.group).filter((g): g is number => g !== null && g !== undefined && !have.has(g)))].sort((x, y) => x - y)

  const writing = entries.filter((e) => e.action === 'create' || (e.action === 'update' && changesContent(e)))
  const counts: ImportCounts = {
    create: entries.filter((e) => e.action === 'create').length,
    update: entries.filter((e) => e.action === 'update').length,
    unchanged: entries.filter((e) => e.action === 'unchanged').length,
    skip: entries.filter((e) => e.action === 'skip').length,
    members: writing.reduce((n, e) => n + (e.desired?.members?.length ?? 0), 0),
    householdCategories: writing.reduce((n, e) => n + (e.desired?.categories.length ?? 0), 0),
    memberCategories: writing.reduce((n, e) => n + (e.desired?.members ?? []).reduce((k, m) => k + m.categories.length, 0), 0),
    positions: {
      fromFile: entries.filter((e) => e.position === 'file' && (e.action === 'create' || e.changes.includes('location'))).length,
      fromCellMap: entries.filter((e) => e.position === 'cell_map' && (e.action === 'create' || e.changes.includes('location'))).length,
      fromControlPoints: entries.filter((e) => e.position === 'control_point' && (e.action === 'create' || e.changes.includes('location'))).length,
      flagged: entries.filter((e) => e.position === 'flagged').length,
      accepted: (parsed.locations?.points ?? []).filter((p) => p.warnings.length > 0 && placement.accepted(p)).length,
    },
    groupsCreated: groupsToCreate,
  }
  const sheetOrder = new Map((a?.sheets ?? []).map((s, i) => [s.name, i]))
  issues.sort((x, y) => (sheetOrder.get(x.sheet) ?? 99) - (sheetOrder.get(y.sheet) ?? 99) || (x.row ?? 0) - (y.row ?? 0))
  return {
    kind: parsed.kind, entries, groupsToCreate, householdCodes: codes.household, memberCodes: codes.member, counts, issues,
    fit: fit ? cellMapReport(fit, a, cells, entries) : null,
  }
}

/** The fit's report: where every house of the map lands, and each house cell this import does not place, with why. */
function cellMapReport(fit: CellMapFit, a: ArchiveSheetsResult | null, cells: Map<string, { row: number; col: number }>, entries: readonly PlanEntry[]): FitReport {
  const at = new Map([...cells].map(([huhao, c]) => [`${c.row},${c.col}`, huhao]))
  const placed: FitReport['placed'] = []
  const unplaced: FitReport['unplaced'] = []
  const listed = new Set<string>()
  for (const e of entries) {
    const cell = e.huhao ? cells.get(e.huhao) : undefined
    if (!e.huhao || !cell || listed.has(e.huhao)) continue
    listed.add(e.huhao)
    const address = addressOf(cell.row, cell.col)
    const loc = e.desired?.location
    if ((e.position === 'cell_map' || e.position === 'control_point') && loc) {
      placed.push({ huhao: e.huhao, address, lngLat: loc, controlPoint: e.position === 'control_point' })
    } else if (e.action === 'skip') unplaced.push({ huhao: e.huhao, address, name: null, reason: 'skipped' })
    else if (e.position === 'kept') unplaced.push({ huhao: e.huhao, address, name: null, reason: 'kept' })
  }
  // House cells no household stands for: an unlinked (00) cell whose name is nobody's, or several households'.
  for (const c of a?.cellMap?.cells ?? []) {
    if (!at.has(`${c.row},${c.col}`)) unplaced.push({ huhao: null, address: c.address, name: c.name || null, reason: 'no_household' })
  }
  return fitReport(fit, (c) => at.get(`${c.row},${c.col}`) ?? null, placed, unplaced)
}

export function planBody(plan: ImportPlan): ImportPlanBody {
  return {
    counts: plan.counts,
    households: plan.entries.map((e) => ({
      huhao: e.huhao, action: e.action, reasons: e.reasons, changes: e.changes, row: e.row, members: e.members, group: e.group, position: e.position,
    })),
    issues: plan.issues.slice(0, ISSUES_LISTED),
    issuesTotal: plan.issues.length,
    fit: plan.fit,
  }
}

// ── commit ──────────────────────────────────────────────────────────────────
