/**
 * Every query about drawn maps: feature kinds, a village's maps and layers,
 * the features on them, and the PostGIS checks a drawn geometry must pass
 * before it is written (validity with ST_MakeValid, zero length, distance
 * from the village). Every change writes a change-log row in the same
 * transaction. Runs inside the request's scoped transaction, so row-level
 * security limits everything to the caller's villages.
 */
import { sql, type SQL } from 'drizzle-orm'
import { pgErrorOf, queryRows, type Database, type Executor } from '@cuntu/db'
import { kindAllows } from '@cuntu/domain'
import type {
  ChangeEntry,
  DrawnFeature,
  DrawnFeatureCreate,
  DrawnFeaturePatch,
  DrawnGeometry,
  FeatureKind,
  MapLayer,
  VillageMap,
} from '../../contract/index.ts'
import { AppError, badRequest, conflict, notFound } from '../../plugins/errors.ts'
import { recordChange, type ChangeActor } from '../changes/repository.ts'
import { checkGeometry } from './geometry-check.ts'
import type { ImportRow } from './exchange-read.ts'
import { matchKind } from './kind-match.ts'
import type { MapImportReport, MapImportRow } from '../../contract/index.ts'
import type { MessageCode } from '../../i18n/messages.ts'
import type { z } from 'zod'
import type { FeatureKindCreate, LayerCreate, LayerPatch, MapCreate, MapPatch } from '../../contract/index.ts'

/** A feature further than this from its village's boundary is a mistake (wrong basemap datum, wrong village). */
export const MAX_DISTANCE_FROM_VILLAGE_KM = 5

export interface ReadOptions {
  /** Contacts are personal data: only for roles that may read names. */
  contacts: boolean
}

/** What the change log keeps of a feature. */
type FeatureSnapshot = Pick<DrawnFeature, 'layerId' | 'kind' | 'name' | 'description' | 'contactName' | 'contactPhone' | 'geometry' | 'deleted'>

const FEATURE_COLUMNS = sql`f.id, f.layer_id as "layerId", f.village_code as "villageCode", f.kind, f.name, f.description,
  f.contact_name as "contactName", f.contact_phone as "contactPhone", ST_AsGeoJSON(f.geom, 7)::json as geometry, f.version,
  f.created_by_name as "createdBy", f.updated_by_name as "updatedBy",
  to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
  to_char(f.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt",
  f.deleted_at is not null as deleted`

const LAYER_COLUMNS = sql`l.id, l.map_id as "mapId", l.name, l.position, l.visible, l.locked, l.opacity::float8 as opacity, l.version,
  (select count(*)::int from features f where f.layer_id = l.id and f.deleted_at is null) as "featureCount"`

type FeatureRow = Omit<DrawnFeature, 'contactsHidden' | 'repair'>

function present(row: FeatureRow, o: ReadOptions): DrawnFeature {
  if (o.contacts) return { ...row, contactsHidden: false }
  return { ...row, contactName: null, contactPhone: null, contactsHidden: row.contactName !== null || row.contactPhone !== null }
}

const snapshot = (f: FeatureRow): FeatureSnapshot => ({
  layerId: f.layerId,
  kind: f.kind,
  name: f.name,
  description: f.description,
  contactName: f.contactName,
  contactPhone: f.contactPhone,
  geometry: f.geometry,
  deleted: f.deleted,
})

/** A history entry as a role sees it: contacts removed where names are not allowed. */
export function presentChange(e: ChangeEntry, o: ReadOptions): ChangeEntry {
  if (o.contacts) return e
  const strip = (s: Record<string, unknown> | null) => (s ? { ...s, contactName: null, contactPhone: null } : s)
  return { ...e, before: strip(e.before), after: strip(e.after) }
}

interface Prepared {
  geom: SQL
  repair: DrawnFeature['repair']
}

