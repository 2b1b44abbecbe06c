/**
 * The one path for cacheable area responses (tiles, area stats): read the
 * area's data version (one statement), answer 304 when the
 * browser's ETag still matches, serve from the cache when the same scope asked
 * the same thing at the same version, otherwise compute and keep.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { facetQuery, type FacetFilter } from '@cuntu/domain'
import type { ScopedContext } from '../../plugins/auth.ts'
import { badRequest } from '../../plugins/errors.ts'
import { cacheKey, etagOf, matchesEtag, scopeKey } from './cache.ts'
import { areaVersion } from './repository.ts'

export interface Computed {
  /** Empty for "nothing here" (answered 204). */
  body: Buffer
  type: string
}

export async function cachedAreaResponse(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { area: string; resource: string; filter: FacetFilter; compute: (ctx: ScopedContext & { version: number }) => Promise<Computed> },
) {
  const p = request.requirePrincipal()
  const cache = request.server.responseCache
  // A write after this read makes a newer version: what is computed below may be newer
  // than its key says, never older, and the next request reads the newer key.
  const version = await areaVersion(request.server.database, options.area)
  const key = cacheKey({
    scope: scopeKey(p.role, p.scope.areaPrefixes, p.abilities.namedRecords),
    resource: options.resource,
    filter: facetQuery(options.filter),
    version,
  })
  const etag = etagOf(key)
  const result = matchesEtag(request.headers['if-none-match'], etag)
    ? { etag, notModified: true as const }
    : { etag, value: cache.get(key) ?? (await request.scoped(async (ctx) => {
        const unknown = await ctx.repos.households.unknownCategories([...options.filter.categories])
        if (unknown.length > 0) throw badRequest('unknown_category', { codes: unknown.join(', ') })
        const value = await options.compute({ ...ctx, version })
        cache.set(key, value)
        return value
      })) }
  // private: scoped data never sits in a shared cache; no-cache: the browser asks again and gets 304 while nothing changed.
  reply.header('etag', result.etag).header('cache-control', 'private, no-cache').header('vary', 'Cookie')
  if ('notModified' in result) return reply.status(304).send()
  if (result.value.body.length === 0) return reply.status(204).send(null)
  return reply.type(result.value.type).send(result.value.body)
}
