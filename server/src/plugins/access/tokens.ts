import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** A fresh random token, 32 bytes, base64url. Used for session cookies and CSRF tokens. */
export const newToken = () => randomBytes(32).toString('base64url')

/** Sessions are stored by the SHA-256 of their token: a leaked table does not yield usable cookies. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** AES-256-GCM with a key derived from the server secret: for TOTP secrets at rest. */
export function sealer(secret: string) {
  const key = scryptSync(secret, 'cuntu-totp-v1', 32)
  return {
    seal(plain: string): string {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
    },
    open(sealed: string): string {
      const [version, iv, body, tag] = sealed.split('.')
      if (version !== 'v1' || !iv || !body || !tag) throw new Error('unrecognised sealed value')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
    },
  }
}
