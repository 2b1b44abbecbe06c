import { z } from 'zod'
import { FEATURE_GROUP_CODES, FEATURE_KIND_CODE_PATTERN } from '@cuntu/domain'
import { AreaCode, Text, Uuid } from './common.ts'

/** Loose [lng, lat] numbers: range, duplicates and closure are checked by the server with messages of their own. */
const Pos = z.array(z.number()).min(2).max(3)
/**
 * A drawn geometry, WGS84 [lng, lat]. Only the types a feature can have; the
 * server checks range, vertex count, duplicates and validity (see geometry-check.ts).
 */
export const DrawnGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: Pos }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(Pos).max(20_001) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Pos).max(20_001)).min(1).max(50) }),
])
export type DrawnGeometry = z.infer<typeof DrawnGeometry>

export const FeatureKindCode = z.string().regex(FEATURE_KIND_CODE_PATTERN)
export const FeatureGeometryKind = z.enum(['point', 'line', 'polygon'])

export const FeatureKind = z.object({
  code: FeatureKindCode,
  group: z.enum(FEATURE_GROUP_CODES),
  labelZh: z.string(),
  labelEn: z.string(),
  colour: z.string(),
  icon: z.string(),
  geometries: z.array(FeatureGeometryKind),
  builtin: z.boolean(),
  stationCode: z.string().nullable(),
})
export type FeatureKind = z.infer<typeof FeatureKind>

export const FeatureKindCreate = z.object({
  code: FeatureKindCode,
  group: z.enum(FEATURE_GROUP_CODES),
  labelZh: z.string().trim().min(1).max(40),
  labelEn: z.string().trim().min(1).max(80),
  colour: z.string().regex(/^#[0-9a-f]{6}$/),
  icon: z.string().refine((s) => [...s].length === 1, { message: 'one character' }),
  geometries: z.array(FeatureGeometryKind).min(1).max(3),
  /** The station's township code. */
  stationCode: AreaCode,
})

export const MapPurpose = z.enum(['base', 'asset', 'need', 'other'])

export const MapLayer = z.object({
  id: Uuid,
  mapId: Uuid,
  name: z.string(),
  position: z.number().int(),
  visible: z.boolean(),
  locked: z.boolean(),
  opacity: z.number(),
  version: z.number().int(),
  featureCount: z.number().int(),
})
export type MapLayer = z.infer<typeof MapLayer>

export const VillageMap = z.object({
  id: Uuid,
  villageCode: AreaCode,
  name: z.string(),
  purpose: MapPurpose,
  version: z.number().int(),
  layers: z.array(MapLayer),
})
export type VillageMap = z.infer<typeof VillageMap>

export const MapCreate = z.object({ name: z.string().trim().min(1).max(80), purpose: MapPurpose, layerName: z.string().trim().min(1).max(80).optional() })
export const MapPatch = z.object({ version: z.number().int().min(1), name: z.string().trim().min(1).max(80) })
export const LayerCreate = z.object({ name: z.string().trim().min(1).max(80) })
export const LayerPatch = z.object({
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(80).optional(),
  visible: z.boolean().optional(),
  locked: z.boolean().optional(),
  opacity: z.number().min(0).max(1).optional(),
  position: z.number().int().min(0).max(1000).optional(),
})

const Contact = {
  /** Personal data: returned only where the role may read names, and every such read is audited. */
  contactName: z.string().trim().max(40).nullable().optional(),
  contactPhone: z.string().trim().regex(/^[0-9+\- ]{0,20}$/).nullable().optional(),
}

export const DrawnFeatureCreate = z.object({
  kind: FeatureKindCode,
  name: z.string().trim().max(80).default(''),
  description: Text(2000).default(''),
  ...Contact,
  geometry: DrawnGeometry,
})
export type DrawnFeatureCreate = z.infer<typeof DrawnFeatureCreate>

export const DrawnFeaturePatch = z.object({
  version: z.number().int().min(1),
  kind: FeatureKindCode.optional(),
  name: z.string().trim().max(80).optional(),
  description: Text(2000).optional(),
  ...Contact,
  geometry: DrawnGeometry.optional(),
  /** Move to another layer of the same village. */
  layerId: Uuid.optional(),
})
export type DrawnFeaturePatch = z.infer<typeof DrawnFeaturePatch>

/** What the server changed to make a geometry valid (ST_MakeValid), said to the user. */
export const GeometryRepair = z.object({ reason: z.string(), verticesBefore: z.number().int(), verticesAfter: z.number().int() })

export const DrawnFeature = z.object({
  id: Uuid,
  layerId: Uuid,
  villageCode: AreaCode,
  kind: FeatureKindCode,
  name: z.string(),
  description: z.string(),
  /** null when hidden for this role (or empty). */
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  /** Whether contacts were withheld for this role. */
  contactsHidden: z.boolean(),
  geometry: DrawnGeometry,
  version: z.number().int(),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deleted: z.boolean(),
  repair: GeometryRepair.nullable().optional(),
})
export type DrawnFeature = z.infer<typeof DrawnFeature>

export const DrawnFeatureList = z.object({ features: z.array(DrawnFeature) })

export const ChangeEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  username: z.string().nullable(),
  action: z.enum(['create', 'update', 'delete', 'restore']),
  version: z.number().int(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
})
export type ChangeEntry = z.infer<typeof ChangeEntry>
export const ChangeHistory = z.object({ entries: z.array(ChangeEntry) })
export const RestoreBody = z.object({ version: z.number().int().min(1) })

