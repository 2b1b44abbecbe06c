/** Archive exports of a village: XLSX (the archive layout), CSV, GeoJSON, KML; names only with the right to export them. */
import { z } from 'zod'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { facetQuery, isEmptyFilter } from '@cuntu/domain'
import { AreaCode, ErrorBody, ExportQuery } from '../../contract/index.ts'
import { badRequest, forbidden, notFound } from '../../plugins/errors.ts'
import { requireAbility, requireArea, requireNames } from '../../plugins/access/policy.ts'
import { archiveCsv, archiveXlsx, exportHouseholds, householdsGeoJson, householdsKml, type ExportOptions } from './build.ts'

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const FORMATS = {
    xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', build: archiveXlsx },
    csv: { type: 'text/csv; charset=utf-8', build: archiveCsv },
    geojson: { type: 'application/geo+json; charset=utf-8', build: householdsGeoJson },
    kml: { type: 'application/vnd.google-earth.kml+xml; charset=utf-8', build: householdsKml },
  } as const

  async function sendExport(request: FastifyRequest, reply: FastifyReply, code: string, format: keyof typeof FORMATS, query: ExportQuery) {
    const { names, ...filter } = query
    // A year alone narrows which categories count, not which households: the whole village, unfiltered.
    const filtered = !isEmptyFilter(filter)
    const p = request.requirePrincipal()
    requireArea(p, code)
    if (names) {
      requireAbility(p, 'exportNamed')
      requireNames(p, code)
    } else if (!p.abilities.namedRecords) {
      // Even without names the rows are individual records (health, disability): not for aggregate-only roles.
      throw forbidden('forbidden')
    }
    const { body, fileName } = await request.scoped(async ({ repos, audit }) => {
      if ((await repos.imports.villageLevel(code)) !== 'village') throw notFound('village_not_found', { code })
      const villageName = (await repos.imports.villageName(code)) ?? code
      const unknown = await repos.households.unknownCategories(filter.categories)
      if (unknown.length > 0) throw badRequest('unknown_category', { codes: unknown.join(', ') })
      const stored = await repos.imports.villageHouseholds(code)
      // The map's filter narrows the file to the households it shows; the facets are the ones of the map, stats and tiles.
      const keep = filtered ? new Set(await repos.households.matchingIds(code, filter)) : null
      const households = exportHouseholds(keep ? stored.filter((s) => keep.has(s.id)) : stored)
      const options: ExportOptions = { villageCode: code, villageName, names }
      const built = await FORMATS[format].build(households, options)
      await audit({ action: 'export', targetType: 'area', targetIds: [code], areaCode: code, details: { format, names, households: households.length, ...(filtered ? { filter: facetQuery(filter) } : {}) } })
      const stamp = new Date().toISOString().slice(0, 10)
      return { body: built, fileName: `${villageName}-${code}-${stamp}${filtered ? '-筛选' : ''}${names ? '-保密' : ''}.${format}` }
    })
    return reply
      .header('content-type', FORMATS[format].type)
      .header('content-disposition', contentDisposition(fileName))
      .header('cache-control', 'no-store')
      .send(body)
  }

  for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    app.get(
      `/api/villages/:code/export.${format}`,
      {
        schema: {
          tags: ['exports'],
          summary: `Export the village as ${format}${format === 'xlsx' ? ' (the archive layout: import → export → import gives the same data)' : ''}; names only with ?names=1 (exportNamed); the map filters (categories, group, age …) narrow it to the households they show`,
          params: z.object({ code: AreaCode }),
          querystring: ExportQuery,
          response: { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
      },
      (request, reply) => sendExport(request, reply, request.params.code, format, request.query),
    )
  }
}
export default routes