export interface FeatureImport {
  rows: readonly ImportRow[]
  /** An existing layer of the map, or a new layer of this name on top. */
  target: { layerId: string } | { layerName: string }
  /** Given to rows whose kind is missing or unknown; null: such rows are refused. */
  defaultKind: string | null
  /** Check everything, write it, roll it back: the report of what a commit would do. */
  dryRun: boolean
  /** Commit the good rows when some are refused; otherwise any refused row refuses the whole file. */
  skipRefused: boolean
  /** For the report. */
  format: MapImportReport['format']
  fileName: string
}

/** The report of an import from what it did. */
function importReport(input: FeatureImport, committed: boolean, layer: MapImportReport['layer'], rows: MapImportRow[], contactsDropped: number): MapImportReport {
  const count = (s: MapImportRow['status']) => rows.filter((r) => r.status === s).length
  return {
    dryRun: input.dryRun,
    committed,
    format: input.format,
    fileName: input.fileName,
    layer,
    counts: { created: count('created'), repaired: count('repaired'), refused: count('refused') },
    contactsDropped,
    rows: committed ? rows : rows.map((r) => ({ ...r, featureId: null })),
  }
}

/** Words a message code in the caller's language (the route passes the i18n layer in). */
export type Describe = (code: MessageCode, params: Record<string, string | number>) => string

/** Thrown to roll back a dry run's savepoint; carries the report out. */
class DryRun extends Error {
  constructor(readonly report: MapImportReport) {
    super('dry run')
  }
}

