/**
 * `npm run seed`: wipe the households, places and drawn maps and load the demo
 * village again, with its base sketch, asset and need maps.
 * Uses the server's database configuration (DATABASE_URL or CUNTU_DATA_DIR).
 */
import path from 'node:path'
import { clearData, prepareDatabase } from '@cuntu/db'
import { DEMO_VILLAGE_CODE } from '@cuntu/fixtures'
import { seedDemo } from '@cuntu/server/tooling'

const url = process.env.DATABASE_URL
const dataDir = path.resolve(process.env.CUNTU_DATA_DIR ?? './data')
const { database } = await prepareDatabase(url ? { url } : { dataDir })
try {
  await clearData(database)
  const r = await seedDemo(database)
  console.log(`已重新载入示例村 / demo village reloaded: ${DEMO_VILLAGE_CODE}, ${r.households} households, ${r.maps} maps with ${r.features} features (${database.kind})`)
} finally {
  await database.close()
}
