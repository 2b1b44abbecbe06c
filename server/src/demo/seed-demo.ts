import { isEmpty, loadDataset, type Database } from '@cuntu/db'
import { DEMO_VILLAGE_CODE, generateVillage } from '@cuntu/fixtures'

/** On first start with an empty database, load the demo village so the map has something to show. */
export async function seedDemoIfEmpty(database: Database, log: (msg: string) => void): Promise<boolean> {
  if (!(await isEmpty(database))) return false
  const started = Date.now()
  await loadDataset(database, generateVillage(), { source: 'demo' })
  log(`已载入示例村 / demo village loaded (${DEMO_VILLAGE_CODE}) in ${Date.now() - started} ms`)
  return true
}
