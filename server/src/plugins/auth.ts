import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import cookie from '@fastify/cookie'
import { retryOnce, runScoped, type Database } from '@cuntu/db'
import { SESSION_IDLE_MS } from '@cuntu/domain'
import { abilitiesOf, type Principal } from './access/policy.ts'
import { authRepository, type AuthRepository } from './access/repository.ts'
import { safeEqual, tokenHash } from './access/tokens.ts'
import { recordAudit, type AuditEntry } from './access/audit.ts'
import { SessionCache } from './access/session-cache.ts'
import { AppError, forbidden, unauthorized } from './errors.ts'

/** `__Host-`: Secure, Path=/, no Domain — the browser will not let a subdomain or plain-HTTP page set or read it. */
export const SESSION_COOKIE = '__Host-cuntu_sid'
/**
 * Browsers drop Secure cookies set over plain http except on `localhost`, so a
 * demo opened at http://127.0.0.1:8080 could never sign in. Outside production,
 * a request that arrived over plain HTTP gets this HttpOnly, SameSite=Lax cookie
 * instead; over HTTPS, and always in production, only the `__Host-` one is used.
 */
export const PLAIN_HTTP_SESSION_COOKIE = 'cuntu_sid'

/** `host`: only the `__Host-` cookie (production). `auto`: the plain one for plain-HTTP requests (development, demo). */
export type CookieMode = 'host' | 'auto'

export interface SessionCookie {
  name: string
  options: { path: '/'; httpOnly: true; secure: boolean; sameSite: 'lax' }
}
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** Don't write last-seen on every request; idle timeouts are minutes long. */
const TOUCH_EVERY_MS = 60_000

/**
 * What `request.scoped` hands a feature: every feature's repository, bound to
 * the scoped transaction. Empty here; features/index.ts fills it (declaration
 * merging), so this plugin knows no feature and adding one edits no plugin.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Repositories {}

export interface ScopedContext {
  repos: Repositories
  db: Database
  /** Record an audited action in the same transaction, as the signed-in user. */
  audit(entry: AuditEntry): Promise<void>
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session (login, health, docs). */
    public?: boolean
  }
  interface FastifyInstance {
    database: Database
    auth: AuthRepository
    /** Attach the session of `token` to a request (used right after login). */
    resolveSessionFor(request: FastifyRequest, token: string): Promise<void>
    /** The session cookie's name and attributes for this request (see CookieMode). */
    sessionCookie(request: FastifyRequest): SessionCookie
  }
  interface FastifyRequest {
    principal: Principal | null
    sessionHash: string | null
    csrfToken: string | null
    /** The signed-in principal, or 401. */
    requirePrincipal(): Principal
    /** Run data work under the caller's scope: row-level security applies to every statement. */
    scoped<T>(fn: (ctx: ScopedContext) => Promise<T>): Promise<T>
  }
}

/**
 * Decided from the route the router matched, never from `request.url`: the router decodes
 * `/%61pi/…`, `//api/…` and absolute-form targets before matching, so a check on the raw URL
 * can be walked around. The pattern (`/api/households/:id`) is the route's own text. A request
 * no route matched is not public (401 without a session, then 403 on CSRF, then 404).
 */
function isPublic(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.public === true) return true
  const pattern = request.routeOptions.url
  if (pattern === undefined) return false
  if (pattern === '/api/docs' || pattern.startsWith('/api/docs/')) return true
  return !pattern.startsWith('/api/')
}

export function actorOf(request: FastifyRequest) {
  const p = request.principal
  return {
    userId: p?.userId ?? null,
    username: p?.username ?? null,
    role: p?.role ?? null,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  }
}

export interface AuthOptions {
  database: Database
  cookies?: CookieMode
  /** Builds every feature's repository over a (scoped) database. */
  repositories: (db: Database) => Repositories
  /**
   * How long a resolved session is trusted without asking the database (ms; 0: always ask).
   * Changes made through this process are seen at once (see SessionCache); this bounds
   * the wait for changes made elsewhere. Default: 5 s on PostgreSQL, where other processes
   * may share the database; 5 minutes on the embedded one, which only this process opens.
   */
  sessionCacheMs?: number
}

export const DEFAULT_SESSION_CACHE_MS = { postgres: 5_000, pglite: 300_000 } as const

