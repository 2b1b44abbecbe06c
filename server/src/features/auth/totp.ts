import { createHmac, randomBytes } from 'node:crypto'

/** RFC 6238 TOTP (HMAC-SHA1, 30 s steps, 6 digits): what authenticator apps (e.g. 微信/腾讯身份验证器) expect. */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=-]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of clean) {
    const i = BASE32.indexOf(ch)
    if (i < 0) throw new Error(`not base32: ${ch}`)
    value = (value << 5) | i
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

export const newTotpSecret = () => base32Encode(randomBytes(20))

/** The code for counter `step` (RFC 4226 HOTP). */
export function hotp(secret: Buffer, step: number, digits = 6): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', secret).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0xf
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(code).padStart(digits, '0')
}

/** The code at time `ms` (Unix milliseconds). */
export const totpAt = (secretBase32: string, ms: number, digits = 6) => hotp(base32Decode(secretBase32), Math.floor(ms / 30_000), digits)

/** Accept the current code and one step either side, for clock drift. */
export function verifyTotp(secretBase32: string, code: string, ms = Date.now()): boolean {
  return matchTotpStep(secretBase32, code, ms) !== null
}

/** The time step (Unix ms / 30 s) whose code `code` is, within one step of `ms`, or null. Replays are refused by step. */
export function matchTotpStep(secretBase32: string, code: string, ms = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null
  const now = Math.floor(ms / 30_000)
  const secret = base32Decode(secretBase32)
  for (const step of [now - 1, now, now + 1]) if (hotp(secret, step) === code) return step
  return null
}

export function otpauthUrl(secretBase32: string, account: string, issuer = '村图 Cuntu'): string {
  const label = encodeURIComponent(`${issuer}:${account}`)
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`
}
