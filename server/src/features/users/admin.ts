/**
 * The first administrator of a real deployment: production refuses demo
 * accounts, so `npm run admin -- create <username>` makes one with this.
 */
import { pgErrorOf, type Database } from '@cuntu/db'
import { PASSWORD_MIN_LENGTH } from '@cuntu/domain'
import { UserCreate } from '../../contract/users.ts'
import { badRequest, conflict } from '../../plugins/errors.ts'
import { recordAudit } from '../../plugins/access/audit.ts'
import { hashPassword, passwordProblem } from '../auth/passwords.ts'
import { userRepository } from './repository.ts'

/** Create a system administrator (no organisation: every area); audited as done at the server by `cli`. */
export async function createAdministrator(database: Database, input: { username: string; password: string; displayName?: string }): Promise<string> {
  const username = UserCreate.shape.username.safeParse(input.username)
  if (!username.success) throw badRequest('validation_failed', { details: 'username: 3–40 letters, digits, . _ -' })
  const problem = passwordProblem(input.password, username.data)
  if (problem) throw badRequest('password_rejected', { reason: problem, min: PASSWORD_MIN_LENGTH })
  let id: string
  try {
    id = await userRepository(database).create({
      username: username.data, displayName: input.displayName?.trim() || '系统管理员', role: 'system_admin', organisationId: null,
      passwordHash: await hashPassword(input.password),
    })
  } catch (err) {
    if (pgErrorOf(err).code === '23505') throw conflict('username_taken', { username: username.data })
    throw err
  }
  await recordAudit(database, { userId: null, username: 'cli', role: null }, { action: 'user.create', targetType: 'user', targetIds: [id], details: { role: 'system_admin', via: 'cli' } })
  return id
}
