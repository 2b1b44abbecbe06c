import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, hotp, totpAt, verifyTotp } from './totp.ts'
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import { sealer, tokenHash } from '../../plugins/access/tokens.ts'

describe('TOTP (RFC 6238 test vectors, SHA-1)', () => {
  // RFC 6238 appendix B: secret "12345678901234567890", 8-digit codes.
  const secret = base32Encode(Buffer.from('12345678901234567890'))
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
  ])('at %i s gives %s', (seconds, code) => {
    expect(totpAt(secret, seconds * 1000, 8)).toBe(code)
  })
  it('matches RFC 4226 HOTP vectors', () => {
    const key = Buffer.from('12345678901234567890')
    expect([0, 1, 2, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '520489'])
  })
  it('round-trips base32 and accepts one step of drift only', () => {
    expect(base32Decode(secret).toString()).toBe('12345678901234567890')
    const now = 1_800_000_000_000
    expect(verifyTotp(secret, totpAt(secret, now - 30_000), now)).toBe(true)
    expect(verifyTotp(secret, totpAt(secret, now - 90_000), now)).toBe(false)
    expect(verifyTotp(secret, 'abcdef', now)).toBe(false)
  })
})

describe('passwords', () => {
  it('asks only for length and not a common password', () => {
    expect(passwordProblem('short')).toBe('too_short')
    expect(passwordProblem('1234567890')).toBe('too_common')
    expect(passwordProblem('aaaaaaaaaaaa')).toBe('too_common')
    expect(passwordProblem('村口那棵大榕树下面')).toBe('too_short')
    expect(passwordProblem('村口那棵大榕树下面的石凳')).toBeNull()
    expect(passwordProblem('correct horse battery staple')).toBeNull()
  })
  it('hashes with argon2id and verifies', async () => {
    const phc = await hashPassword('correct horse battery staple')
    expect(phc).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(phc, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(phc, 'wrong horse battery staple')).toBe(false)
    expect(await verifyPassword('not a hash', 'x')).toBe(false)
  })
})

describe('tokens', () => {
  it('stores sessions by hash and seals secrets so only the key opens them', () => {
    expect(tokenHash('abc')).toHaveLength(64)
    const a = sealer('server secret one')
    const sealed = a.seal('JBSWY3DPEHPK3PXP')
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP')
    expect(a.open(sealed)).toBe('JBSWY3DPEHPK3PXP')
    expect(() => sealer('another secret').open(sealed)).toThrow()
  })
})
