/** docker-compose.yml is the production setup: no demo, no default secrets, restarts and health checks. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const text = readFileSync(fileURLToPath(new URL('../../docker-compose.yml', import.meta.url)), 'utf8')
const compose = parse(text) as { services: Record<string, { environment?: Record<string, string>; restart?: string; healthcheck?: { test: unknown } }> }

describe('docker-compose.yml', () => {
  it('runs the app in production mode without demo data', () => {
    const env = compose.services.app!.environment!
    expect(env.NODE_ENV).toBe('production')
    expect(env.CUNTU_DEMO).toBe('0')
  })
  it('requires the secrets instead of defaulting them', () => {
    expect(text).not.toMatch(/change-me|:-[^}]*secret/i)
    expect(compose.services.app!.environment!.CUNTU_SECRET).toMatch(/^\$\{CUNTU_SECRET:\?/)
    expect(compose.services.db!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{CUNTU_DB_PASSWORD:\?/)
  })
  it('restarts both services and checks their health', () => {
    for (const name of ['app', 'db']) {
      expect(compose.services[name]!.restart, name).toBe('unless-stopped')
      expect(compose.services[name]!.healthcheck, name).toBeDefined()
    }
  })
  it('documents the first-admin command', () => {
    expect(text).toContain('npm run admin -- create')
  })
})
