import { hash, verify } from '@node-rs/argon2'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@cuntu/domain'

// argon2id (algorithm 2) with OWASP's second recommended profile: m=19 MiB, t=2, p=1.
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

/**
 * Passwords people actually pick, as seen in leaked lists; a new password may not be one of them
 * (compared case-insensitively). Short on purpose: the length rule does most of the work.
 */
const COMMON = new Set(
  [
    '1234567890', '0123456789', '12345678910', '1111111111', '0000000000', '123456789a', 'a123456789', 'qwertyuiop',
    'qwerty123456', 'password123', 'password12', 'password1234', 'iloveyou123', 'abc1234567', 'abcd123456', '1q2w3e4r5t',
    'qazwsxedcrfv', '1qaz2wsx3edc', 'woaini1314', 'woaini520', '5201314520', '1314520520', 'aa12345678', 'zxcvbnm123',
    'asdfghjkl1', 'asd123456789', 'qwe123456789', 'admin12345', 'administrator', 'welcome123', 'letmein123', 'changeme123',
    'cuntu12345', 'p@ssw0rd123', 'passw0rd123', '88888888888', '66666666666', '1234qwer1234', 'abcdefghij',
  ].map((p) => p.toLowerCase()),
)

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common'

/** Check a new password: length and the common list only; no composition rules (NIST SP 800-63B). */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) return 'too_short'
  if (length > PASSWORD_MAX_LENGTH) return 'too_long'
  const lower = password.toLowerCase()
  if (COMMON.has(lower)) return 'too_common'
  if (username && lower.includes(username.toLowerCase()) && length < username.length + 6) return 'too_common'
  if (/^(.)\1+$/.test(password)) return 'too_common'
  return null
}

export const hashPassword = (password: string) => hash(password, ARGON2)

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password)
  } catch {
    return false
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal which usernames exist. */
let decoy: Promise<string> | undefined
export const decoyHash = () => (decoy ??= hashPassword('decoy password that matches nothing'))
