import { defineConfig } from 'vitest/config'

// Test tiers, each its own project: `unit` (pure functions, beside the code),
// `api-pglite` / `api-postgres` (the HTTP API over a real database), `browser`
// (the built app in Debian's chromium). scripts/test.mjs decides which run and
// says plainly what it skipped.
const api = (db: 'pglite' | 'postgres') => ({
  test: {
    name: `api-${db}`,
    include: ['server/test/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    env: { CUNTU_TEST_DB: db },
    // One database per worker process, kept across its test files: PGlite takes seconds to start.
    pool: 'forks' as const,
    isolate: false,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{db,server,fixtures,scripts}/src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
        },
      },
      api('pglite'),
      api('postgres'),
      {
        test: {
          name: 'browser',
          include: ['web/e2e/**/*.e2e.test.ts'],
          globalSetup: ['web/e2e/global-setup.ts'],
          // One server, one chromium per file; software GL is slow, so generous timeouts.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
