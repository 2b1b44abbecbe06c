import { defineConfig } from 'vitest/config'

// Test tiers, each its own project: `unit` (pure functions, beside the code),
// `api-pglite` / `api-postgres` (the HTTP API over a real database), `browser`
// (the built app in Debian's chromium). scripts/test.mjs decides which run and
// says plainly what it skipped.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{db,server,fixtures,scripts}/src/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
})
