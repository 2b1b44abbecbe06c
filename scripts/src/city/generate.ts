/**
 * The city-scale set for the benchmark: one made-up city in western Guangdong
 * of 10 counties × 10 townships × 25 villages × 400 households (1,000,000
 * households, about 3.6 million members), streamed in chunks of villages so
 * that no more than one chunk is ever in memory.
 *
 * Seeded and reproducible: the same seed gives the same city, ids included,
 * and village v is the same whatever size is asked for, so a smaller set is
 * an exact prefix of a larger one (the loader resumes from it).
 *
 * Every household has its own point. Villages sit on a 50 × 50 grid of cells
 * (about 3.1 km × 2.7 km) over longitude 110.3–111.8, latitude 21.4–22.6; each village's
 * layout (the demo generator's, < 0.7 km from its centre) is checked to stay
 * inside its own cell, and its points are checked distinct among themselves,
 * so no two households anywhere share a point.
 *
 * Run directly it loads the set into the benchmark database:
 *   npx tsx scripts/src/city/generate.ts [--households 20000] [--seed 2026] [--dry-run]
 */
import { pathToFileURL } from 'node:url'
import type { Dataset, DatasetHousehold } from '@cuntu/db'
import { areaLevelOfCode, parentAreaCode, villageCodeRange, type AreaLevel, type Wgs84LngLat } from '@cuntu/domain'
import { generateVillage, seededRandom } from '@cuntu/fixtures'

export const HOUSEHOLDS_PER_VILLAGE = 400
export const VILLAGES_PER_TOWNSHIP = 25
export const TOWNSHIPS_PER_COUNTY = 10
export const COUNTIES = 10
export const MAX_VILLAGES = COUNTIES * TOWNSHIPS_PER_COUNTY * VILLAGES_PER_TOWNSHIP
export const MAX_HOUSEHOLDS = MAX_VILLAGES * HOUSEHOLDS_PER_VILLAGE
export const DEFAULT_SEED = 2026
/** Birth dates and ages are drawn against this date, not the clock, so the set is the same any day. */
export const REFERENCE_DATE = new Date('2026-01-01T00:00:00Z')

export const PROVINCE = { code: '440000000000', name: '广东省' } as const
/** 4499 is no real prefecture: the city and everything in it are invented. */
export const CITY = { code: '449900000000', name: '粤西市（基准测试虚构）' } as const

/** Region of the grid, WGS84 degrees (western Guangdong, around Maoming and Zhanjiang). */
export const REGION = { west: 110.3, east: 111.8, south: 21.4, north: 22.6 } as const
/**
 * The grid nests the hierarchy: counties 2 across × 5 down, townships 5 × 2
 * inside a county, villages 5 × 5 inside a township: 50 × 50 village cells.
 */
const COUNTY_GRID = { cols: 2, rows: 5 }
const TOWNSHIP_GRID = { cols: 5, rows: 2 }
const VILLAGE_GRID = { cols: 5, rows: 5 }
const GRID_COLS = COUNTY_GRID.cols * TOWNSHIP_GRID.cols * VILLAGE_GRID.cols
const GRID_ROWS = COUNTY_GRID.rows * TOWNSHIP_GRID.rows * VILLAGE_GRID.rows
const CELL_LON = (REGION.east - REGION.west) / GRID_COLS // 0.03° ≈ 3.1 km at 22°N
const CELL_LAT = (REGION.north - REGION.south) / GRID_ROWS // 0.024° ≈ 2.65 km
/** How far a village centre may wander from its cell centre, as a fraction of the cell. */
const JITTER = 0.15
/** Points must stay this far (as a fraction of the cell) inside their cell: a gap of ≥ 2 × this between villages. */
const INSET = 0.01

export interface CityOptions {
  households?: number
  seed?: number
}

export interface CityArea {
  code: string
  name: string
  level: AreaLevel
  parentCode: string | null
}

export interface CityPlan {
  households: number
  seed: number
  villages: number
  townships: number
  counties: number
  /** Households in village v (400, except a short last village when the size is not a multiple). */
  householdsIn(v: number): number
  /** Households in villages 0 … v−1. */
  householdsBefore(v: number): number
  villageCode(v: number): string
  townshipCode(t: number): string
  countyCode(c: number): string
  /** The id of the first household of village 0: a cheap marker that a database holds this seed's set. */
  markerId: string
}

