import path from 'node:path'
import { z } from 'zod'

const Env = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres://').optional(),
  CUNTU_DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Loopback by default: the data is sensitive; set 0.0.0.0 deliberately (Docker does). */
  HOST: z.string().default('127.0.0.1'),
  /** Load the demo village into an empty database at start. */
  CUNTU_DEMO: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
  /** Seals TOTP secrets at rest. Required (≥ 32 characters) in production. */
  CUNTU_SECRET: z.string().optional(),
  /**
   * Reverse proxy in front of the server: unset or 0 = none (the socket address is the client, and
   * X-Forwarded-* headers are ignored); a number = that many proxy hops; else a comma-separated list of
   * proxy addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8). Sign-in throttling keys on the address this yields.
   */
  CUNTU_TRUST_PROXY: z.string().regex(/^(\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'CUNTU_TRUST_PROXY: a hop count or comma-separated proxy addresses/CIDRs').optional(),
  /**
   * How long (ms) a signed-in session is trusted without reading it again from the database.
   * Changes through this server are seen at once; this bounds the wait for changes made by
   * another process (a second app instance, the admin CLI). Unset: 5000 on PostgreSQL,
   * 300000 on the embedded database (which no other process may open); 0 turns it off.
   */
  CUNTU_SESSION_CACHE_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  /** Where the built web client is; served at / when present. */
  CUNTU_WEB_DIST: z.string().optional(),
})

export interface Config {
  databaseUrl?: string
  dataDir: string
  port: number
  host: string
  demo: boolean
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  webDist: string
  production: boolean
  secret?: string
  /** See CUNTU_TRUST_PROXY. */
  trustProxy: false | number | string[]
  /** See CUNTU_SESSION_CACHE_MS; undefined: the engine's default. */
  sessionCacheMs?: number
}

const here = path.dirname(new URL(import.meta.url).pathname)

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`配置有误 / Invalid configuration:\n${lines}`)
  }
  const e = parsed.data
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.CUNTU_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    demo: e.CUNTU_DEMO === '1',
    logLevel: e.LOG_LEVEL,
    webDist: path.resolve(e.CUNTU_WEB_DIST ?? path.join(here, '../../web/dist')),
    production: e.NODE_ENV === 'production',
    secret: e.CUNTU_SECRET,
    trustProxy: trustProxyOf(e.CUNTU_TRUST_PROXY),
    sessionCacheMs: e.CUNTU_SESSION_CACHE_MS,
  }
}

/** CUNTU_TRUST_PROXY → Fastify's trustProxy: explicit, never `true` (which would believe any client's X-Forwarded-For). */
export function trustProxyOf(value: string | undefined): false | number | string[] {
  if (!value || value === '0') return false
  if (/^\d+$/.test(value)) return Number(value)
  return value.split(',').map((s) => s.trim()).filter(Boolean)
}

/**
 * Production must not run with demo data or development secrets. Returns the
 * reasons it must refuse to start (empty when fine).
 */
export function productionProblems(config: Config, demoAccountsExist: boolean): string[] {
  if (!config.production) return []
  const problems: string[] = []
  if (config.demo) problems.push('CUNTU_DEMO=1: 生产环境不能载入示例数据 / production must not load demo data (set CUNTU_DEMO=0)')
  if (demoAccountsExist) problems.push('数据库中仍有示例账号 / demo accounts exist in the database: remove them before running in production')
  if (!config.secret || config.secret.length < 32 || /development|change-me|example/i.test(config.secret)) {
    problems.push('CUNTU_SECRET 未设置或过弱 / CUNTU_SECRET is missing or weak: set a random value of at least 32 characters')
  }
  return problems
}