/** A photo of a drawn feature: its image at `url` (no more than 2048 px on the long side), a small JPEG at `thumbUrl`. */
export const FeaturePhoto = z.object({
  id: Uuid,
  featureId: Uuid,
  mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
  width: z.number().int(),
  height: z.number().int(),
  /** The worker kept the EXIF location on purpose; otherwise every metadata block was dropped. */
  keptLocation: z.boolean(),
  caption: z.string(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  url: z.string(),
  thumbUrl: z.string(),
})
export type FeaturePhoto = z.infer<typeof FeaturePhoto>
export const FeaturePhotoList = z.object({ photos: z.array(FeaturePhoto), limit: z.number().int() })

/** What an import did (or, in a dry run, would do) with one feature of the file: one multi-geometry part per row. */
export const MapImportRow = z.object({
  /** 1-based position of the feature (GeoJSON) or Placemark (KML) in the file. */
  row: z.number().int(),
  /** 1-based part of a split multi-geometry; null for a single geometry. */
  part: z.number().int().nullable(),
  name: z.string(),
  kind: z.string().nullable(),
  geometryType: z.enum(['Point', 'LineString', 'Polygon']).nullable(),
  status: z.enum(['created', 'repaired', 'refused']),
  /** Why it was refused: a message code and its text in the caller's language. */
  code: z.string().nullable(),
  message: z.string().nullable(),
  repair: GeometryRepair.nullable(),
  /** The created feature; null in a dry run and for refused rows. */
  featureId: Uuid.nullable(),
})
export type MapImportRow = z.infer<typeof MapImportRow>

export const MapImportReport = z.object({
  dryRun: z.boolean(),
  /** Whether anything was written (false for a dry run and a refused commit). */
  committed: z.boolean(),
  format: z.enum(['geojson', 'kml']),
  fileName: z.string(),
  /** The target layer; `id` null when a new layer would be created by a dry run. */
  layer: z.object({ id: Uuid.nullable(), name: z.string(), created: z.boolean() }),
  counts: z.object({ created: z.number().int(), repaired: z.number().int(), refused: z.number().int() }),
  /** Contacts in the file that were not taken because this role may not read names. */
  contactsDropped: z.number().int(),
  rows: z.array(MapImportRow),
})
export type MapImportReport = z.infer<typeof MapImportReport>

/** Query of POST /api/maps/:id/import; the file and its options come as multipart fields (file, layerId | layerName, defaultKind, skipRefused). */
export const MapImportQuery = z.object({ dryRun: z.enum(['0', '1']).optional() })
