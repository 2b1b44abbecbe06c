/** Command-line flags shared by the city generator and the households benchmark. */
import { parseArgs } from 'node:util'
import { DEFAULT_SEED, MAX_HOUSEHOLDS } from './generate.ts'

export const QUICK_HOUSEHOLDS = 20_000
export const DEFAULT_DATABASE = 'cuntu_bench'

export interface CityArgs {
  households: number
  seed: number
  database: string
  reload: boolean
  chunkVillages: number
  dryRun: boolean
  runs: number
  warmup: number
  explain: boolean
  help: boolean
}

/** 1000000, 1_000_000, 1,000,000, 1e6 and 20k all read as numbers. */
function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  const text = value.replace(/[_,]/g, '').toLowerCase()
  const n = text.endsWith('k') ? Number(text.slice(0, -1)) * 1000 : text.endsWith('m') ? Number(text.slice(0, -1)) * 1e6 : Number(text)
  if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) throw new Error(`--${name}: not a whole number: ${value}`)
  return n
}

export function parseCityArgs(argv: string[]): CityArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      households: { type: 'string' },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string' },
      database: { type: 'string' },
      reload: { type: 'boolean', default: false },
      chunk: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      runs: { type: 'string' },
      warmup: { type: 'string' },
      explain: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  const database = values.database ?? DEFAULT_DATABASE
  // The loader empties the database it is given: only ever one of ours.
  if (!/^cuntu_bench[a-z0-9_]*$/.test(database)) throw new Error(`--database must be a benchmark database named cuntu_bench…, got ${database}`)
  return {
    households: count('households', values.households, values.quick ? QUICK_HOUSEHOLDS : MAX_HOUSEHOLDS),
    seed: count('seed', values.seed, DEFAULT_SEED),
    database,
    reload: values.reload,
    chunkVillages: Math.max(1, count('chunk', values.chunk, 50)),
    dryRun: values['dry-run'],
    runs: Math.max(1, count('runs', values.runs, 50)),
    warmup: count('warmup', values.warmup, 5),
    explain: values.explain,
    help: values.help,
  }
}

export function usage(command: 'generate' | 'bench'): string {
  const common = `  --households N   city size (default ${MAX_HOUSEHOLDS.toLocaleString('en')}; --quick = ${QUICK_HOUSEHOLDS.toLocaleString('en')})
  --seed S         generator seed (default ${DEFAULT_SEED})
  --database NAME  benchmark database on the DATABASE_URL server (default ${DEFAULT_DATABASE}; must start with cuntu_bench)
  --reload         empty the benchmark database and load again
  --chunk V        villages per load transaction (default 50)`
  if (command === 'generate') {
    return `npx tsx scripts/src/city/generate.ts [options]   load the city-scale set into the benchmark database
${common}
  --dry-run        generate and check only; no database`
  }
  return `npm run bench -- [options]   households list latency through the API vs the same SQL direct
${common}
  --runs N         measured runs per scenario and path (default 50)
  --warmup N       warm-up runs per scenario and path (default 5)
  --explain        also print EXPLAIN (ANALYZE, BUFFERS) for one village and one township`
}