export function mapRepository(database: Database) {
  const { db } = database

  async function kind(ex: Executor, code: string) {
    const [k] = await queryRows<{ code: string; geometries: string[]; labelZh: string }>(
      ex,
      sql`select code, geometries, label_zh as "labelZh" from feature_kinds where code = ${code}`,
    )
    if (!k) throw badRequest('unknown_feature_kind', { kind: code })
    return k as { code: string; geometries: ('point' | 'line' | 'polygon')[]; labelZh: string }
  }

  /**
   * Check and, where PostGIS can, repair a geometry; a problem is a 400 with
   * its own message and nothing is written. Returns the SQL of the geometry to store.
   */
  async function prepareGeometry(ex: Executor, g: DrawnGeometry, kindCode: string, villageCode: string): Promise<Prepared> {
    const problem = checkGeometry(g)
    if (problem) throw badRequest(problem.code, problem.params)
    const k = await kind(ex, kindCode)
    if (!kindAllows(k, g.type)) {
      const geometry = g.type === 'Point' ? 'point' : g.type === 'LineString' ? 'line' : 'polygon'
      throw badRequest('geometry_not_allowed', { kind: k.labelZh, geometry, allowed: k.geometries.join(', ') })
    }
    const input = sql`ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326))`
    const [r] = await queryRows<{
      valid: boolean
      reason: string | null
      fixedType: string | null
      fixed: DrawnGeometry | null
      nBefore: number
      nAfter: number | null
      length: number
      distance: number | null
    }>(
      ex,
      sql`with i as (select ${input} as g), v as (select g, ST_IsValid(g) as valid from i)
          select v.valid, case when v.valid then null else ST_IsValidReason(v.g) end as reason,
                 case when v.valid then null else GeometryType(ST_MakeValid(v.g, 'method=structure keepcollapsed=false')) end as "fixedType",
                 case when v.valid then null else ST_AsGeoJSON(ST_MakeValid(v.g, 'method=structure keepcollapsed=false'), 7)::json end as fixed,
                 ST_NPoints(v.g) as "nBefore",
                 case when v.valid then null else ST_NPoints(ST_MakeValid(v.g, 'method=structure keepcollapsed=false')) end as "nAfter",
                 ST_Length(v.g::geography) as length,
                 (select ST_Distance(v.g::geography, a.boundary::geography) from areas a where a.code = ${villageCode} and a.boundary is not null) as distance
          from v`,
    )
    if (!r) throw badRequest('geometry_type_unsupported', { type: g.type })
    if (g.type === 'LineString' && !(r.length > 0)) throw badRequest('geometry_zero_length')
    if (r.distance !== null && r.distance > MAX_DISTANCE_FROM_VILLAGE_KM * 1000) {
      throw badRequest('geometry_far_from_village', { km: Math.round(r.distance / 100) / 10, max: MAX_DISTANCE_FROM_VILLAGE_KM })
    }
    if (r.valid) return { geom: input, repair: null }
    // Repaired into one polygon: keep it and say what changed. Into several pieces (a bow-tie): the user redraws.
    if (r.fixedType !== 'POLYGON' || !r.fixed) throw badRequest('geometry_self_intersects', { reason: r.reason ?? '' })
    return {
      geom: sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(r.fixed)}), 4326)`,
      repair: { reason: r.reason ?? '', verticesBefore: r.nBefore, verticesAfter: r.nAfter ?? 0 },
    }
  }

  async function featureRow(ex: Executor, id: string): Promise<FeatureRow | null> {
    const [row] = await queryRows<FeatureRow>(ex, sql`select ${FEATURE_COLUMNS} from features f where f.id = ${id}`)
    return row ?? null
  }

  async function layerRow(ex: Executor, id: string) {
    const [row] = await queryRows<MapLayer & { villageCode: string; deleted: boolean }>(
      ex,
      sql`select ${LAYER_COLUMNS}, l.village_code as "villageCode", l.deleted_at is not null as deleted from map_layers l where l.id = ${id}`,
    )
    return row && !row.deleted ? row : null
  }

  async function editableLayer(ex: Executor, id: string) {
    const layer = await layerRow(ex, id)
    if (!layer) throw notFound('layer_not_found')
    if (layer.locked) throw new AppError('layer_locked', 423, { layer: layer.name })
    return layer
  }

  async function layersOf(ex: Executor, mapId: string): Promise<MapLayer[]> {
    return queryRows<MapLayer>(ex, sql`select ${LAYER_COLUMNS} from map_layers l where l.map_id = ${mapId} and l.deleted_at is null order by l.position, l.created_at`)
  }

  async function mapRow(ex: Executor, id: string): Promise<VillageMap | null> {
    const [m] = await queryRows<Omit<VillageMap, 'layers'>>(
      ex,
      sql`select id, village_code as "villageCode", name, purpose, version from maps where id = ${id} and deleted_at is null`,
    )
    return m ? { ...m, layers: await layersOf(ex, m.id) } : null
  }

  /** A new feature on `layerId` with its change-log row; `prepared` has passed prepareGeometry. */
  async function insertFeature(ex: Executor, layerId: string, input: Omit<DrawnFeatureCreate, 'geometry'>, prepared: Prepared, actor: ChangeActor): Promise<FeatureRow> {
    const [row] = await queryRows<{ id: string }>(
      ex,
      // clock_timestamp, not now(): features created in one transaction (an import) keep their order in lists and exports.
      sql`insert into features (layer_id, village_code, kind, name, description, contact_name, contact_phone, geom,
                                created_by, created_by_name, updated_by, updated_by_name, created_at, updated_at)
          values (${layerId}, '', ${input.kind}, ${input.name}, ${input.description}, ${input.contactName ?? null}, ${input.contactPhone ?? null},
                  ${prepared.geom}, ${actor.userId}, ${actor.username}, ${actor.userId}, ${actor.username}, clock_timestamp(), clock_timestamp())
          returning id`,
    )
    const f = (await featureRow(ex, row!.id))!
    await recordChange(ex, actor, { entityType: 'feature', entityId: f.id, villageCode: f.villageCode, action: 'create', version: f.version, before: null, after: snapshot(f) })
    return f
  }

  /** A new layer on top of map `m`, with its change-log row. */
  async function insertLayer(ex: Executor, m: VillageMap, name: string, actor: ChangeActor): Promise<MapLayer> {
    const position = Math.max(-1, ...m.layers.map((l) => l.position)) + 1
    const [l] = await queryRows<{ id: string }>(
      ex,
      sql`insert into map_layers (map_id, village_code, name, position, created_by, created_by_name, updated_by, updated_by_name)
          values (${m.id}, '', ${name}, ${position}, ${actor.userId}, ${actor.username}, ${actor.userId}, ${actor.username}) returning id`,
    )
    await recordChange(ex, actor, { entityType: 'layer', entityId: l!.id, villageCode: m.villageCode, action: 'create', version: 1, before: null, after: { name, position } })
    return (await layerRow(ex, l!.id))!
  }

  /** Write feature columns if still at `version`; 409 with the current feature otherwise. */
  async function claimFeature(ex: Executor, id: string, version: number, sets: SQL[], actor: ChangeActor, o: ReadOptions): Promise<FeatureRow> {
    const all = [...sets, sql`version = version + 1`, sql`updated_at = now()`, sql`updated_by = ${actor.userId}`, sql`updated_by_name = ${actor.username}`]
    const updated = await queryRows<{ id: string }>(ex, sql`update features set ${sql.join(all, sql`, `)} where id = ${id} and version = ${version} returning id`)
    if (updated.length === 0) {
      const current = await featureRow(ex, id)
      if (!current) throw notFound('feature_not_found')
      throw conflict('version_conflict', {}, { current: present(current, o) })
    }
    return (await featureRow(ex, id))!
  }

  async function applySnapshot(ex: Executor, before: FeatureRow, s: FeatureSnapshot, version: number, actor: ChangeActor, o: ReadOptions, action: 'update' | 'restore') {
    const layer = await editableLayer(ex, s.layerId)
    if (layer.villageCode !== before.villageCode) throw notFound('layer_not_found')
    const prepared = await prepareGeometry(ex, s.geometry, s.kind, before.villageCode)
    const after = await claimFeature(
      ex,
      before.id,
      version,
      [
        sql`layer_id = ${s.layerId}`,
        sql`kind = ${s.kind}`,
        sql`name = ${s.name}`,
        sql`description = ${s.description}`,
        sql`contact_name = ${s.contactName}`,
        sql`contact_phone = ${s.contactPhone}`,
        sql`geom = ${prepared.geom}`,
        s.deleted ? sql`deleted_at = coalesce(deleted_at, now())` : sql`deleted_at = null`,
      ],
      actor,
      o,
    )
    await recordChange(ex, actor, {
      entityType: 'feature', entityId: after.id, villageCode: after.villageCode, action, version: after.version,
      before: snapshot(before), after: snapshot(after),
    })
    return { ...present(after, o), repair: prepared.repair }
  }

  return {
    async kinds(): Promise<FeatureKind[]> {
      return database.rows<FeatureKind>(sql`
        select code, group_code as "group", label_zh as "labelZh", label_en as "labelEn", colour, icon, geometries, builtin,
               station_code as "stationCode"
        from feature_kinds order by builtin desc, group_code, code`)
    },

    async createKind(input: z.infer<typeof FeatureKindCreate>): Promise<FeatureKind> {
      try {
        await db.execute(sql`insert into feature_kinds (code, group_code, label_zh, label_en, colour, icon, geometries, builtin, station_code)
          values (${input.code}, ${input.group}, ${input.labelZh}, ${input.labelEn}, ${input.colour}, ${input.icon},
                  ${sql.param(input.geometries)}::text[], false, ${input.stationCode})`)
      } catch (err) {
        if (pgErrorOf(err).code === '23505') throw conflict('feature_kind_exists', { kind: input.code })
        throw err
      }
      return { ...input, builtin: false }
    },

    async maps(villageCode: string): Promise<VillageMap[]> {
      const rows = await database.rows<{ id: string }>(sql`select id from maps where village_code = ${villageCode} and deleted_at is null order by created_at`)
      const out: VillageMap[] = []
      for (const r of rows) out.push((await mapRow(db, r.id))!)
      return out
    },

    map: (id: string) => mapRow(db, id),

    async createMap(villageCode: string, input: z.infer<typeof MapCreate>, actor: ChangeActor): Promise<VillageMap> {
      return db.transaction(async (tx) => {
        const [m] = await queryRows<{ id: string }>(
          tx,
          sql`insert into maps (village_code, name, purpose, created_by, created_by_name, updated_by, updated_by_name)
              values (${villageCode}, ${input.name}, ${input.purpose}, ${actor.userId}, ${actor.username}, ${actor.userId}, ${actor.username}) returning id`,
        )
        await recordChange(tx, actor, { entityType: 'map', entityId: m!.id, villageCode, action: 'create', version: 1, before: null, after: { name: input.name, purpose: input.purpose } })
        const [l] = await queryRows<{ id: string }>(
          tx,
          sql`insert into map_layers (map_id, village_code, name, position, created_by, created_by_name, updated_by, updated_by_name)
              values (${m!.id}, '', ${input.layerName ?? input.name}, 0, ${actor.userId}, ${actor.username}, ${actor.userId}, ${actor.username}) returning id`,
        )
        await recordChange(tx, actor, { entityType: 'layer', entityId: l!.id, villageCode, action: 'create', version: 1, before: null, after: { name: input.layerName ?? input.name } })
        return (await mapRow(tx, m!.id))!
      })
    },

    async patchMap(id: string, patch: z.infer<typeof MapPatch>, actor: ChangeActor): Promise<VillageMap> {
      return db.transaction(async (tx) => {
        const before = await mapRow(tx, id)
        if (!before) throw notFound('map_not_found')
        const done = await queryRows(tx, sql`update maps set name = ${patch.name}, version = version + 1, updated_at = now(), updated_by = ${actor.userId},
          updated_by_name = ${actor.username} where id = ${id} and version = ${patch.version} returning id`)
        if (done.length === 0) throw conflict('version_conflict', {}, { current: before })
        const after = (await mapRow(tx, id))!
        await recordChange(tx, actor, { entityType: 'map', entityId: id, villageCode: after.villageCode, action: 'update', version: after.version, before: { name: before.name }, after: { name: after.name } })
        return after
      })
    },

    async createLayer(mapId: string, input: z.infer<typeof LayerCreate>, actor: ChangeActor): Promise<MapLayer> {
      return db.transaction(async (tx) => {
        const m = await mapRow(tx, mapId)
        if (!m) throw notFound('map_not_found')
        return insertLayer(tx, m, input.name, actor)
      })
    },

    async patchLayer(id: string, patch: z.infer<typeof LayerPatch>, actor: ChangeActor): Promise<MapLayer & { villageCode: string }> {
      return db.transaction(async (tx) => {
        const before = await layerRow(tx, id)
        if (!before) throw notFound('layer_not_found')
        const sets: SQL[] = []
        if (patch.name !== undefined) sets.push(sql`name = ${patch.name}`)
        if (patch.visible !== undefined) sets.push(sql`visible = ${patch.visible}`)
        if (patch.locked !== undefined) sets.push(sql`locked = ${patch.locked}`)
        if (patch.opacity !== undefined) sets.push(sql`opacity = ${patch.opacity}`)
        if (patch.position !== undefined) sets.push(sql`position = ${patch.position}`)
        sets.push(sql`version = version + 1`, sql`updated_at = now()`, sql`updated_by = ${actor.userId}`, sql`updated_by_name = ${actor.username}`)
        const done = await queryRows(tx, sql`update map_layers set ${sql.join(sets, sql`, `)} where id = ${id} and version = ${patch.version} returning id`)
        if (done.length === 0) throw conflict('version_conflict', {}, { current: before })
        const after = (await layerRow(tx, id))!
        const keep = (l: MapLayer) => ({ name: l.name, visible: l.visible, locked: l.locked, opacity: l.opacity, position: l.position })
        await recordChange(tx, actor, { entityType: 'layer', entityId: id, villageCode: after.villageCode, action: 'update', version: after.version, before: keep(before), after: keep(after) })
        return after
      })
    },

    /** Features of a map's layers (not deleted), bottom layer first. */
    async features(mapId: string, o: ReadOptions): Promise<DrawnFeature[]> {
      const rows = await database.rows<FeatureRow>(sql`
        select ${FEATURE_COLUMNS} from features f join map_layers l on l.id = f.layer_id
        where l.map_id = ${mapId} and l.deleted_at is null and f.deleted_at is null
        order by l.position, f.created_at, f.id`)
      return rows.map((r) => present(r, o))
    },

    /** Deleted ones too, so the history view can restore them. */
    async feature(id: string, o: ReadOptions): Promise<DrawnFeature | null> {
      const row = await featureRow(db, id)
      return row ? present(row, o) : null
    },

    async deletedFeatures(mapId: string, o: ReadOptions): Promise<DrawnFeature[]> {
      const rows = await database.rows<FeatureRow>(sql`
        select ${FEATURE_COLUMNS} from features f join map_layers l on l.id = f.layer_id
        where l.map_id = ${mapId} and f.deleted_at is not null order by f.deleted_at desc limit 200`)
      return rows.map((r) => present(r, o))
    },

    async createFeature(layerId: string, input: DrawnFeatureCreate, actor: ChangeActor, o: ReadOptions): Promise<DrawnFeature> {
      return db.transaction(async (tx) => {
        const layer = await editableLayer(tx, layerId)
        const prepared = await prepareGeometry(tx, input.geometry, input.kind, layer.villageCode)
        const f = await insertFeature(tx, layerId, input, prepared, actor)
        return { ...present(f, o), repair: prepared.repair }
      })
    },

    /**
     * Import rows of a GeoJSON/KML file into one layer of map `mapId`, all in one
     * transaction: each row's kind matched to the registry, its geometry through
     * the same checks and repair as a drawn one, each created feature in the change
     * log. A dry run does all of it and rolls back; a commit with refused rows writes
     * nothing unless `skipRefused`. `o.contacts`: whether the file's contacts are taken.
     */
    async importFeatures(mapId: string, input: FeatureImport, actor: ChangeActor, o: ReadOptions, describe: Describe): Promise<MapImportReport> {
      const kinds = await this.kinds()
      try {
        return await db.transaction(async (tx) => {
          const m = await mapRow(tx, mapId)
          if (!m) throw notFound('map_not_found')
          let layer: MapLayer
          let created = false
          if ('layerId' in input.target) {
            layer = await editableLayer(tx, input.target.layerId)
            if (layer.mapId !== m.id) throw badRequest('map_import_layer_other_map')
          } else {
            layer = await insertLayer(tx, m, input.target.layerName, actor)
            created = true
          }
          const rows: MapImportRow[] = []
          let contactsDropped = 0
          for (const r of input.rows) {
            const base = { row: r.row, part: r.part, name: r.name, geometryType: r.geometry?.type ?? null }
            const refuse = (kind: string | null, code: MessageCode, params: Record<string, string | number>) =>
              rows.push({ ...base, kind, status: 'refused', code, message: describe(code, params), repair: null, featureId: null })
            const kind = matchKind(kinds, r.kind, r.kindLabel) ?? input.defaultKind
            if (r.problem || !r.geometry) {
              refuse(kind, r.problem?.code ?? 'map_import_no_geometry', r.problem?.params ?? {})
              continue
            }
            if (!kind) {
              const given = r.kind ?? r.kindLabel
              refuse(null, given ? 'map_import_kind_unknown' : 'map_import_kind_missing', given ? { kind: given } : {})
              continue
            }
            let prepared: Prepared
            try {
              prepared = await prepareGeometry(tx, r.geometry, kind, m.villageCode)
            } catch (e) {
              // A geometry a drawn feature could not have: this row's refusal, said as the draw tool says it.
              if (!(e instanceof AppError)) throw e
              refuse(kind, e.code, e.params)
              continue
            }
            const hasContacts = r.contactName !== null || r.contactPhone !== null
            if (hasContacts && !o.contacts) contactsDropped++
            const f = await insertFeature(
              tx,
              layer.id,
              {
                kind,
                name: r.name.slice(0, 80),
                description: r.description.slice(0, 2000),
                contactName: o.contacts ? (r.contactName?.slice(0, 40) ?? null) : null,
                contactPhone: o.contacts && r.contactPhone && /^[0-9+\- ]{0,20}$/.test(r.contactPhone) ? r.contactPhone : null,
              },
              prepared,
              actor,
            )
            rows.push({ ...base, kind, status: prepared.repair ? 'repaired' : 'created', code: null, message: null, repair: prepared.repair ?? null, featureId: f.id })
          }
          // A layer that is rolled back with the rest has no id to show.
          const unwritten = { id: created ? null : layer.id, name: layer.name, created }
          if (input.dryRun) throw new DryRun(importReport(input, false, unwritten, rows, contactsDropped))
          const refused = rows.filter((r) => r.status === 'refused').length
          if (refused > 0 && !input.skipRefused) throw new AppError('map_import_refused', 422, { refused }, { report: importReport(input, false, unwritten, rows, contactsDropped) })
          return importReport(input, true, { id: layer.id, name: layer.name, created }, rows, contactsDropped)
        })
      } catch (e) {
        if (e instanceof DryRun) return e.report
        throw e
      }
    },

    async updateFeature(id: string, patch: DrawnFeaturePatch, actor: ChangeActor, o: ReadOptions): Promise<DrawnFeature> {
      return db.transaction(async (tx) => {
        const before = await featureRow(tx, id)
        if (!before || before.deleted) throw notFound('feature_not_found')
        // Editing a feature on a locked layer is refused, whichever layer it is going to.
        await editableLayer(tx, before.layerId)
        const next: FeatureSnapshot = {
          ...snapshot(before),
          ...(patch.layerId !== undefined && { layerId: patch.layerId }),
          ...(patch.kind !== undefined && { kind: patch.kind }),
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.description !== undefined && { description: patch.description }),
          ...(patch.contactName !== undefined && o.contacts && { contactName: patch.contactName }),
          ...(patch.contactPhone !== undefined && o.contacts && { contactPhone: patch.contactPhone }),
          ...(patch.geometry !== undefined && { geometry: patch.geometry }),
        }
        return applySnapshot(tx, before, next, patch.version, actor, o, 'update')
      })
    },

    /** Soft delete; restorable. */
    async deleteFeature(id: string, version: number | undefined, actor: ChangeActor, o: ReadOptions): Promise<string> {
      return db.transaction(async (tx) => {
        const before = await featureRow(tx, id)
        if (!before || before.deleted) throw notFound('feature_not_found')
        await editableLayer(tx, before.layerId)
        const after = await claimFeature(tx, id, version ?? before.version, [sql`deleted_at = now()`], actor, o)
        await recordChange(tx, actor, { entityType: 'feature', entityId: id, villageCode: after.villageCode, action: 'delete', version: after.version, before: snapshot(before), after: snapshot(after) })
        return after.villageCode
      })
    },

    /** Undelete a deleted feature as it was. */
    async undeleteFeature(id: string, actor: ChangeActor, o: ReadOptions): Promise<DrawnFeature> {
      return db.transaction(async (tx) => {
        const before = await featureRow(tx, id)
        if (!before) throw notFound('feature_not_found')
        if (!before.deleted) return present(before, o)
        return applySnapshot(tx, before, { ...snapshot(before), deleted: false }, before.version, actor, o, 'restore')
      })
    },

    /** Put the feature back as it was after change `changeId` (its state at that version); `version` is the current one the user saw. */
    async restoreVersion(id: string, entry: ChangeEntry, version: number, actor: ChangeActor, o: ReadOptions): Promise<DrawnFeature> {
      return db.transaction(async (tx) => {
        const before = await featureRow(tx, id)
        if (!before) throw notFound('feature_not_found')
        const state = (entry.after ?? entry.before) as FeatureSnapshot | null
        if (!state) throw notFound('change_not_found')
        // Contacts a role cannot read are kept as they are rather than restored blind.
        const s: FeatureSnapshot = o.contacts ? { ...state } : { ...state, contactName: before.contactName, contactPhone: before.contactPhone }
        return applySnapshot(tx, before, { ...s, deleted: false }, version, actor, o, 'restore')
      })
    },
  }
}