export function planCity(options: CityOptions = {}): CityPlan {
  const households = options.households ?? MAX_HOUSEHOLDS
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0
  if (!Number.isInteger(households) || households < 1) throw new RangeError(`households must be a positive integer, got ${households}`)
  if (households > MAX_HOUSEHOLDS) {
    throw new RangeError(`at most ${MAX_HOUSEHOLDS.toLocaleString('en')} households (${MAX_VILLAGES} villages of ${HOUSEHOLDS_PER_VILLAGE} in the region)`)
  }
  const villages = Math.ceil(households / HOUSEHOLDS_PER_VILLAGE)
  const townships = Math.ceil(villages / VILLAGES_PER_TOWNSHIP)
  const counties = Math.ceil(townships / TOWNSHIPS_PER_COUNTY)
  const householdsIn = (v: number) => (v < villages - 1 ? HOUSEHOLDS_PER_VILLAGE : households - HOUSEHOLDS_PER_VILLAGE * (villages - 1))
  return {
    households,
    seed,
    villages,
    townships,
    counties,
    householdsIn,
    householdsBefore: (v) => (v <= 0 ? 0 : v >= villages ? households : v * HOUSEHOLDS_PER_VILLAGE),
    villageCode,
    townshipCode,
    countyCode,
    markerId: cityUuid(seed, 0, 'household', 0),
  }
}

// ── codes (12-digit statistical division codes, see domain/src/places.ts) ──

/** County c → 4499cc000000 with cc = 01 … 10. */
export function countyCode(c: number): string {
  return `${CITY.code.slice(0, 4)}${String(c + 1).padStart(2, '0')}000000`
}
/** Township t (0-based over the city) → county prefix + 101 … 110 + 000 (镇 codes are 1xx). */
export function townshipCode(t: number): string {
  const county = Math.floor(t / TOWNSHIPS_PER_COUNTY)
  return `${countyCode(county).slice(0, 6)}${101 + (t % TOWNSHIPS_PER_COUNTY)}000`
}
/** Village v → township prefix + 201 … 225 (村委会 codes are 2xx). */
export function villageCode(v: number): string {
  const township = Math.floor(v / VILLAGES_PER_TOWNSHIP)
  return `${townshipCode(township).slice(0, 9)}${201 + (v % VILLAGES_PER_TOWNSHIP)}`
}

// ── names: invented two-syllable place names, seeded per area ──

const SYLLABLES = [
  '石', '河', '东', '西', '南', '北', '平', '新', '长', '高', '龙', '水', '山', '田', '塘', '岭', '坡', '湾',
  '岗', '林', '竹', '沙', '青', '黄', '白', '上', '下', '大', '良', '安', '和', '福', '宁', '丰', '榕', '荔',
  '桥', '溪', '埇', '垌', '坑', '湖', '凤', '鹤', '茶', '松', '柏', '梅', '合', '兴', '隆', '泰', '瑞', '康',
]
const LEVEL_SALT: Record<AreaLevel, number> = { province: 1, city: 2, county: 3, township: 4, village: 5 }
const SUFFIX: Partial<Record<AreaLevel, string>> = { county: '县', township: '镇', village: '村' }

function placeName(seed: number, level: AreaLevel, index: number): string {
  const rnd = seededRandom(hash32(seed, LEVEL_SALT[level], index))
  const a = rnd.pick(SYLLABLES)
  let b = rnd.pick(SYLLABLES)
  while (b === a) b = rnd.pick(SYLLABLES)
  return `${a}${b}${SUFFIX[level] ?? ''}`
}

/** Every area of the plan, parents before children. */
export function cityAreas(plan: CityPlan, fromVillage = 0, toVillage = plan.villages): CityArea[] {
  const out: CityArea[] = [
    { ...PROVINCE, level: 'province', parentCode: null },
    { ...CITY, level: 'city', parentCode: PROVINCE.code },
  ]
  const t0 = Math.floor(fromVillage / VILLAGES_PER_TOWNSHIP)
  const t1 = Math.floor((toVillage - 1) / VILLAGES_PER_TOWNSHIP)
  for (let c = Math.floor(t0 / TOWNSHIPS_PER_COUNTY); c <= Math.floor(t1 / TOWNSHIPS_PER_COUNTY); c++) {
    out.push({ code: countyCode(c), name: placeName(plan.seed, 'county', c), level: 'county', parentCode: CITY.code })
  }
  for (let t = t0; t <= t1; t++) {
    const county = countyCode(Math.floor(t / TOWNSHIPS_PER_COUNTY))
    out.push({ code: townshipCode(t), name: placeName(plan.seed, 'township', t), level: 'township', parentCode: county })
  }
  for (let v = fromVillage; v < toVillage; v++) {
    out.push({ code: villageCode(v), name: placeName(plan.seed, 'village', v), level: 'village', parentCode: townshipCode(Math.floor(v / VILLAGES_PER_TOWNSHIP)) })
  }
  return out
}

// ── geometry ──

