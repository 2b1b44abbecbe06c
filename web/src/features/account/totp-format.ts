/** A base32 secret in groups of four, as authenticator apps show it and people type it. */
export function groupSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ')
}
