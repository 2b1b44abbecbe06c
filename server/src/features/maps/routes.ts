/**
 * Drawn maps over HTTP: feature kinds, a village's maps and layers, features
 * with their history. Handlers only translate HTTP; checks and SQL are in the
 * repository. Contacts are shown only to roles that may read names, and every
 * read that shows them is audited, as is every change.
 */
import { z } from 'zod'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  AreaCode,
  ChangeHistory,
  DrawnFeature,
  DrawnFeatureCreate,
  DrawnFeatureList,
  DrawnFeaturePatch,
  ErrorBody,
  FeatureKind,
  FeatureKindCreate,
  LayerCreate,
  LayerPatch,
  MapCreate,
  MapLayer,
  MapPatch,
  RestoreBody,
  Uuid,
  VersionQuery,
  VillageMap,
} from '../../contract/index.ts'
import { forbidden, notFound } from '../../plugins/errors.ts'
import { inScope, mayReadNames, requireAbility, requireArea } from '../../plugins/access/policy.ts'
import { actorOf } from '../../plugins/auth.ts'
import { presentChange } from './repository.ts'
import { featuresGeoJson, featuresKml } from './exchange.ts'

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody.extend({ current: z.unknown().optional() }),
  423: ErrorBody,
}

/** Drawn features can carry 500+ vertices; a body this size is already far past MAX_VERTICES. */
const FEATURE_BODY_LIMIT = 512 * 1024