/** The grid cell of village v: its centre (WGS84) and half-sizes in degrees. */
export function villageCell(v: number): { centre: Wgs84LngLat; halfLng: number; halfLat: number } {
  const county = Math.floor(v / (TOWNSHIPS_PER_COUNTY * VILLAGES_PER_TOWNSHIP))
  const township = Math.floor(v / VILLAGES_PER_TOWNSHIP) % TOWNSHIPS_PER_COUNTY
  const village = v % VILLAGES_PER_TOWNSHIP
  const col =
    (county % COUNTY_GRID.cols) * TOWNSHIP_GRID.cols * VILLAGE_GRID.cols +
    (township % TOWNSHIP_GRID.cols) * VILLAGE_GRID.cols +
    (village % VILLAGE_GRID.cols)
  const row =
    Math.floor(county / COUNTY_GRID.cols) * TOWNSHIP_GRID.rows * VILLAGE_GRID.rows +
    Math.floor(township / TOWNSHIP_GRID.cols) * VILLAGE_GRID.rows +
    Math.floor(village / VILLAGE_GRID.cols)
  return {
    centre: [REGION.west + (col + 0.5) * CELL_LON, REGION.north - (row + 0.5) * CELL_LAT],
    halfLng: CELL_LON / 2,
    halfLat: CELL_LAT / 2,
  }
}

function villageCentre(seed: number, v: number): Wgs84LngLat {
  const [lng0, lat0] = villageCell(v).centre
  const rnd = seededRandom(hash32(seed, 6, v))
  const lng = lng0 + (rnd.next() * 2 - 1) * JITTER * CELL_LON
  const lat = lat0 + (rnd.next() * 2 - 1) * JITTER * CELL_LAT
  return [Number(lng.toFixed(6)), Number(lat.toFixed(6))]
}

// ── ids ──

/** A 32-bit hash of a few integers (murmur3-style finaliser), for per-area seeds. */
function hash32(...parts: number[]): number {
  let h = 0x9e3779b9
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h >>> 0
}

function round32(x: number, key: number): number {
  let y = Math.imul(x ^ key, 0x7feb352d)
  y ^= y >>> 15
  y = Math.imul(y, 0x846ca68b)
  y ^= y >>> 16
  return y >>> 0
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0')

/**
 * A v4-shaped UUID that is unique by construction: (village, kind, index) is
 * packed into 64 bits and put through a 4-round Feistel network keyed by the
 * seed, which is a bijection, so distinct inputs give distinct ids that still
 * look random (spread over the b-tree like gen_random_uuid ids would be).
 */
export function cityUuid(seed: number, village: number, kind: 'household' | 'member', index: number): string {
  if (index >= 0x80000000) throw new RangeError('index out of range')
  let hi = village >>> 0
  let lo = ((kind === 'member' ? 0x80000000 : 0) | index) >>> 0
  for (let r = 0; r < 4; r++) [hi, lo] = [lo, (hi ^ round32(lo, hash32(seed, 7, r))) >>> 0]
  const h = hex8(hi) + hex8(lo)
  const s = hex8(hash32(seed, 8)) + hex8(hash32(seed, 9))
  const variant = '89ab'[parseInt(s[15]!, 16) & 3]
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${s.slice(0, 3)}-${variant}${s.slice(3, 6)}-${h.slice(12, 16)}${s.slice(6, 14)}`
}

// ── the stream ──

export interface ChunkCounts {
  areas: number
  groups: number
  households: number
  members: number
  householdCategories: number
  memberCategories: number
}

export interface CityChunk {
  /** First village index in this chunk and one past the last. */
  from: number
  to: number
  dataset: Dataset
  counts: ChunkCounts
}

export function totalRows(c: ChunkCounts): number {
  return c.areas + c.groups + c.households + c.members + c.householdCategories + c.memberCategories
}

/** One village: the demo generator's households at this village's place, with the city's ids, checked. */
export function generateCityVillage(plan: CityPlan, v: number): Pick<Dataset, 'groups' | 'households'> {
  const code = plan.villageCode(v)
  const centre = villageCentre(plan.seed, v)
  const village = generateVillage(
    {
      // Stride the seeds 2^20 apart: mulberry32 seeds are positions in one 2^32 cycle, and a village
      // draws ~10^5 numbers, so neighbouring villages never replay each other's stream.
      seed: (plan.seed + v * 0x100000) >>> 0,
      households: plan.householdsIn(v),
      groups: 8,
      centre,
      villageCode: code,
      unplacedRate: 0,
    },
    REFERENCE_DATE,
  )
  const cell = villageCell(v)
  const maxLng = cell.halfLng * (1 - 2 * INSET)
  const maxLat = cell.halfLat * (1 - 2 * INSET)
  const seen = new Set<string>()
  let member = 0
  village.households.forEach((h: DatasetHousehold, i) => {
    h.id = cityUuid(plan.seed, v, 'household', i)
    for (const m of h.members) m.id = cityUuid(plan.seed, v, 'member', member++)
    if (!h.lngLat) throw new Error(`household ${code}/${h.huhao} has no point`)
    const [lng, lat] = h.lngLat
    if (Math.abs(lng - cell.centre[0]) > maxLng || Math.abs(lat - cell.centre[1]) > maxLat) {
      throw new Error(`household ${code}/${h.huhao} at ${lng},${lat} leaves its village's cell: layouts could overlap`)
    }
    const key = `${lng},${lat}`
    if (seen.has(key)) throw new Error(`two households of ${code} share the point ${key}`)
    seen.add(key)
  })
  return { groups: village.groups, households: village.households }
}

