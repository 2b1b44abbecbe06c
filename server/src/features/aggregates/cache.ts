/**
 * Tiles and aggregates cached per (scope, request, filter, data version).
 * The version is read from the database inside the request's scoped
 * transaction and is part of the key, so a write to the area makes every
 * older entry unreachable (it ages out); the scope is part of the key, so no
 * entry is ever served to a caller with another scope. Bounded by bytes,
 * least recently used first out.
 */
import { createHash } from 'node:crypto'

export interface CacheKeyParts {
  /** Who: role and scope prefixes (see scopeKey). */
  scope: string
  /** What: route and its path parameters (area code, z/x/y). */
  resource: string
  /** The canonical filter query (facetQuery). */
  filter: string
  /** The area's data version. */
  version: number
}

/** A scope as text: the role and the sorted area prefixes (or '*'), plus whether names may be read. */
export function scopeKey(role: string, prefixes: readonly string[] | '*', names: boolean): string {
  return `${role}:${prefixes === '*' ? '*' : [...prefixes].sort().join(',')}:${names ? 'n' : '-'}`
}

export function cacheKey(k: CacheKeyParts): string {
  return `${k.scope}|${k.resource}|${k.filter}|${k.version}`
}

/**
 * A strong ETag for a response: a digest of its key, so it changes with the
 * version and the filter, and says nothing about the scope to whoever reads it.
 */
export function etagOf(key: string): string {
  return `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`
}

/** Whether an If-None-Match header names this ETag (a list, or `*`; weak prefixes compare equal). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
}

export interface CachedBody {
  body: Buffer
  type: string
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedBody>()
  private bytes = 0
  hits = 0
  misses = 0

  constructor(
    readonly enabled: boolean,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  get(key: string): CachedBody | undefined {
    if (!this.enabled) return undefined
    const hit = this.entries.get(key)
    if (!hit) {
      this.misses++
      return undefined
    }
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key)
    this.entries.set(key, hit)
    this.hits++
    return hit
  }

  set(key: string, value: CachedBody): void {
    if (!this.enabled || value.body.length > this.maxBytes / 8) return
    const old = this.entries.get(key)
    if (old) {
      this.bytes -= old.body.length
      this.entries.delete(key)
    }
    this.entries.set(key, value)
    this.bytes += value.body.length
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break
      this.entries.delete(k)
      this.bytes -= v.body.length
    }
  }

  get size(): number {
    return this.entries.size
  }

  get byteSize(): number {
    return this.bytes
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Tiles and area stats by (scope, request, filter, data version); see features/aggregates/cache.ts. */
    responseCache: ResponseCache
  }
}
