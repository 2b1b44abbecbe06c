import { defineConfig } from 'vitest/config'

// Test tiers, each its own project: `unit` (pure functions, beside the code),
// `api-pglite` / `api-postgres` (the HTTP API over a real database), `browser`
// (the built app in Debian's chromium). scripts/test.mjs decides which run and
// says plainly what it skipped.
// Projects with different worker settings run one group after another (sequence.groupOrder).
const GROUP = { unit: 0, 'api-pglite': 1, 'api-postgres': 2, 'browser-pglite': 3, 'browser-postgres': 4 } as const

const api = (db: 'pglite' | 'postgres') => ({
  test: {
    name: `api-${db}`,
    sequence: { groupOrder: GROUP[`api-${db}`] },
    include: ['server/test/**/*.test.ts'],
    // Fault tests that provoke one engine's faults run on that engine's tier only.
    // Engine-specific suites: faults of a server connection or of the embedded folder; overlapping writes need a pool.
    exclude: db === 'pglite' ? ['server/test/db-faults.test.ts', 'server/test/concurrent-writes.test.ts'] : ['server/test/db-faults-embedded.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    // Opens the worker's database before the first test, not inside it (see setup.ts).
    setupFiles: ['server/test/setup.ts'],
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
          sequence: { groupOrder: GROUP.unit },
          include: ['{domain,db,server,fixtures,scripts}/src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
        },
      },
      api('pglite'),
      api('postgres'),
      browser('pglite'),
      browser('postgres'),
    ],
  },
})

function browser(db: 'pglite' | 'postgres') {
  return {
    test: {
      name: `browser-${db}`,
      sequence: { groupOrder: GROUP[`browser-${db}`] },
      env: { CUNTU_TEST_DB: db },
      include: ['web/e2e/**/*.e2e.test.ts'],
      globalSetup: ['web/e2e/global-setup.ts'],
      // One server, one chromium per file; software GL is slow, so generous timeouts.
      fileParallelism: false,
      testTimeout: 90_000,
      hookTimeout: 180_000,
    },
  }
}
