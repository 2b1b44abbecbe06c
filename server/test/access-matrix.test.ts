/**
 * Every API route × every role × own area / other area: allowed, or 403/404.
 * The world is built once for the file; cases that write make their own target
 * household first, so no case depends on another.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { OTHER_VILLAGE, signIn, TEST_VILLAGE, withVillage, type Client } from './helpers.ts'

type Role = 'worker' | 'lead' | 'bureau' | 'supervisor' | 'admin'
type Area = 'own' | 'other'
const ROLES: Role[] = ['worker', 'lead', 'bureau', 'supervisor', 'admin']
const NAMED: Role[] = ['worker', 'lead', 'bureau', 'admin']
const EDITORS: Role[] = ['worker', 'lead', 'admin']

let world: Awaited<ReturnType<typeof withVillage>>
const clients = {} as Record<Role, Client>
let seq = 0

beforeAll(async () => {
  world = await withVillage(12)
  for (const r of ROLES) clients[r] = await signIn(world.raw, r)
}, 120_000)

const village = (area: Area) => (area === 'own' ? TEST_VILLAGE : OTHER_VILLAGE)

/** A fresh household in the area, made by the system admin, for cases that change or read one. */
async function target(area: Area): Promise<{ id: string; version: number }> {
  const res = await clients.admin.inject({
    method: 'POST',
    url: `/api/villages/${village(area)}/households`,
    payload: { huhao: `77${String(++seq).padStart(5, '0')}`, members: [{ name: '测试户主', relation: '户主' }] },
  })
  expect(res.statusCode).toBe(201)
  return res.json()
}

/** Expected status: in scope → `ok`; otherwise 403 for routes naming an area, 404 where RLS hides a record. */
const inScope = (role: Role, area: Area) => area === 'own' || role === 'admin'

interface Case {
  name: string
  expected: (role: Role, area: Area) => number
  run: (client: Client, area: Area) => Promise<number>
}

const cases: Case[] = [
  {
    name: 'GET /api/areas/:village',
    expected: (r, a) => (inScope(r, a) ? 200 : 403),
    run: async (c, a) => (await c.inject(`/api/areas/${village(a)}`)).statusCode,
  },
  {
    name: 'GET /api/villages/:code/households',
    expected: (r, a) => (inScope(r, a) ? 200 : 403),
    run: async (c, a) => (await c.inject(`/api/villages/${village(a)}/households`)).statusCode,
  },
  {
    name: 'GET /api/villages/:code/households?names=1',
    expected: (r, a) => (inScope(r, a) && NAMED.includes(r) ? 200 : 403),
    run: async (c, a) => (await c.inject(`/api/villages/${village(a)}/households?names=1`)).statusCode,
  },
  {
    name: 'GET /api/villages/:code/stats',
    expected: (r, a) => (inScope(r, a) ? 200 : 403),
    run: async (c, a) => (await c.inject(`/api/villages/${village(a)}/stats`)).statusCode,
  },
  {
    name: 'POST /api/villages/:code/search',
    expected: (r, a) => (inScope(r, a) && NAMED.includes(r) ? 200 : 403),
    run: async (c, a) => (await c.inject({ method: 'POST', url: `/api/villages/${village(a)}/search`, payload: { q: '0' } })).statusCode,
  },
  {
    name: 'GET /api/areas/:township/households',
    // A worker's scope is their village, not the whole township.
    expected: (r, a) => (inScope(r, a) && r !== 'worker' ? 200 : 403),
    run: async (c, a) => (await c.inject(`/api/areas/${village(a).slice(0, 9)}000/households`)).statusCode,
  },
  {
    name: 'GET /api/households/:id',
    expected: (r, a) => (!inScope(r, a) ? 404 : NAMED.includes(r) ? 200 : 403),
    run: async (c, a) => (await c.inject(`/api/households/${(await target(a)).id}`)).statusCode,
  },
  {
    name: 'POST /api/villages/:code/households',
    expected: (r, a) => (EDITORS.includes(r) && inScope(r, a) ? 201 : 403),
    run: async (c, a) =>
      (await c.inject({ method: 'POST', url: `/api/villages/${village(a)}/households`, payload: { huhao: `66${String(++seq).padStart(5, '0')}` } }))
        .statusCode,
  },
  {
    name: 'PATCH /api/households/:id',
    expected: (r, a) => (!EDITORS.includes(r) ? 403 : inScope(r, a) ? 200 : 404),
    run: async (c, a) => {
      const t = await target(a)
      return (await c.inject({ method: 'PATCH', url: `/api/households/${t.id}`, payload: { version: t.version, notes: '改' } })).statusCode
    },
  },
  {
    name: 'DELETE /api/households/:id',
    expected: (r, a) => (!EDITORS.includes(r) ? 403 : inScope(r, a) ? 204 : 404),
    run: async (c, a) => (await c.inject({ method: 'DELETE', url: `/api/households/${(await target(a)).id}` })).statusCode,
  },
  {
    name: 'POST /api/households/:id/members',
    expected: (r, a) => (!EDITORS.includes(r) ? 403 : inScope(r, a) ? 201 : 404),
    run: async (c, a) =>
      (await c.inject({ method: 'POST', url: `/api/households/${(await target(a)).id}/members`, payload: { name: '新成员' } })).statusCode,
  },
  {
    name: 'PATCH /api/members/:id',
    expected: (r, a) => (!EDITORS.includes(r) ? 403 : inScope(r, a) ? 200 : 404),
    run: async (c, a) => {
      const t = await target(a)
      const member = (await clients.admin.inject(`/api/households/${t.id}`)).json().members[0]
      return (await c.inject({ method: 'PATCH', url: `/api/members/${member.id}`, payload: { version: member.version, work: '务农' } })).statusCode
    },
  },
  {
    name: 'POST /api/break-glass',
    expected: (r, a) => (r === 'supervisor' && a === 'own' ? 201 : 403),
    run: async (c, a) =>
      (await c.inject({ method: 'POST', url: '/api/break-glass', payload: { villageCode: village(a), reason: '核实低保对象家庭情况，督导回访' } })).statusCode,
  },
  {
    name: 'GET /api/audit',
    expected: (r) => (r === 'lead' || r === 'admin' ? 200 : 403),
    run: async (c) => (await c.inject('/api/audit')).statusCode,
  },
  {
    name: 'GET /api/users',
    expected: (r) => (r === 'lead' || r === 'admin' ? 200 : 403),
    run: async (c) => (await c.inject('/api/users')).statusCode,
  },
  {
    name: 'GET /api/categories',
    expected: () => 200,
    run: async (c) => (await c.inject('/api/categories')).statusCode,
  },
]