export default fp<AuthOptions>(async function auth(app: FastifyInstance, { database, cookies = 'auto', repositories, sessionCacheMs }) {
  await app.register(cookie)
  const repo = authRepository(database)
  const sessions = new SessionCache(sessionCacheMs ?? DEFAULT_SESSION_CACHE_MS[database.kind])
  const log = (err: unknown) => app.log.warn({ err }, 'session last-seen not written')
  app.decorate('database', database)
  app.decorate('auth', repo)
  app.decorate('resolveSessionFor', (request: FastifyRequest, token: string) => resolveSession(request, repo, sessions, token, log))
  app.decorate('sessionCookie', (request: FastifyRequest): SessionCookie => {
    const secure = cookies === 'host' || request.protocol === 'https'
    return { name: secure ? SESSION_COOKIE : PLAIN_HTTP_SESSION_COOKIE, options: { path: '/', httpOnly: true, secure, sameSite: 'lax' } }
  })
  app.decorateRequest('principal', null)
  app.decorateRequest('sessionHash', null)
  app.decorateRequest('csrfToken', null)

  app.decorateRequest('requirePrincipal', function (this: FastifyRequest) {
    if (!this.principal) throw unauthorized()
    return this.principal
  })

  app.decorateRequest('scoped', function <T>(this: FastifyRequest, fn: (ctx: ScopedContext) => Promise<T>): Promise<T> {
    const principal = this.requirePrincipal()
    const actor = actorOf(this)
    return runScoped(database, principal.scope, async (db) => {
      return fn({ repos: repositories(db), db, audit: (entry) => recordAudit(db, actor, entry) })
    }, { idempotent: this.method === 'GET' || this.method === 'HEAD' })
  })

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[app.sessionCookie(request).name]
    // Reads and a last-seen touch: safe to run again when the connection was lost under them.
    if (token) await retryOnce(() => resolveSession(request, repo, sessions, token, log))
    if (isPublic(request)) return
    if (!request.principal) throw unauthorized(token ? 'session_expired' : 'unauthenticated')
    // Double-submit: state-changing requests carry the session's CSRF token in a header a cross-site form cannot set.
    if (STATE_CHANGING.has(request.method)) {
      const sent = request.headers['x-csrf-token']
      if (typeof sent !== 'string' || !request.csrfToken || !safeEqual(sent, request.csrfToken)) throw forbidden('csrf_failed')
    }
  })

  // Any write may change who may do what (a sign-out, a disabled account, a grant, an
  // organisation's areas). Once it has answered, its transaction is over: forget every
  // remembered session, so the next request reads the committed rows.
  app.addHook('onResponse', async (request) => {
    if (STATE_CHANGING.has(request.method)) sessions.clear()
  })
})

async function resolveSession(request: FastifyRequest, repo: AuthRepository, sessions: SessionCache, token: string, log: (err: unknown) => void): Promise<void> {
  const hash = tokenHash(token)
  const now = Date.now()
  const known = sessions.get(hash, now)
  if (known) {
    if (now - known.lastSeen > SESSION_IDLE_MS) {
      sessions.drop(hash)
      await repo.revokeSession(hash)
      return
    }
    known.lastSeen = now
    // Written in the background: a request must not wait on a busy database for a timestamp.
    if (now - known.touchedAt > TOUCH_EVERY_MS) {
      known.touchedAt = now
      repo.touchSession(hash).catch(log)
    }
    attach(request, hash, known.principal, known.csrfToken)
    return
  }
  const begun = sessions.begin()
  const session = await repo.session(hash)
  if (!session || session.revokedAt) return
  const lastSeen = Date.parse(session.lastSeenAt)
  const expiresAt = Date.parse(session.expiresAt)
  if (expiresAt <= now || now - lastSeen > SESSION_IDLE_MS) {
    await repo.revokeSession(hash)
    return
  }
  const user = await repo.userById(session.userId)
  if (!user || user.disabled) return
  const { prefixes, glass, glassUntil } = await repo.scopeOf(user)
  const abilities = abilitiesOf(user.role)
  // Shared by the requests that find it remembered: nobody may change it under another.
  const principal: Principal = Object.freeze({
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    organisationId: user.organisationId,
    abilities,
    scope: { userId: user.id, areaPrefixes: prefixes },
    namedVillages: abilities.namedRecords ? '*' : Object.freeze(glass),
  })
  let touchedAt = lastSeen
  if (now - lastSeen > TOUCH_EVERY_MS) {
    await repo.touchSession(hash)
    touchedAt = now
  }
  sessions.set(hash, { principal, csrfToken: session.csrfToken, expiresAt, lastSeen: now, touchedAt, validUntil: glassUntil ?? undefined }, begun, now)
  attach(request, hash, principal, session.csrfToken)
}

function attach(request: FastifyRequest, hash: string, principal: Principal, csrfToken: string): void {
  request.principal = principal
  request.sessionHash = hash
  request.csrfToken = csrfToken
}

export { AppError }
