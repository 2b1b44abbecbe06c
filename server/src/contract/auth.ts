import { z } from 'zod'
import { PASSWORD_MAX_LENGTH, ROLES } from '@cuntu/domain'
import { AreaCode } from './common.ts'

export const LoginBody = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
    totp: z.string().regex(/^\d{6}$/).optional(),
  })
  .strict()

export const SessionInfo = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    organisationId: z.uuid().nullable(),
    totp: z.boolean(),
  }),
  abilities: z.object({
    namedRecords: z.boolean(),
    editHouseholds: z.boolean(),
    exportNamed: z.boolean(),
    manageUsers: z.boolean(),
    readAudit: z.boolean(),
    breakGlass: z.boolean(),
  }),
  /** Area-code prefixes in scope, or '*'. */
  scope: z.union([z.literal('*'), z.array(z.string())]),
  /** Villages a supervisor has broken the glass for (named access until it expires). */
  namedVillages: z.union([z.literal('*'), z.array(z.string())]),
  /** Send this back as the `x-csrf-token` header on every POST/PATCH/PUT/DELETE. */
  csrfToken: z.string(),
})
export type SessionInfo = z.infer<typeof SessionInfo>

export const PasswordChange = z.object({ current: z.string().min(1).max(PASSWORD_MAX_LENGTH), next: z.string().max(PASSWORD_MAX_LENGTH) }).strict()
export const TotpEnable = z.object({ secret: z.string().regex(/^[A-Z2-7]{16,64}$/), code: z.string().regex(/^\d{6}$/) }).strict()
export const TotpDisable = z.object({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }).strict()

export const BreakGlassBody = z
  .object({ villageCode: AreaCode, reason: z.string().trim().min(10, '请说明理由（至少 10 个字）/ give a reason of at least 10 characters').max(500) })
  .strict()

export const AuditQueryString = z.object({
  action: z.string().max(60).optional(),
  userId: z.uuid().optional(),
  areaCode: AreaCode.optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
})

export const AuditEntryOut = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  role: z.enum(ROLES).nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetIds: z.array(z.string()).nullable(),
  areaCode: z.string().nullable(),
  purpose: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  /** 户号 of household targets the reader may see, by household id. */
  targetHuhao: z.record(z.string(), z.string()),
})

/** Public, before sign-in: in demo mode (never in production) the demo accounts, so a first look needs no README. */
export const DemoSignIns = z.object({
  demo: z
    .object({
      password: z.string(),
      accounts: z.array(z.object({ username: z.string(), displayName: z.string(), role: z.enum(ROLES) })),
    })
    .nullable(),
})
export type DemoSignIns = z.infer<typeof DemoSignIns>

/** The signed-in user's live sessions (settings: end any of them). `id` names a session; it is not its token. */
export const SessionList = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      createdAt: z.string(),
      lastSeenAt: z.string(),
      userAgent: z.string().nullable(),
      ip: z.string().nullable(),
      /** The session this request came with. */
      current: z.boolean(),
    }),
  ),
})
export type SessionList = z.infer<typeof SessionList>
export const SessionIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) })
