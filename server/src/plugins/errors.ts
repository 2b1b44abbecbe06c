import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { CommitOutcomeUnknown, faultOf } from '@cuntu/db'
import { negotiateLocale } from '../i18n/locale.ts'
import { message, type MessageCode } from '../i18n/messages.ts'
import { domainFailureOf } from './db-errors.ts'
import { summariseError } from './log-redact.ts'

/**
 * A failure the client can act on: a code clients may switch on, an HTTP
 * status, and parameters for the message, which is rendered in the caller's
 * language by the one error handler below.
 */
export class AppError extends Error {
  constructor(
    readonly code: MessageCode,
    readonly statusCode: number,
    readonly params: Record<string, string | number> = {},
    /** Extra body fields (e.g. `current` with a 409). Never sensitive values the caller could not read anyway. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code)
  }
}

export const notFound = (code: MessageCode, params: Record<string, string | number> = {}) => new AppError(code, 404, params)
export const badRequest = (code: MessageCode, params: Record<string, string | number> = {}) => new AppError(code, 400, params)
export const unauthorized = (code: MessageCode = 'unauthenticated') => new AppError(code, 401)
export const forbidden = (code: MessageCode = 'forbidden', params: Record<string, string | number> = {}) => new AppError(code, 403, params)
export const conflict = (code: MessageCode, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}) =>
  new AppError(code, 409, params, extra)

function describeValidation(error: FastifyError): string {
  const issues = (error.validation ?? []).slice(0, 5).map((v) => {
    const where = [error.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.')
    return `${where}: ${v.message}`
  })
  return issues.join('; ') || error.message
}

export default fp(async function errors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const locale = negotiateLocale(request.headers['accept-language'])
    if (error instanceof AppError) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code, message: message(error.code, locale, error.params) }, ...error.extra })
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = describeValidation(error)
      return reply.status(400).send({
        error: { code: 'validation_failed', message: message('validation_failed', locale, { details }), details: error.validation },
      })
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .status(413)
        .send({ error: { code: 'body_too_large', message: message('body_too_large', locale, { limit: `${app.initialConfig.bodyLimit} B` }) } })
    }
    if (error.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: message('rate_limited', locale) } })
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (bad JSON, wrong content type): pass the code on, in the caller's language where we can.
      const code = error.code ?? 'bad_request'
      const details = error.message
      return reply
        .status(error.statusCode)
        .send({ error: { code, message: message('validation_failed', locale, { details }) } })
    }
    const fault = faultOf(error)
    if (fault) {
      // The database is unreachable or cannot write: say so, and let clients retry (the pool reconnects by itself).
      app.database?.faults.fault(error)
      request.log.warn({ failure: summariseError(error), route: request.routeOptions.url }, 'database fault')
      const code = error instanceof CommitOutcomeUnknown ? 'database_commit_unknown' : fault === 'storage' ? 'database_storage' : 'database_unavailable'
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: { code, message: message(code, locale) } })
    }
    // Logged as codes and names only: a database error's message and parameters hold personal data.
    const failure = domainFailureOf(error)
    if (failure) {
      request.log.warn({ failure: summariseError(error), route: request.routeOptions.url }, 'database refused a value')
      return reply.status(failure.status).send({ error: { code: failure.code, message: message(failure.code, locale) } })
    }
    request.log.error({ failure: summariseError(error), route: request.routeOptions.url }, 'unhandled error')
    return reply.status(500).send({ error: { code: 'internal_error', message: message('internal_error', locale) } })
  })

  app.setNotFoundHandler((request, reply) => {
    const locale = negotiateLocale(request.headers['accept-language'])
    return reply.status(404).send({ error: { code: 'not_found', message: message('not_found', locale) } })
  })
})