describe.each(cases)('$name', ({ expected, run }) => {
  it.each(ROLES.flatMap((role) => (['own', 'other'] as Area[]).map((area) => ({ role, area }))))('$role in $area area', async ({ role, area }) => {
    expect(await run(clients[role], area)).toBe(expected(role, area))
  })
})

describe('without a session', () => {
  it.each([
    ['GET', `/api/villages/${TEST_VILLAGE}/households`],
    ['GET', `/api/villages/${TEST_VILLAGE}/stats`],
    ['GET', '/api/areas'],
    ['GET', '/api/categories'],
    ['GET', '/api/households/00000000-0000-4000-8000-000000000000'],
    ['POST', `/api/villages/${TEST_VILLAGE}/households`],
    ['GET', '/api/audit'],
    ['GET', '/api/auth/session'],
  ])('%s %s answers 401', async (method, url) => {
    const res = await world.raw.inject({ method: method as 'GET', url, payload: method === 'POST' ? { huhao: '1' } : undefined })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('unauthenticated')
  })

  it('still serves health and the API docs', async () => {
    expect((await world.raw.inject('/api/health')).statusCode).toBe(200)
    expect((await world.raw.inject('/api/docs/json')).statusCode).toBe(200)
  })
})

describe('a worker of one village', () => {
  it('cannot reach a sibling village in the same township by any route', async () => {
    const sibling = '440982101202'
    await world.database.db.execute(
      (await import('drizzle-orm')).sql`insert into areas (code, name, level, parent_code) values (${sibling}, '邻村', 'village', '440982101000')`,
    )
    const created = await clients.lead.inject({ method: 'POST', url: `/api/villages/${sibling}/households`, payload: { huhao: '0300001' } })
    expect(created.statusCode).toBe(201)
    const w = clients.worker
    expect((await w.inject(`/api/villages/${sibling}/households`)).statusCode).toBe(403)
    expect((await w.inject(`/api/villages/${sibling}/stats`)).statusCode).toBe(403)
    expect((await w.inject({ method: 'POST', url: `/api/villages/${sibling}/search`, payload: { q: '03' } })).statusCode).toBe(403)
    expect((await w.inject(`/api/households/${created.json().id}`)).statusCode).toBe(404)
    const township = (await w.inject('/api/areas/440982101000/households')).statusCode
    expect(township).toBe(403)
    const tree = JSON.stringify((await w.inject('/api/areas')).json())
    expect(tree).not.toContain(sibling)
    expect(tree).toContain(TEST_VILLAGE)
  })
})

describe('organisations', () => {
  it('shows a station lead the station and its service points, and the admin everything', async () => {
    const lead = (await clients.lead.inject('/api/organisations')).json() as { name: string; kind: string; areaCodes: string[] }[]
    expect(lead.map((o) => o.kind).sort()).toEqual(['service_point', 'station'])
    expect(lead.find((o) => o.kind === 'service_point')!.areaCodes).toEqual([TEST_VILLAGE])
    const admin = (await clients.admin.inject('/api/organisations')).json() as unknown[]
    expect(admin).toHaveLength(4)
    expect((await clients.worker.inject('/api/organisations')).statusCode).toBe(403)
  })
})
