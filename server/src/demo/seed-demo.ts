import { isEmpty, loadDataset, queryRows, type Database, type Db } from '@cuntu/db'
import { DEMO_VILLAGE_CODE, generateDemoMaps, generateVillage, villagePlan, type DemoMap } from '@cuntu/fixtures'
import { mapRepository } from '../features/maps/repository.ts'
import type { ChangeActor } from '../features/changes/repository.ts'

/** Who the change log says drew the demo maps: no account, a name that says where they came from. */
export const DEMO_MAPS_ACTOR: ChangeActor = { userId: null, username: '示例数据' }

/**
 * Write drawn maps through the maps repository, the path the API takes: each
 * geometry is checked (validity, distance from the village, vertices, kinds'
 * geometries) and every map, layer and feature gets its change-log row.
 */
export async function loadDemoMaps(database: Database, villageCode: string, maps: DemoMap[]): Promise<{ maps: number; features: number }> {
  const repo = mapRepository(database)
  let features = 0
  for (const m of maps) {
    const created = await repo.createMap(villageCode, { name: m.name, purpose: m.purpose, layerName: m.layerName }, DEMO_MAPS_ACTOR)
    const layer = created.layers[0]!
    for (const f of m.features) {
      await repo.createFeature(layer.id, { kind: f.kind, name: f.name, description: f.description, geometry: f.geometry }, DEMO_MAPS_ACTOR, { contacts: true })
      features++
    }
  }
  return { maps: maps.length, features }
}

/**
 * The demo village and its drawn maps in one transaction: a failure part-way
 * leaves the database empty, so the next start seeds again rather than finding
 * households without their maps.
 */
export async function seedDemo(database: Database): Promise<{ households: number; maps: number; features: number }> {
  const village = generateVillage()
  const maps = generateDemoMaps(village, villagePlan())
  return database.db.transaction(async (tx) => {
    // The repositories' own transactions become savepoints inside this one.
    const inTx: Database = { ...database, db: tx as unknown as Db, rows: (q) => queryRows(tx, q) }
    await loadDataset(inTx, village, { source: 'demo' })
    const drawn = await loadDemoMaps(inTx, DEMO_VILLAGE_CODE, maps)
    return { households: village.households.length, ...drawn }
  })
}

/** On first start with an empty database, load the demo village (and its maps) so the map has something to show. */
export async function seedDemoIfEmpty(database: Database, log: (msg: string) => void): Promise<boolean> {
  if (!(await isEmpty(database))) return false
  const started = Date.now()
  const r = await seedDemo(database)
  log(`已载入示例村 / demo village loaded (${DEMO_VILLAGE_CODE}: ${r.households} 户, ${r.maps} 张地图, ${r.features} 个要素) in ${Date.now() - started} ms`)
  return true
}
