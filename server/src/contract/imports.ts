import { z } from 'zod'
import { AreaCode, HouseholdStatus, Uuid } from './common.ts'

// ── the flow: upload → preview → dry run → commit; history; undo; progress ─────

export const Crs = z.enum(['wgs84', 'gcj02']).describe('wgs84: GPS, 天地图; gcj02: WeChat, AMap/Gaode, Tencent (converted to WGS84)')

/** One problem, pointing at a cell: sheet, 1-based row, column letter; zh-CN first. */
export const ImportIssue = z.object({
  sheet: z.string(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  messageZh: z.string(),
  messageEn: z.string(),
  value: z.string().optional(),
})
export type ImportIssue = z.infer<typeof ImportIssue>

/** The worker's correction of one column, keyed by column letter: a field (and year), or null to ignore the column. */
export const MappingOverrides = z.record(
  z.string().regex(/^[A-Za-z]{1,3}$/),
  z.object({ field: z.string().min(1).max(40), year: z.number().int().min(1990).max(2100).optional() }).nullable(),
)

/** A house whose position is known: its map cell (or its 户号, whose cell the map gives) and WGS84 lon/lat. */
export const ControlPoint = z
  .object({
    huhao: z.string().max(32).optional(),
    cell: z.object({ row: z.number().int().min(1), col: z.number().int().min(1) }).optional(),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
  })
  .refine((p) => p.huhao !== undefined || p.cell !== undefined, { message: 'a control point needs huhao or cell' })

export const ImportOptions = z
  .object({
    mapping: MappingOverrides.optional(),
    /** Store flagged locations (swapped lon/lat: swapped back; far away: as given): all (true) or these 户号. */
    acceptFlaggedLocations: z.union([z.boolean(), z.array(z.string().max(32)).max(100_000)]).optional(),
    /** ≥ 3 houses of the 社区地图 with known positions: households without GPS are placed by an affine fit. */
    controlPoints: z.array(ControlPoint).max(200).optional(),
    /** Datum of the control points' lon/lat (default wgs84). */
    controlPointsCrs: Crs.optional(),
    /** The worker saw the dry run's "another village?" warnings (`villageMismatch`) and imports anyway. */
    confirmVillageMismatch: z.boolean().optional(),
  })
  .strict()
export type ImportOptions = z.infer<typeof ImportOptions>

export const MappedColumn = z.object({
  letter: z.string(),
  text: z.string(),
  group: z.string().optional(),
  field: z.string().nullable(),
  year: z.number().int().optional(),
  confidence: z.number(),
  overridden: z.boolean().optional(),
})

export const ImportMapping = z.object({
  sheet: z.string(),
  headerRows: z.array(z.number().int()),
  dataStartRow: z.number().int(),
  columns: z.array(MappedColumn),
  unmapped: z.array(z.string()),
  missing: z.array(z.string()),
  confidence: z.number(),
})

export const ImportStats = z.object({
  rowsRead: z.number().int(),
  rowsSkipped: z.number().int(),
  households: z.number().int(),
  members: z.number().int(),
  categories: z.record(z.string(), z.number().int()),
  errors: z.number().int(),
  warnings: z.number().int(),
  mapCells: z.number().int(),
})

const ParsedCategory = z.object({
  code: z.string(),
  year: z.number().int().optional(),
  disabilityType: z.string().optional(),
  disabilityGrade: z.number().int().optional(),
})

export const ParsedMemberPreview = z.object({
  name: z.string(),
  relation: z.string().nullable(),
  sex: z.enum(['male', 'female']).nullable(),
  birthDate: z.string().nullable(),
  age: z.number().nullable(),
  ethnicity: z.string().nullable(),
  health: z.string().nullable(),
  disabilityText: z.string().nullable(),
  categories: z.array(ParsedCategory),
  row: z.number().int(),
})

export const ParsedHouseholdPreview = z.object({
  huhao: z.string().nullable(),
  group: z.number().int().nullable(),
  doorNumber: z.string().nullable(),
  status: HouseholdStatus,
  categories: z.array(ParsedCategory),
  members: z.array(ParsedMemberPreview),
  row: z.number().int(),
  lastRow: z.number().int(),
  mapCell: z.object({ row: z.number().int(), col: z.number().int() }).nullable(),
})

export const FieldChoice = z.object({ field: z.string(), labelZh: z.string(), labelEn: z.string(), perYear: z.boolean() })

export const LocationsSummary = z.object({
  fileName: z.string(),
  crs: Crs,
  points: z.number().int(),
  /** Points flagged swapped or far away: not stored unless accepted. */
  flagged: z.array(z.object({ huhao: z.string(), warnings: z.array(z.string()), lon: z.number(), lat: z.number(), row: z.number().int() })),
})

export const ImportPreview = z.object({
  uploadId: Uuid,
  villageCode: AreaCode,
  fileName: z.string(),
  fileSha256: z.string(),
  kind: z.enum(['archive', 'locations']),
  format: z.string().nullable(),
  encoding: z.string().nullable(),
  sheets: z.array(z.object({ name: z.string(), rows: z.number().int(), role: z.string() })),
  /** The detected header: its rows and where data starts. */
  header: z.object({ headerRows: z.array(z.number().int()), dataStartRow: z.number().int() }).nullable(),
  mapping: ImportMapping.nullable(),
  /** Fields a column can be mapped to (for the mapping editor). */
  fields: z.array(FieldChoice),
  /** The first 20 households as parsed. */
  households: z.array(ParsedHouseholdPreview),
  issues: z.array(ImportIssue),
  /** When more issues exist than are listed. */
  issuesTotal: z.number().int(),
  stats: ImportStats,
  locations: LocationsSummary.nullable(),
  cellMap: z.object({ cells: z.number().int(), legend: z.array(z.object({ fill: z.string(), category: z.string(), label: z.string() })) }).nullable(),
  expiresAt: z.string(),
})
export type ImportPreview = z.infer<typeof ImportPreview>

export const PlanAction = z.enum(['create', 'update', 'unchanged', 'skip'])

export const PlannedHousehold = z.object({
  huhao: z.string().nullable(),
  action: PlanAction,
  /** Why it is skipped (issue codes), or which fields an update changes. */
  reasons: z.array(z.string()),
  changes: z.array(z.string()),
  row: z.number().int().nullable(),
  members: z.number().int(),
  group: z.number().int().nullable(),
  /** Where its position comes from in this import. */
  position: z.enum(['file', 'cell_map', 'kept', 'none', 'flagged']),
})

export const ImportCounts = z.object({
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  skip: z.number().int(),
  members: z.number().int(),
  householdCategories: z.number().int(),
  memberCategories: z.number().int(),
  positions: z.object({ fromFile: z.number().int(), fromCellMap: z.number().int(), flagged: z.number().int(), accepted: z.number().int() }),
  groupsCreated: z.array(z.number().int()),
})
export type ImportCounts = z.infer<typeof ImportCounts>

export const AffineReport = z.object({
  rmsMetres: z.number(),
  residuals: z.array(z.object({ huhao: z.string().nullable(), row: z.number().int(), col: z.number().int(), address: z.string(), metres: z.number() })),
})

export const ImportPlanBody = z.object({
  uploadId: Uuid.optional(),
  counts: ImportCounts,
  households: z.array(PlannedHousehold),
  issues: z.array(ImportIssue),
  issuesTotal: z.number().int(),
  affine: AffineReport.nullable(),
  /** Signs that the file is about another village (positions outside, foreign 户号 prefix, groups growing); a commit then needs confirmVillageMismatch. */
  villageMismatch: z.array(z.enum(['village_positions_outside', 'village_huhao_prefix', 'village_groups_grow'])).optional(),
})
export type ImportPlanBody = z.infer<typeof ImportPlanBody>

export const ImportCommitResult = ImportPlanBody.extend({ batchId: Uuid })

export const ImportBatch = z.object({
  id: Uuid,
  villageCode: AreaCode,
  username: z.string().nullable(),
  fileName: z.string(),
  fileSha256: z.string(),
  kind: z.enum(['archive', 'locations']),
  createdAt: z.string(),
  counts: z.record(z.string(), z.unknown()),
  status: z.enum(['committed', 'undone']),
  undoneAt: z.string().nullable(),
})
export const ImportBatchList = z.object({ batches: z.array(ImportBatch) })

export const UndoResult = z.object({ batchId: Uuid, restored: z.number().int(), deleted: z.number().int(), groupsDeleted: z.array(z.number().int()) })

export const ImportProgress = z.object({
  phase: z.enum(['idle', 'parse', 'plan', 'write', 'done', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
})

// ── exports ─────────────────────────────────────────────────────────────────
export const ExportQuery = z.object({
  /** Include names (station leads and admins: ability exportNamed). Without it names read "（已隐去）". */
  names: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
})
