import { z } from 'zod'
import { AreaCode, HouseholdStatus, Uuid } from './common.ts'
import { LngLat, LngLatUnchecked } from './geo.ts'
import { HouseholdFilterQuery } from './households.ts'

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

/** A house whose position is known: its map cell (or its 户号, whose cell the map gives) and its [lng, lat] (controlPointsCrs, or its own crs). */
export const ControlPoint = z
  .object({
    huhao: z.string().max(32).optional(),
    cell: z.object({ row: z.number().int().min(1), col: z.number().int().min(1) }).optional(),
    /** [longitude, latitude] degrees, in `crs` (else controlPointsCrs). */
    lngLat: LngLat,
    /** Datum of this point's lngLat when it differs from controlPointsCrs (a phone's GPS is WGS84). */
    crs: Crs.optional(),
    /** How the worker got it: typed in, the phone's GPS standing at the house, or a placed house dragged to where it is. */
    source: z.enum(['typed', 'gps', 'drag']).optional(),
    /** The accuracy the device reported for a GPS point, metres. */
    accuracyMetres: z.number().min(0).max(100_000).optional(),
  })
  .refine((p) => p.huhao !== undefined || p.cell !== undefined, { message: 'a control point needs huhao or cell' })

export const ImportOptions = z
  .object({
    mapping: MappingOverrides.optional(),
    /** Store flagged locations (a swapped pair: swapped back; far away: as given): all (true) or these 户号. */
    acceptFlaggedLocations: z.union([z.boolean(), z.array(z.string().max(32)).max(100_000)]).optional(),
    /** ≥ 3 houses of the 社区地图 with known positions: households without GPS are placed from their cell by the fit these points carry (FitReport). */
    controlPoints: z.array(ControlPoint).max(200).optional(),
    /** Datum of the control points' lngLat (default wgs84). */
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
  flagged: z.array(z.object({
    huhao: z.string(),
    warnings: z.array(z.string()),
    /** As the file gives it, in its datum (a swapped pair not swapped back). */
    lngLat: LngLatUnchecked,
    row: z.number().int(),
  })),
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
  /** Where its position comes from in this import (control_point: the worker's own point for this house). */
  position: z.enum(['file', 'control_point', 'cell_map', 'kept', 'none', 'flagged']),
})

export const ImportCounts = z.object({
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
  skip: z.number().int(),
  members: z.number().int(),
  householdCategories: z.number().int(),
  memberCategories: z.number().int(),
  positions: z.object({
    fromFile: z.number().int(),
    fromCellMap: z.number().int(),
    /** Households placed at their own control point. */
    fromControlPoints: z.number().int(),
    flagged: z.number().int(),
    accepted: z.number().int(),
  }),
  groupsCreated: z.array(z.number().int()),
})
export type ImportCounts = z.infer<typeof ImportCounts>

export const FitModel = z.enum(['north_up', 'rotated', 'affine'])

/** The shape of a fitted drawing: ground metres per cell step, turn and shear in degrees. */
const GridShape = {
  metresPerCol: z.number(),
  metresPerRow: z.number(),
  /** Direction of the column axis, degrees anticlockwise from east. */
  rotationDeg: z.number(),
  /** How far the rows are from perpendicular to the columns, degrees. */
  shearDeg: z.number(),
}

/**
 * How the 社区地图 was tied to the ground (server/src/features/imports/parse/georef):
 * the model chosen and why, every candidate's errors, each control point's
 * residual and leave-one-out error (metres), spread warnings, where a further
 * point would help most, where every house lands and which house cells are not placed.
 */
export const FitReport = z.object({
  model: FitModel,
  /** Why this model: three points decide by residuals (strain: north-up residual over the points' spread), four and more by leave-one-out. */
  choice: z.object({
    code: z.enum(['three_points_north_up', 'three_points_rotated', 'three_points_sheared', 'leave_one_out', 'only_north_up']),
    strain: z.number().optional(),
    northUpRmsMetres: z.number().optional(),
    rotationDeg: z.number().optional(),
  }),
  candidates: z.array(z.object({ model: FitModel, rmsMetres: z.number(), looRmsMetres: z.number().nullable(), looMedianMetres: z.number().nullable(), ...GridShape })),
  ...GridShape,
  rmsMetres: z.number(),
  /** RMS of the leave-one-out errors: about how far a house without GPS may be off. Null when the model cannot be fitted without a point (three points, affine). */
  looRmsMetres: z.number().nullable(),
  points: z.array(
    z.object({
      huhao: z.string().nullable(),
      row: z.number().int(),
      col: z.number().int(),
      address: z.string(),
      /** WGS84. */
      lngLat: LngLat,
      residualMetres: z.number(),
      looMetres: z.number().nullable(),
      source: z.enum(['typed', 'gps', 'drag']),
      accuracyMetres: z.number().nullable(),
    }),
  ),
  spread: z.array(z.enum(['collinear', 'clustered'])),
  /** The house whose place rests most on extrapolation: a control point there helps most. */
  suggest: z.object({ huhao: z.string().nullable(), row: z.number().int(), col: z.number().int(), address: z.string() }).nullable(),
  /** Every household placed from the map in this import (WGS84), control points included, for the map and for dragging. */
  placed: z.array(z.object({ huhao: z.string(), address: z.string(), lngLat: LngLatUnchecked, controlPoint: z.boolean() })),
  /** House cells this import gives no position, and why. */
  unplaced: z.array(
    z.object({
      huhao: z.string().nullable(),
      address: z.string(),
      name: z.string().nullable(),
      /** no_household: a 00 cell whose name is no household's or several; skipped: its household is skipped (see its reasons); kept: it keeps the position it has. */
      reason: z.enum(['no_household', 'skipped', 'kept']),
    }),
  ),
})
export type FitReport = z.infer<typeof FitReport>

export const ImportPlanBody = z.object({
  uploadId: Uuid.optional(),
  counts: ImportCounts,
  households: z.array(PlannedHousehold),
  issues: z.array(ImportIssue),
  issuesTotal: z.number().int(),
  fit: FitReport.nullable(),
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
export const ExportQuery = HouseholdFilterQuery.extend({
  /** Include names (station leads and admins: ability exportNamed). Without it names read "（已隐去）". */
  names: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
})
export type ExportQuery = z.infer<typeof ExportQuery>
