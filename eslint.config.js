// Lint with zero warnings (npm test runs it). Besides the usual TypeScript
// rules, the import rules hold the layers: only web/src/map touches the map
// engines, and in the web only it converts datums (GCJ-02); the domain imports
// nothing of ours; the browser code depends on the domain and the contract's
// types only; plugins never import features; scripts use packages' exports,
// not other workspaces' files.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const MAP_ENGINES = {
  group: ['maplibre-gl', 'maplibre-gl/*', '@deck.gl/*', '@luma.gl/*', 'terra-draw', 'terra-draw-*'],
  message: 'Only web/src/map imports the map engines: give the map folder a layer description instead.',
}
const OTHER_WORKSPACES_BY_PATH = {
  group: ['**/server/src/**', '**/db/src/**', '**/web/src/**', '**/web/e2e/**', '**/scripts/src/**', '**/fixtures/src/**', '**/domain/src/**'],
  message: "Import another workspace through its package exports (e.g. '@cuntu/server/tooling'), not by relative path.",
}

/** In the web only the map's datum edge (web/src/map) converts between WGS84 and GCJ-02; the rest hands it WGS84. */
const GCJ02_NAMES = ['wgs84ToGcj02', 'gcj02ToWgs84', 'asGcj02', 'outOfChina']
const GCJ02_OUTSIDE_MAP = ['@cuntu/domain', '@cuntu/domain/coords.ts', '@cuntu/domain/coords'].map((name) => ({
  name,
  importNames: GCJ02_NAMES,
  message: 'Only web/src/map converts datums (map/datum-edge.ts): hand the map WGS84 and take WGS84 back.',
}))

const BROWSER_DEPENDS_ON = {
  group: ['@cuntu/db', '@cuntu/db/*', '@cuntu/server', '@cuntu/server/*', '!@cuntu/server/contract', '@cuntu/scripts', '@cuntu/scripts/*', '@cuntu/fixtures', '@cuntu/fixtures/*'],
  message: "The browser depends on @cuntu/domain and the contract's types only.",
}

/** One no-restricted-imports per file set (a later config's rule replaces an earlier one, so each lists all it needs). */
const restrict = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
})

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.tmp/**', 'bench-results/**', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', performance: 'readonly', fetch: 'readonly', Blob: 'readonly', AbortController: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-undef': 'off', // TypeScript checks names
      // Input sanitisers match control characters on purpose; Chinese text and comments use the ideographic space.
      'no-control-regex': 'off',
      'no-irregular-whitespace': ['error', { skipStrings: true, skipComments: true, skipTemplates: true, skipRegExps: true }],
      ...restrict(MAP_ENGINES, OTHER_WORKSPACES_BY_PATH),
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [
          { name: '@cuntu/server/contract', allowTypeImports: true, message: 'The browser takes the contract\'s types only (import type).' },
          ...GCJ02_OUTSIDE_MAP,
        ],
        patterns: [
          MAP_ENGINES,
          OTHER_WORKSPACES_BY_PATH,
          BROWSER_DEPENDS_ON,
        ],
      }],
    },
  },
  {
    files: ['web/src/map/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: '@cuntu/server/contract', allowTypeImports: true, message: 'The browser takes the contract\'s types only (import type).' }],
        patterns: [OTHER_WORKSPACES_BY_PATH, BROWSER_DEPENDS_ON],
      }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: restrict({ group: ['@cuntu/*', '../*', 'drizzle-orm', 'drizzle-orm/*', 'pg', 'zod', 'fastify', 'react'], message: 'The domain workspace depends on nothing: it holds facts and pure rules.' }),
  },
  {
    files: ['server/src/plugins/**/*.ts'],
    rules: restrict(MAP_ENGINES, OTHER_WORKSPACES_BY_PATH, { group: ['**/features/**'], message: 'Plugins sit below features: let the feature provide what the plugin needs (see features/index.ts).' }),
  },
  {
    files: ['db/**/*.ts'],
    rules: restrict(MAP_ENGINES, OTHER_WORKSPACES_BY_PATH, { group: ['@cuntu/server', '@cuntu/server/*', '@cuntu/web', '@cuntu/web/*', '@cuntu/scripts', '@cuntu/scripts/*'], message: 'The database layer sits below the server and the tools.' }),
  },
)