/**
 * The city as a stream of datasets of `chunkVillages` villages each, from
 * village `from`. Each chunk carries its villages' ancestors (loaded with
 * `on conflict do update`), so every chunk can be loaded on its own.
 */
export function* cityChunks(plan: CityPlan, options: { chunkVillages?: number; from?: number } = {}): Generator<CityChunk> {
  const size = Math.max(1, options.chunkVillages ?? 50)
  for (let from = options.from ?? 0; from < plan.villages; from += size) {
    const to = Math.min(plan.villages, from + size)
    const dataset: Dataset = { areas: cityAreas(plan, from, to), groups: [], households: [] }
    for (let v = from; v < to; v++) {
      const village = generateCityVillage(plan, v)
      dataset.groups.push(...village.groups)
      for (const h of village.households) dataset.households.push(h)
    }
    let members = 0
    let householdCategories = 0
    let memberCategories = 0
    for (const h of dataset.households) {
      members += h.members.length
      householdCategories += h.categories.length
      for (const m of h.members) memberCategories += m.categories.length
    }
    const counts = { areas: dataset.areas.length, groups: dataset.groups.length, households: dataset.households.length, members, householdCategories, memberCategories }
    yield { from, to, dataset, counts }
  }
}

/** Check the plan's codes against the area-code rules (cheap; the generator's own sanity test). */
export function checkCodes(plan: CityPlan): void {
  for (const a of cityAreas(plan)) {
    if (areaLevelOfCode(a.code) !== a.level) throw new Error(`${a.code} reads as ${areaLevelOfCode(a.code)}, not ${a.level}`)
    if (parentAreaCode(a.code) !== a.parentCode) throw new Error(`${a.code}: parent ${a.parentCode}, code rules say ${parentAreaCode(a.code)}`)
  }
  for (let v = 0; v < plan.villages; v++) {
    const { lo, hi } = villageCodeRange(plan.townshipCode(Math.floor(v / VILLAGES_PER_TOWNSHIP)))
    const code = plan.villageCode(v)
    if (code < lo || code > hi) throw new Error(`${code} is outside its township's range ${lo}‥${hi}`)
  }
}

// ── CLI ──

async function main() {
  const { parseCityArgs, usage } = await import('./cli.ts')
  const args = parseCityArgs(process.argv.slice(2))
  if (args.help) {
    console.log(usage('generate'))
    return
  }
  const plan = planCity({ households: args.households, seed: args.seed })
  checkCodes(plan)
  if (args.dryRun) {
    const started = performance.now()
    const sum: ChunkCounts = { areas: 0, groups: 0, households: 0, members: 0, householdCategories: 0, memberCategories: 0 }
    for (const chunk of cityChunks(plan, { chunkVillages: args.chunkVillages })) {
      for (const k of Object.keys(sum) as (keyof ChunkCounts)[]) sum[k] += chunk.counts[k]
    }
    const seconds = (performance.now() - started) / 1000
    console.log(`city (dry run, seed ${plan.seed}): ${plan.counties} counties, ${plan.townships} townships, ${plan.villages} villages`)
    console.log(`  ${JSON.stringify(sum)}`)
    console.log(`  generated and checked in ${seconds.toFixed(1)} s (${Math.round(totalRows(sum) / seconds).toLocaleString('en')} rows/s); every point distinct`)
    return
  }
  const { openBenchDatabase } = await import('./bench-db.ts')
  const { ensureCityLoaded } = await import('./load.ts')
  const { database, name } = await openBenchDatabase(args.database)
  try {
    console.log(`database ${name}: ${plan.households.toLocaleString('en')} households, seed ${plan.seed}`)
    const report = await ensureCityLoaded(database, plan, { reload: args.reload, chunkVillages: args.chunkVillages })
    console.log(JSON.stringify(report, null, 2))
  } finally {
    await database.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