const routes: FastifyPluginAsyncZod = async (app) => {
  const actor = (r: FastifyRequest) => {
    const a = actorOf(r)
    return { userId: a.userId, username: a.username }
  }
  const readOptions = (r: FastifyRequest, villageCode: string) => ({ contacts: mayReadNames(r.requirePrincipal(), villageCode) })
  const withContacts = (list: DrawnFeature[]) => list.filter((f) => f.contactName !== null || f.contactPhone !== null).map((f) => f.id)

  app.get('/api/feature-kinds', { schema: { tags: ['maps'], summary: 'Feature kinds: the built-in registry plus the stations’ own', response: { 200: z.array(FeatureKind) } } }, (request) =>
    request.scoped(({ repos }) => repos.maps.kinds()),
  )

  app.post(
    '/api/feature-kinds',
    { schema: { tags: ['maps'], summary: 'A station lead adds a feature kind of the station', body: FeatureKindCreate, response: { 201: FeatureKind, ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      if (p.role !== 'station_lead' && p.role !== 'system_admin') throw forbidden('forbidden')
      requireArea(p, request.body.stationCode)
      const k = await request.scoped(async ({ repos, audit }) => {
        const created = await repos.maps.createKind(request.body)
        await audit({ action: 'feature_kind.create', targetType: 'feature_kind', targetIds: [created.code], areaCode: created.stationCode })
        return created
      })
      return reply.status(201).send(k)
    },
  )

  app.get(
    '/api/villages/:code/maps',
    { schema: { tags: ['maps'], summary: "A village's drawn maps with their layers", params: z.object({ code: AreaCode }), response: { 200: z.array(VillageMap), ...errors } } },
    (request) => {
      requireArea(request.requirePrincipal(), request.params.code)
      return request.scoped(({ repos }) => repos.maps.maps(request.params.code))
    },
  )

  app.post(
    '/api/villages/:code/maps',
    { schema: { tags: ['maps'], summary: 'Create a map (with a first layer)', params: z.object({ code: AreaCode }), body: MapCreate, response: { 201: VillageMap, ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      requireArea(p, request.params.code)
      const m = await request.scoped(async ({ repos, audit }) => {
        if ((await repos.areas.level(request.params.code)) !== 'village') throw notFound('village_not_found', { code: request.params.code })
        const created = await repos.maps.createMap(request.params.code, request.body, actor(request))
        await audit({ action: 'map.create', targetType: 'map', targetIds: [created.id], areaCode: created.villageCode })
        return created
      })
      return reply.status(201).send(m)
    },
  )

  app.patch(
    '/api/maps/:id',
    { schema: { tags: ['maps'], summary: 'Rename a map', params: z.object({ id: Uuid }), body: MapPatch, response: { 200: VillageMap, ...errors } } },
    (request) => {
      requireAbility(request.requirePrincipal(), 'editHouseholds')
      return request.scoped(async ({ repos, audit }) => {
        const m = await repos.maps.patchMap(request.params.id, request.body, actor(request))
        await audit({ action: 'map.update', targetType: 'map', targetIds: [m.id], areaCode: m.villageCode })
        return m
      })
    },
  )

  app.post(
    '/api/maps/:id/layers',
    { schema: { tags: ['maps'], summary: 'Add a layer on top of a map', params: z.object({ id: Uuid }), body: LayerCreate, response: { 201: MapLayer, ...errors } } },
    async (request, reply) => {
      requireAbility(request.requirePrincipal(), 'editHouseholds')
      const l = await request.scoped(async ({ repos, audit }) => {
        const layer = await repos.maps.createLayer(request.params.id, request.body, actor(request))
        await audit({ action: 'layer.create', targetType: 'layer', targetIds: [layer.id] })
        return layer
      })
      return reply.status(201).send(l)
    },
  )

  app.patch(
    '/api/layers/:id',
    { schema: { tags: ['maps'], summary: 'Rename, show/hide, lock, fade or reorder a layer; `version` as read', params: z.object({ id: Uuid }), body: LayerPatch, response: { 200: MapLayer, ...errors } } },
    (request) => {
      requireAbility(request.requirePrincipal(), 'editHouseholds')
      return request.scoped(async ({ repos, audit }) => {
        const { villageCode, ...layer } = await repos.maps.patchLayer(request.params.id, request.body, actor(request))
        await audit({ action: 'layer.update', targetType: 'layer', targetIds: [layer.id], areaCode: villageCode, details: { fields: Object.keys(request.body).filter((k) => k !== 'version') } })
        return layer
      })
    },
  )

  app.get(
    '/api/maps/:id/features',
    {
      schema: {
        tags: ['maps'],
        summary: "A map's features (WGS84); `deleted=1` lists the deleted ones to restore",
        params: z.object({ id: Uuid }),
        querystring: z.object({ deleted: z.enum(['0', '1']).optional() }),
        response: { 200: DrawnFeatureList, ...errors },
      },
    },
    (request) =>
      request.scoped(async ({ repos, audit }) => {
        const m = await repos.maps.map(request.params.id)
        if (!m) throw notFound('map_not_found')
        const o = readOptions(request, m.villageCode)
        const features = request.query.deleted === '1' ? await repos.maps.deletedFeatures(m.id, o) : await repos.maps.features(m.id, o)
        const shown = o.contacts ? withContacts(features) : []
        if (shown.length) await audit({ action: 'features.view_contacts', targetType: 'feature', targetIds: shown, areaCode: m.villageCode })
        return { features }
      }),
  )

  const EXCHANGE = {
    geojson: { type: 'application/geo+json; charset=utf-8', build: featuresGeoJson },
    kml: { type: 'application/vnd.google-earth.kml+xml; charset=utf-8', build: featuresKml },
  } as const
  for (const format of ['geojson', 'kml'] as const) {
    app.get(
      `/api/maps/:id/export.${format}`,
      {
        schema: {
          tags: ['maps'],
          summary: `A map's features as ${format} (WGS84); contacts only with ?contacts=1 for roles that may export names`,
          params: z.object({ id: Uuid }),
          querystring: z.object({ contacts: z.enum(['0', '1']).optional() }),
          response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const p = request.requirePrincipal()
        const contacts = request.query.contacts === '1'
        if (contacts) requireAbility(p, 'exportNamed')
        const { body, fileName } = await request.scoped(async ({ repos, audit }) => {
          const m = await repos.maps.map(request.params.id)
          if (!m) throw notFound('map_not_found')
          if (contacts && !mayReadNames(p, m.villageCode)) throw forbidden('forbidden')
          const features = await repos.maps.features(m.id, { contacts })
          const kinds = new Map((await repos.maps.kinds()).map((k) => [k.code, k]))
          const built = EXCHANGE[format].build(features, { mapName: m.name, villageCode: m.villageCode, kinds, contacts })
          await audit({ action: 'map.export', targetType: 'map', targetIds: [m.id], areaCode: m.villageCode, details: { format, contacts, features: features.length } })
          return { body: built, fileName: `${m.name}-${m.villageCode}${contacts ? '-保密' : ''}.${format}` }
        })
        const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')
        return reply
          .header('content-type', EXCHANGE[format].type)
          .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
          .header('cache-control', 'no-store')
          .send(body as never)
      },
    )
  }

  app.post(
    '/api/layers/:id/features',
    {
      bodyLimit: FEATURE_BODY_LIMIT,
      schema: { tags: ['maps'], summary: 'Draw a feature on a layer; a repaired geometry comes back with `repair`', params: z.object({ id: Uuid }), body: DrawnFeatureCreate, response: { 201: DrawnFeature, ...errors } },
    },
    async (request, reply) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      const f = await request.scoped(async ({ repos, audit }) => {
        const created = await repos.maps.createFeature(request.params.id, request.body, actor(request), { contacts: p.abilities.namedRecords })
        await audit({ action: 'feature.create', targetType: 'feature', targetIds: [created.id], areaCode: created.villageCode })
        return created
      })
      return reply.status(201).send(f)
    },
  )

  app.get(
    '/api/features/:id',
    { schema: { tags: ['maps'], summary: 'One feature (deleted ones too)', params: z.object({ id: Uuid }), response: { 200: DrawnFeature, ...errors } } },
    (request) =>
      request.scoped(async ({ repos, audit }) => {
        const f = await repos.maps.feature(request.params.id, { contacts: true })
        if (!f) throw notFound('feature_not_found')
        const o = readOptions(request, f.villageCode)
        const shown = await repos.maps.feature(f.id, o)
        if (o.contacts && withContacts([f]).length) await audit({ action: 'features.view_contacts', targetType: 'feature', targetIds: [f.id], areaCode: f.villageCode })
        return shown!
      }),
  )

  app.patch(
    '/api/features/:id',
    {
      bodyLimit: FEATURE_BODY_LIMIT,
      schema: { tags: ['maps'], summary: 'Edit a feature; `version` must be the one you read (409 with the current one otherwise)', params: z.object({ id: Uuid }), body: DrawnFeaturePatch, response: { 200: DrawnFeature, ...errors } },
    },
    (request) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      return request.scoped(async ({ repos, audit }) => {
        const f = await repos.maps.updateFeature(request.params.id, request.body, actor(request), { contacts: p.abilities.namedRecords })
        await audit({ action: 'feature.update', targetType: 'feature', targetIds: [f.id], areaCode: f.villageCode, details: { fields: Object.keys(request.body).filter((k) => k !== 'version') } })
        return f
      })
    },
  )

  app.delete(
    '/api/features/:id',
    { schema: { tags: ['maps'], summary: 'Delete a feature (restorable); pass `version` to refuse if it changed', params: z.object({ id: Uuid }), querystring: VersionQuery, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      await request.scoped(async ({ repos, audit }) => {
        const villageCode = await repos.maps.deleteFeature(request.params.id, request.query.version, actor(request), { contacts: p.abilities.namedRecords })
        await audit({ action: 'feature.delete', targetType: 'feature', targetIds: [request.params.id], areaCode: villageCode })
      })
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/features/:id/undelete',
    { schema: { tags: ['maps'], summary: 'Bring a deleted feature back', params: z.object({ id: Uuid }), response: { 200: DrawnFeature, ...errors } } },
    (request) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      return request.scoped(async ({ repos, audit }) => {
        const f = await repos.maps.undeleteFeature(request.params.id, actor(request), { contacts: p.abilities.namedRecords })
        await audit({ action: 'feature.restore', targetType: 'feature', targetIds: [f.id], areaCode: f.villageCode })
        return f
      })
    },
  )

  app.get(
    '/api/features/:id/history',
    { schema: { tags: ['maps'], summary: "A feature's changes, oldest first (who, when, before, after)", params: z.object({ id: Uuid }), response: { 200: ChangeHistory, ...errors } } },
    (request) =>
      request.scoped(async ({ repos, audit }) => {
        const f = await repos.maps.feature(request.params.id, { contacts: false })
        if (!f) throw notFound('feature_not_found')
        const o = readOptions(request, f.villageCode)
        const entries = (await repos.changes.history('feature', f.id)).map((e) => presentChange(e, o))
        if (o.contacts) await audit({ action: 'feature.history', targetType: 'feature', targetIds: [f.id], areaCode: f.villageCode })
        return { entries }
      }),
  )

  app.post(
    '/api/features/:id/history/:change/restore',
    {
      schema: {
        tags: ['maps'],
        summary: 'Restore the feature as it was after an earlier change; `version` is the current one you read',
        params: z.object({ id: Uuid, change: z.coerce.number().int().min(1) }),
        body: RestoreBody,
        response: { 200: DrawnFeature, ...errors },
      },
    },
    (request) => {
      const p = request.requirePrincipal()
      requireAbility(p, 'editHouseholds')
      return request.scoped(async ({ repos, audit }) => {
        const entry = await repos.changes.entry('feature', request.params.id, request.params.change)
        if (!entry) throw notFound('change_not_found')
        const f = await repos.maps.restoreVersion(request.params.id, entry, request.body.version, actor(request), { contacts: p.abilities.namedRecords })
        if (!inScope(p, f.villageCode)) throw notFound('feature_not_found')
        await audit({ action: 'feature.restore_version', targetType: 'feature', targetIds: [f.id], areaCode: f.villageCode, details: { change: entry.id } })
        return f
      })
    },
  )
}
export default routes
