import type { Database } from '@cuntu/db'
import type { Role } from '@cuntu/domain'
import { DEMO_PLACES } from '@cuntu/fixtures'
import { hashPassword } from '../features/auth/passwords.ts'
import { userRepository } from '../features/users/repository.ts'

/** Demo sign-ins, one per role. Production refuses to start while any `demo` account exists. */
export const DEMO_PASSWORD = 'cuntu-demo-village'
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
  { username: 'worker', displayName: '示例社工（石桥村）', role: 'worker' },
  { username: 'lead', displayName: '示例站长（河东镇社工站）', role: 'station_lead' },
  { username: 'bureau', displayName: '示例民政管理员（化州市）', role: 'civil_affairs_admin' },
  { username: 'supervisor', displayName: '示例督导', role: 'supervisor' },
  { username: 'admin', displayName: '示例系统管理员', role: 'system_admin' },
]

export const DEMO_ORGS = {
  bureau: '化州市民政局（示例）',
  station: '河东镇社工站（示例）',
  servicePoint: '石桥村社工点（示例）',
  supervision: '督导团队（示例）',
}

export type DemoAccountsOutcome = 'created' | 'existing' | 'no_demo_places'

/**
 * The 双百 structure over the demo places and one account per role: a bureau
 * over the county, a station over the township, a service point over the
 * village, a supervision team assigned to the station. Idempotent. A database
 * that holds other places but not the demo ones (e.g. a workbook imported into
 * a new data folder first) gets no demo accounts: their organisations would
 * point at areas that are not there.
 */
export async function ensureDemoAccounts(database: Database, villageCode: string = DEMO_PLACES.village.code): Promise<DemoAccountsOutcome> {
  const users = userRepository(database)
  if (await users.organisationByName(DEMO_ORGS.station)) return 'existing'
  const needed = [DEMO_PLACES.county.code, DEMO_PLACES.township.code, villageCode]
  if ((await users.existingAreas(needed)).length < needed.length) return 'no_demo_places'
  const bureau = await users.createOrganisation({ kind: 'bureau', name: DEMO_ORGS.bureau, parentId: null, areaCodes: [DEMO_PLACES.county.code] })
  const station = await users.createOrganisation({ kind: 'station', name: DEMO_ORGS.station, parentId: bureau, areaCodes: [DEMO_PLACES.township.code] })
  const point = await users.createOrganisation({ kind: 'service_point', name: DEMO_ORGS.servicePoint, parentId: station, areaCodes: [villageCode] })
  const supervision = await users.createOrganisation({ kind: 'supervision', name: DEMO_ORGS.supervision, parentId: null, areaCodes: [] })
  const orgOf: Record<Role, string | null> = { worker: point, station_lead: station, civil_affairs_admin: bureau, supervisor: supervision, system_admin: null }
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  for (const a of DEMO_ACCOUNTS) {
    const id = await users.create({ ...a, organisationId: orgOf[a.role], passwordHash, demo: true })
    if (a.role === 'supervisor') await users.assignSupervisor(id, station)
  }
  return 'created'
}
