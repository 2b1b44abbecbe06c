/**
 * `npm run seed`: wipe the households and places and load the demo village again.
 * Uses the server's database configuration (DATABASE_URL or CUNTU_DATA_DIR).
 */
import path from 'node:path'
import { clearData, loadDataset, prepareDatabase } from '@cuntu/db'
import { DEMO_VILLAGE_CODE, generateVillage } from '@cuntu/fixtures'

const url = process.env.DATABASE_URL
const dataDir = path.resolve(process.env.CUNTU_DATA_DIR ?? './data')
const { database } = await prepareDatabase(url ? { url } : { dataDir })
try {
  await clearData(database)
  const data = generateVillage()
  await loadDataset(database, data, { source: 'demo' })
  console.log(`已重新载入示例村 / demo village reloaded: ${DEMO_VILLAGE_CODE}, ${data.households.length} households (${database.kind})`)
} finally {
  await database.close()
}
