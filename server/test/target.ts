import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Which database this api project runs against, from CUNTU_TEST_DB (set per vitest project). */
export type TestTarget = { kind: 'pglite' } | { kind: 'postgres'; url: string }

export function testTarget(kind = process.env.CUNTU_TEST_DB ?? 'pglite'): TestTarget {
  if (kind === 'pglite') return { kind }
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('CUNTU_TEST_DB=postgres needs DATABASE_URL (postgres://user@host:port/db)')
  return { kind: 'postgres', url }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** Where global-setup writes the PGlite template; one per vitest run. */
export const pgliteTemplatePath = (pid: number) => path.join(root, '.tmp', `pglite-template-${pid}.tar`)
/** One template database per vitest run, so two checkouts testing at once never drop each other's. */
export const postgresTemplateDb = (pid: number) => `cuntu_test_template_${pid}`

/** The same server's maintenance database, for CREATE/DROP DATABASE. */
declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    postgresTemplate: string
  }
}

export function adminUrl(url: string): string {
  const u = new URL(url)
  u.pathname = '/postgres'
  return u.toString()
}
