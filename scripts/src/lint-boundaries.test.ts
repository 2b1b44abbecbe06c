// The layer rules in eslint.config.js, checked on small snippets at the paths
// they govern: each forbidden arrow is reported, each allowed one is not.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const eslint = new ESLint({ cwd: root })

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message)
}

describe('import boundaries', { timeout: 60_000 }, () => {
  it('lets only web/src/map import the map engines', async () => {
    expect(await restricted('web/src/features/households/x.ts', "import maplibregl from 'maplibre-gl'\nexport const m = maplibregl\n")).not.toEqual([])
    expect(await restricted('web/src/features/households/x.ts', "import { Deck } from '@deck.gl/core'\nexport const d = Deck\n")).not.toEqual([])
    expect(await restricted('server/src/features/x.ts', "import { TerraDraw } from 'terra-draw'\nexport const t = TerraDraw\n")).not.toEqual([])
    expect(await restricted('web/src/map/x.ts', "import maplibregl from 'maplibre-gl'\nimport { Deck } from '@deck.gl/core'\nexport const m = [maplibregl, Deck]\n")).toEqual([])
  })

  it('keeps the domain free of anything of ours', async () => {
    expect(await restricted('domain/src/x.ts', "import { openDatabase } from '@cuntu/db'\nexport const o = openDatabase\n")).not.toEqual([])
    expect(await restricted('domain/src/x.ts', "import { z } from 'zod'\nexport const s = z\n")).not.toEqual([])
    expect(await restricted('domain/src/x.ts', "import { ROLES } from './access.ts'\nexport const r = ROLES\n")).toEqual([])
  })

  it('lets the browser depend on the domain and the contract types only', async () => {
    expect(await restricted('web/src/app/x.ts', "import { openDatabase } from '@cuntu/db'\nexport const o = openDatabase\n")).not.toEqual([])
    expect(await restricted('web/src/app/x.ts', "import { HouseholdListQuery } from '@cuntu/server/contract'\nexport const q = HouseholdListQuery\n")).not.toEqual([])
    expect(await restricted('web/src/app/x.ts', "import { buildApp } from '../../../server/src/app.ts'\nexport const b = buildApp\n")).not.toEqual([])
    expect(await restricted('web/src/app/x.ts', "import type { HouseholdListQuery } from '@cuntu/server/contract'\nimport { ROLES } from '@cuntu/domain'\nexport type Q = HouseholdListQuery\nexport const r = ROLES\n")).toEqual([])
  })

  it('keeps plugins below features', async () => {
    expect(await restricted('server/src/plugins/x.ts', "import { createRepositories } from '../features/index.ts'\nexport const c = createRepositories\n")).not.toEqual([])
    expect(await restricted('server/src/features/x/routes.ts', "import { recordAudit } from '../../plugins/access/audit.ts'\nexport const r = recordAudit\n")).toEqual([])
  })

  it('makes scripts use package exports instead of other workspaces\' files', async () => {
    expect(await restricted('scripts/src/x.ts', "import { buildApp } from '../../server/src/app.ts'\nexport const b = buildApp\n")).not.toEqual([])
    expect(await restricted('scripts/src/x.ts', "import { buildApp } from '@cuntu/server/tooling'\nexport const b = buildApp\n")).toEqual([])
  })
})
