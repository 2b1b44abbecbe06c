import { z } from 'zod'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { PASSWORD_MIN_LENGTH, SESSION_ABSOLUTE_MS } from '@cuntu/domain'
import { DemoSignIns, ErrorBody, LoginBody, PasswordChange, SessionIdParams, SessionInfo, SessionList, TotpDisable, TotpEnable } from '../../contract/index.ts'
import { AppError, badRequest, notFound, unauthorized } from '../../plugins/errors.ts'
import { actorOf } from '../../plugins/auth.ts'
import { recordAudit } from '../../plugins/access/audit.ts'
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import { newToken, sealer, tokenHash } from '../../plugins/access/tokens.ts'
import { matchTotpStep, newTotpSecret, otpauthUrl } from './totp.ts'
import { LoginThrottle } from './throttle.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../demo/demo-accounts.ts'

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody }

export interface AuthRouteOptions {
  /** Server secret: seals TOTP secrets at rest. */
  secret: string
  /** Login attempts per IP per minute. */
  loginRateLimit?: number
  /** Demo mode: the sign-in page may list the demo accounts. */
  demo?: boolean
}

const routes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, options) => {
  const seal = sealer(options.secret)
  const throttle = new LoginThrottle()

  const sessionInfo = async (request: FastifyRequest) => {
    const p = request.requirePrincipal()
    const user = await app.auth.userById(p.userId)
    const { labelZh: _zh, labelEn: _en, ...abilities } = p.abilities
    return {
      user: { id: p.userId, username: p.username, displayName: p.displayName, role: p.role, organisationId: p.organisationId, totp: Boolean(user?.totpSecret) },
      abilities,
      scope: p.scope.areaPrefixes === '*' ? ('*' as const) : [...p.scope.areaPrefixes],
      namedVillages: p.namedVillages === '*' ? ('*' as const) : [...p.namedVillages],
      csrfToken: request.csrfToken!,
    }
  }

  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string) => {
    const cookie = app.sessionCookie(request)
    reply.setCookie(cookie.name, token, { ...cookie.options, maxAge: SESSION_ABSOLUTE_MS / 1000 })
  }
  const clearCookie = (request: FastifyRequest, reply: FastifyReply) => {
    const cookie = app.sessionCookie(request)
    reply.clearCookie(cookie.name, cookie.options)
  }

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: options.loginRateLimit ?? 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: SessionInfo, ...errors } },
    },
    async (request, reply) => {
      const { username, password, totp } = request.body
      // The address the configured proxy reports (trustProxy), else the socket's.
      const source = request.ip
      const wait = throttle.waitMs(username, source)
      if (wait > 0) {
        // Refused before the account is even looked up: the same answer for unknown, real and throttled names.
        await recordAudit(app.database, { userId: null, username, role: null, ip: source, userAgent: request.headers['user-agent'] },
          { action: 'login.failed', details: { reason: 'throttled' } })
        const seconds = Math.ceil(wait / 1000)
        reply.header('retry-after', String(seconds))
        throw new AppError('login_throttled', 429, { seconds })
      }
      const user = await app.auth.userByName(username)
      const fail = async (code: 'login_failed' | 'totp_required' | 'totp_invalid' | 'totp_used', status = 401) => {
        // A missing second factor after the right password is a prompt, not a guess.
        if (code !== 'totp_required') throttle.failure(username, source)
        await recordAudit(app.database, { userId: user?.id ?? null, username, role: user?.role ?? null, ip: source, userAgent: request.headers['user-agent'] },
          { action: 'login.failed', details: { reason: code } })
        throw new AppError(code, status)
      }
      if (!user || user.disabled) {
        await verifyPassword(await decoyHash(), password)
        return fail('login_failed')
      }
      if (!(await verifyPassword(user.passwordHash, password))) return fail('login_failed')
      if (user.totpSecret) {
        if (!totp) return fail('totp_required')
        const step = matchTotpStep(seal.open(user.totpSecret), totp)
        if (step === null) return fail('totp_invalid')
        // A code is good once. Said plainly, since the right password came first: a worker who
        // turned the factor on and signs in again within the same 30 s types the same code.
        if (!(await app.auth.claimTotpStep(user.id, step))) return fail('totp_used')
      }
      throttle.success(username)
      await app.auth.recordSuccess(user.id)
      const token = newToken()
      const csrfToken = newToken()
      await app.auth.createSession({
        tokenHash: tokenHash(token), userId: user.id, csrfToken, absoluteMs: SESSION_ABSOLUTE_MS,
        userAgent: request.headers['user-agent'], ip: request.ip,
      })
      await recordAudit(app.database, { userId: user.id, username: user.username, role: user.role, ip: request.ip, userAgent: request.headers['user-agent'] }, { action: 'login' })
      // Resolve the new session as the rest of the app would, to answer with the same shape as GET /session.
      await app.resolveSessionFor(request, token)
      setCookie(request, reply, token)
      return sessionInfo(request)
    },
  )

  app.get(
    '/api/auth/demo',
    {
      config: { public: true },
      schema: { tags: ['auth'], summary: 'Demo mode only: the demo sign-ins (one per role) for the sign-in page; null otherwise', response: { 200: DemoSignIns } },
    },
    () => ({ demo: options.demo ? { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS } : null }),
  )

  app.get(
    '/api/auth/session',
    { schema: { tags: ['auth'], summary: 'Who is signed in, their abilities and scope, and the CSRF token', response: { 200: SessionInfo, ...errors } } },
    (request) => sessionInfo(request),
  )

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await app.auth.revokeSession(request.sessionHash!)
      await recordAudit(app.database, actorOf(request), { action: 'logout' })
      clearCookie(request, reply)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/auth/logout-all',
    { schema: { tags: ['auth'], summary: 'End every session of this account (all devices)', response: { 200: z.object({ revoked: z.number().int() }), ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      const revoked = await app.auth.revokeAllSessions(p.userId)
      await recordAudit(app.database, actorOf(request), { action: 'logout.all', details: { revoked } })
      clearCookie(request, reply)
      return { revoked }
    },
  )

  app.get(
    '/api/auth/sessions',
    { schema: { tags: ['auth'], summary: 'Your live sessions (devices), newest first', response: { 200: SessionList, ...errors } } },
    async (request) => {
      const p = request.requirePrincipal()
      const rows = await app.auth.liveSessions(p.userId)
      return { sessions: rows.map(({ tokenHash, ...s }) => ({ ...s, current: tokenHash === request.sessionHash })) }
    },
  )

  app.delete(
    '/api/auth/sessions/:id',
    { schema: { tags: ['auth'], summary: 'End one of your sessions (e.g. a browser left signed in elsewhere)', params: SessionIdParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      if (!(await app.auth.revokeSessionById(p.userId, request.params.id))) throw notFound('session_not_found')
      await recordAudit(app.database, actorOf(request), { action: 'session.end', details: { current: request.sessionHash?.startsWith(request.params.id) ?? false } })
      if (request.sessionHash?.startsWith(request.params.id)) clearCookie(request, reply)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], summary: 'Change your password; other sessions are ended', body: PasswordChange, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      const user = (await app.auth.userById(p.userId))!
      if (!(await verifyPassword(user.passwordHash, request.body.current))) throw unauthorized('login_failed')
      const problem = passwordProblem(request.body.next, user.username)
      if (problem) throw badRequest('password_rejected', { reason: problem, min: PASSWORD_MIN_LENGTH })
      await app.auth.setPassword(user.id, await hashPassword(request.body.next))
      await app.auth.revokeAllSessions(user.id)
      await recordAudit(app.database, actorOf(request), { action: 'password.change' })
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/auth/totp/setup',
    { schema: { tags: ['auth'], summary: 'A new TOTP secret to scan; not active until confirmed', response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }), ...errors } } },
    async (request) => {
      const p = request.requirePrincipal()
      const secret = newTotpSecret()
      return { secret, otpauthUrl: otpauthUrl(secret, p.username) }
    },
  )

  app.post(
    '/api/auth/totp/enable',
    { schema: { tags: ['auth'], summary: 'Turn on the second factor with a code from the app', body: TotpEnable, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      const step = matchTotpStep(request.body.secret, request.body.code)
      if (step === null) throw badRequest('totp_invalid')
      await app.auth.setTotp(p.userId, seal.seal(request.body.secret))
      // The code that turned it on is used up: it cannot also sign in.
      await app.auth.claimTotpStep(p.userId, step)
      await recordAudit(app.database, actorOf(request), { action: 'totp.enable' })
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/api/auth/totp/disable',
    { schema: { tags: ['auth'], summary: 'Turn off the second factor (password required)', body: TotpDisable, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      const p = request.requirePrincipal()
      const user = (await app.auth.userById(p.userId))!
      if (!(await verifyPassword(user.passwordHash, request.body.password))) throw unauthorized('login_failed')
      await app.auth.setTotp(p.userId, null)
      await recordAudit(app.database, actorOf(request), { action: 'totp.disable' })
      return reply.status(204).send(null)
    },
  )
}

export default routes
