import { z } from 'zod'
import { ORG_KINDS, PASSWORD_MAX_LENGTH, ROLES } from '@cuntu/domain'
import { Uuid } from './common.ts'

export const UserOut = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  organisationId: Uuid.nullable(),
  organisationName: z.string().nullable(),
  disabled: z.boolean(),
  totp: z.boolean(),
})
export type UserOut = z.infer<typeof UserOut>

export const UserCreate = z
  .object({
    username: z.string().trim().regex(/^[A-Za-z0-9._-]{3,40}$/),
    displayName: z.string().trim().min(1).max(60),
    role: z.enum(ROLES),
    organisationId: Uuid,
    password: z.string().max(PASSWORD_MAX_LENGTH),
  })
  .strict()
export type UserCreate = z.infer<typeof UserCreate>

export const UserPatch = z.object({ disabled: z.boolean().optional(), password: z.string().max(PASSWORD_MAX_LENGTH).optional() }).strict()
export type UserPatch = z.infer<typeof UserPatch>

export const Organisation = z.object({ id: Uuid, kind: z.enum(ORG_KINDS), name: z.string(), parentId: Uuid.nullable(), areaCodes: z.array(z.string()) })
export type Organisation = z.infer<typeof Organisation>
