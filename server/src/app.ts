import Fastify, { type FastifyServerOptions } from 'fastify'
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Database } from '@cuntu/db'
import errors from './plugins/errors.ts'
import inputGuard from './plugins/input-guard.ts'
import responseHeaders from './plugins/response-headers.ts'
import { logSerializers } from './plugins/log-redact.ts'
import openapi from './plugins/openapi.ts'
import auth, { type CookieMode } from './plugins/auth.ts'
import security from './plugins/security.ts'
import web from './plugins/web.ts'
import authRoutes from './features/auth/routes.ts'
import { createRepositories, featureRoutes } from './features/index.ts'
import { ResponseCache } from './features/aggregates/cache.ts'

export interface AppOptions {
  database: Database
  /** Built client folder to serve at /, if any. */
  webDist?: string
  logger?: FastifyServerOptions['logger']
  /** Server secret (seals TOTP secrets). Production refuses the development default. */
  secret?: string
  /** Login attempts per IP per minute. */
  loginRateLimit?: number
  /** `host` (production): only the Secure `__Host-` session cookie; `auto`: a plain one over plain HTTP. */
  cookies?: CookieMode
  /** Demo mode (never in production): the sign-in page offers the demo accounts. */
  demo?: boolean
  /**
   * Which proxies to believe about the client's address and protocol (X-Forwarded-For/-Proto):
   * false (default: the socket's address), a hop count, or addresses/CIDRs. See config.ts CUNTU_TRUST_PROXY.
   */
  trustProxy?: false | number | string[]
  /** Cache tiles and area stats per (scope, filter, data version); on unless false (benchmarks measure without). */
  responseCache?: boolean
  /** See AuthOptions.sessionCacheMs and CUNTU_SESSION_CACHE_MS; 0: read the session from the database on every request. */
  sessionCacheMs?: number
}

export const DEV_SECRET = 'cuntu-development-secret-do-not-use-in-production'

/** JSON bodies are small records; imports have their own upload limits. */
export const JSON_BODY_LIMIT = 256 * 1024

/** Build the app: infrastructure plugins, then auth and scoping, then feature routes. Tests call this and use `inject`. */
export async function buildApp(options: AppOptions) {
  const app = Fastify({
    // Errors are logged as codes and names only (plugins/log-redact.ts), whoever configured the logger.
    logger: options.logger
      ? { ...(typeof options.logger === 'object' ? options.logger : {}), serializers: { ...logSerializers, ...(typeof options.logger === 'object' ? options.logger.serializers : {}) } }
      : false,
    bodyLimit: JSON_BODY_LIMIT,
    // A hop count as proxy-addr reads it: trust the `n` nearest proxies.
    trustProxy: typeof options.trustProxy === 'number' ? ((_address: string, hop: number) => hop < (options.trustProxy as number)) : (options.trustProxy ?? false),
    // Household ids are UUIDs; keep request ids short and correlatable in logs.
    genReqId: () => Math.random().toString(36).slice(2, 10),
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  app.decorate('responseCache', new ResponseCache(options.responseCache !== false))
  await app.register(errors)
  await app.register(security)
  await app.register(inputGuard)
  await app.register(responseHeaders)
  await app.register(openapi)
  await app.register(auth, { database: options.database, cookies: options.cookies, repositories: createRepositories, sessionCacheMs: options.sessionCacheMs })
  await app.register(authRoutes, { secret: options.secret ?? DEV_SECRET, loginRateLimit: options.loginRateLimit, demo: options.demo })
  for (const routes of featureRoutes) await app.register(routes)

  if (options.webDist) await app.register(web, { webDist: options.webDist })
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
