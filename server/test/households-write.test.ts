import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { type freshApp, TEST_VILLAGE, withVillage } from './helpers.ts'

const newHousehold = {
  huhao: '0200999',
  group: 2,
  doorNumber: '2巷99号',
  location: { type: 'Point', coordinates: [111.0421, 21.8249] },
  housing: '砖混结构',
  categories: [{ code: 'dibao' }, { code: 'poverty_relief', year: 2018 }],
  members: [
    { name: '陈大明', relation: '户主', sex: 'male', birthDate: '1958-03-12', disabilityText: '视力二级残疾',
      categories: [{ code: 'disability_12', disabilityType: 'visual', disabilityGrade: 2 }] },
    { name: '王秀英', relation: '妻子', sex: 'female', birthDate: '1960-07-01' },
  ],
}

const counts = async (database: Awaited<ReturnType<typeof freshApp>>['database']) => {
  const [row] = await database.rows<{ h: number; m: number; hc: number; mc: number }>(sql`
    select (select count(*)::int from households) as h, (select count(*)::int from members) as m,
           (select count(*)::int from household_categories) as hc, (select count(*)::int from member_categories) as mc`)
  return row
}

const post = (app: Awaited<ReturnType<typeof withVillage>>['app'], payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/households`, payload: payload as object, headers })

describe('creating households', () => {
  it('creates a household with members and categories, leading zeros kept, and rolls member categories up', async () => {
    const { app } = await withVillage(5)
    const res = await post(app, newHousehold)
    expect(res.statusCode).toBe(201)
    const h = res.json()
    expect(h).toMatchObject({ huhao: '0200999', group: 2, version: 1, status: 'active', villageCode: TEST_VILLAGE })
    expect(h.location).toEqual(newHousehold.location)
    expect(h.members.map((m: { name: string }) => m.name)).toEqual(['陈大明', '王秀英'])
    expect(h.categoryCodes).toEqual(['dibao', 'poverty_relief', 'disability_12'])
    const disability = h.categories.find((c: { code: string }) => c.code === 'disability_12')
    expect(disability).toMatchObject({ disabilityType: 'visual', disabilityGrade: 2, memberId: h.members[0].id })
    const again = (await app.inject(`/api/households/${h.id}`)).json()
    expect(again).toEqual(h)
  })

  it('refuses a duplicate 户号 with 409 and writes nothing', async () => {
    const { app, database, data } = await withVillage(5)
    const before = await counts(database)
    const res = await post(app, { ...newHousehold, huhao: data.households[0]!.huhao })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('duplicate_huhao')
    expect(await counts(database)).toEqual(before)
  })

  it.each([
    ['out-of-range longitude', { location: { type: 'Point', coordinates: [191, 21.8] } }],
    ['out-of-range latitude', { location: { type: 'Point', coordinates: [111, -91] } }],
    ['a polygon for a point', { location: { type: 'Polygon', coordinates: [] } }],
    ['a malformed 户号', { huhao: '02 00; drop table households' }],
    ['an unknown field', { colour: 'red' }],
    ['a negative group', { group: -1 }],
    ['a member without a name', { members: [{ name: '' }] }],
    ['an impossible birth date', { members: [{ name: '甲', birthDate: '1970-02-30' }] }],
  ])('rejects %s with 400 validation_failed and writes nothing', async (_label, change) => {
    const { app, database } = await withVillage(3)
    const before = await counts(database)
    const res = await post(app, { ...newHousehold, ...change })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('validation_failed')
    expect(await counts(database)).toEqual(before)
  })

  it.each([
    ['an unknown category', { categories: [{ code: 'not_a_category' }] }, 'unknown_category'],
    ['a member category on the household', { categories: [{ code: 'elderly_80' }] }, 'category_scope_mismatch'],
    ['精准扶贫 without a year', { categories: [{ code: 'poverty_relief' }] }, 'category_year_required'],
    ['a group the village does not have', { group: 42 }, 'group_not_found'],
    ['an unknown member category', { members: [{ name: '甲', categories: [{ code: 'nope' }] }] }, 'unknown_category'],
  ])('rejects %s with a specific 400 and writes nothing', async (_label, change, code) => {
    const { app, database } = await withVillage(3)
    const before = await counts(database)
    const res = await post(app, { ...newHousehold, ...change })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe(code)
    expect(await counts(database)).toEqual(before)
  })

  it('refuses an unknown village with 404', async () => {
    const { app } = await withVillage(3)
    const res = await app.inject({ method: 'POST', url: '/api/villages/440982101299/households', payload: newHousehold })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('village_not_found')
  })

  it('refuses an oversized body with 413 in the caller\'s language', async () => {
    const { app, database } = await withVillage(3)
    const before = await counts(database)
    const res = await post(app, { ...newHousehold, notes: 'x'.repeat(300 * 1024) }, { 'accept-language': 'en' })
    expect(res.statusCode).toBe(413)
    expect(res.json().error).toMatchObject({ code: 'body_too_large' })
    expect(res.json().error.message).toMatch(/too large/)
    expect(await counts(database)).toEqual(before)
  })

  it('rejects malformed JSON with 400', async () => {
    const { app } = await withVillage(1)
    const res = await app.inject({
      method: 'POST',
      url: `/api/villages/${TEST_VILLAGE}/households`,
      payload: '{"huhao": "02',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBeTruthy()
  })

  it('stores injection-looking text as text and returns it unchanged', async () => {
    const { app } = await withVillage(1)
    const nasty = `'); drop table households; -- <script>alert(1)</script> 😀`
    const res = await post(app, { ...newHousehold, huhao: '0200998', notes: nasty, members: [{ name: nasty.slice(0, 90) }] })
    expect(res.statusCode).toBe(201)
    const h = (await app.inject(`/api/households/${res.json().id}`)).json()
    expect(h.notes).toBe(nasty)
    expect(h.members[0].name).toBe(nasty.slice(0, 90))
  })
})

describe('editing households', () => {
  it('applies a patch that names the current version and bumps it', async () => {
    const { app, data } = await withVillage(3)
    const id = data.households[0]!.id
    const res = await app.inject({ method: 'PATCH', url: `/api/households/${id}`, payload: { version: 1, notes: '已走访', group: 3 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ version: 2, notes: '已走访', group: 3 })
  })

  it('answers a stale version with 409 and the current record, and changes nothing', async () => {
    const { app, data } = await withVillage(3)
    const id = data.households[0]!.id
    await app.inject({ method: 'PATCH', url: `/api/households/${id}`, payload: { version: 1, notes: 'first' } })
    const stale = await app.inject({ method: 'PATCH', url: `/api/households/${id}`, payload: { version: 1, notes: 'second' } })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('version_conflict')
    expect(stale.json().current).toMatchObject({ id, version: 2, notes: 'first' })
    expect((await app.inject(`/api/households/${id}`)).json().notes).toBe('first')
  })

  it('requires the version', async () => {
    const { app, data } = await withVillage(1)
    const res = await app.inject({ method: 'PATCH', url: `/api/households/${data.households[0]!.id}`, payload: { notes: 'x' } })
    expect(res.statusCode).toBe(400)
  })

  it('replaces household categories and moves a household to another position', async () => {
    const { app, data } = await withVillage(2)
    const id = data.households[0]!.id
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/households/${id}`,
      payload: { version: 1, categories: [{ code: 'wubao' }], location: { type: 'Point', coordinates: [111.05, 21.83] } },
    })
    expect(res.statusCode).toBe(200)
    const own = res.json().categories.filter((c: { memberId: string | null }) => c.memberId === null)
    expect(own.map((c: { code: string }) => c.code)).toEqual(['wubao'])
    expect(res.json().location.coordinates).toEqual([111.05, 21.83])
  })

  it('refuses 低保 with 低保边缘 by PATCH and by POST with a clear message in the caller\'s language, changing nothing', async () => {
    const { app, data, database } = await withVillage(2)
    const id = data.households[0]!.id
    const before = (await app.inject(`/api/households/${id}`)).json()
    const res = await app.inject({ method: 'PATCH', url: `/api/households/${id}`, payload: { version: 1, categories: [{ code: 'dibao' }, { code: 'dibao_edge' }] } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toMatchObject({ code: 'categories_exclusive', message: '“低保”和“低保边缘”不能同时登记在一户上，请只保留其中一项。' })
    expect((await app.inject(`/api/households/${id}`)).json()).toEqual(before)
    const counted = await counts(database)
    const en = await post(app, { ...newHousehold, categories: [{ code: 'dibao_edge' }, { code: 'dibao' }] }, { 'accept-language': 'en' })
    expect(en.statusCode).toBe(400)
    expect(en.json().error.message).toContain('"Minimum living allowance" and "Near minimum allowance"')
    expect(await counts(database)).toEqual(counted)
  })

  it('refuses to rename a household to a 户号 that exists', async () => {
    const { app, data } = await withVillage(3)
    const [a, b] = data.households
    const res = await app.inject({ method: 'PATCH', url: `/api/households/${a!.id}`, payload: { version: 1, huhao: b!.huhao } })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('duplicate_huhao')
    expect((await app.inject(`/api/households/${a!.id}`)).json()).toMatchObject({ huhao: a!.huhao, version: 1 })
  })

  it('answers malformed and unknown ids with 400 and 404', async () => {
    const { app } = await withVillage(1)
    expect((await app.inject('/api/households/not-a-uuid')).statusCode).toBe(400)
    const missing = await app.inject('/api/households/00000000-0000-4000-8000-000000000000')
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('household_not_found')
  })

  it('deletes a household with its members; a stale version is refused', async () => {
    const { app, database, data } = await withVillage(2)
    const id = data.households[0]!.id
    expect((await app.inject({ method: 'DELETE', url: `/api/households/${id}?version=7` })).statusCode).toBe(409)
    expect((await app.inject({ method: 'DELETE', url: `/api/households/${id}?version=1` })).statusCode).toBe(204)
    expect((await app.inject(`/api/households/${id}`)).statusCode).toBe(404)
    const [left] = await database.rows<{ n: number }>(sql`select count(*)::int as n from members where household_id = ${id}`)
    expect(left!.n).toBe(0)
  })
})

describe('members', () => {
  it('adds, edits with a version check, and removes a member', async () => {
    const { app } = await withVillage(1)
    const created = (await post(app, newHousehold)).json()
    const added = await app.inject({
      method: 'POST',
      url: `/api/households/${created.id}/members`,
      payload: { name: '陈小红', relation: '孙女', sex: 'female', birthDate: '2015-05-05', categories: [{ code: 'left_behind_child' }] },
    })
    expect(added.statusCode).toBe(201)
    const member = added.json().members.find((m: { name: string }) => m.name === '陈小红')
    expect(member).toMatchObject({ version: 1, relation: '孙女' })
    expect(added.json().categoryCodes).toContain('left_behind_child')

    const edited = await app.inject({ method: 'PATCH', url: `/api/members/${member.id}`, payload: { version: 1, schooling: '小学在读' } })
    expect(edited.statusCode).toBe(200)
    expect(edited.json().members.find((m: { id: string }) => m.id === member.id)).toMatchObject({ version: 2, schooling: '小学在读' })
    const stale = await app.inject({ method: 'PATCH', url: `/api/members/${member.id}`, payload: { version: 1, schooling: '初中' } })
    expect(stale.statusCode).toBe(409)

    const removed = await app.inject({ method: 'DELETE', url: `/api/members/${member.id}` })
    expect(removed.statusCode).toBe(200)
    expect(removed.json().members).toHaveLength(2)
    expect(removed.json().categoryCodes).not.toContain('left_behind_child')
  })

  it('rejects a household category on a member', async () => {
    const { app } = await withVillage(1)
    const created = (await post(app, newHousehold)).json()
    const res = await app.inject({
      method: 'POST',
      url: `/api/households/${created.id}/members`,
      payload: { name: '甲', categories: [{ code: 'dibao' }] },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('category_scope_mismatch')
  })

  it('refuses bad member categories by PATCH with a specific 4xx and leaves the member as it was', async () => {
    const { app } = await withVillage(1)
    const created = (await post(app, newHousehold)).json()
    const member = (await app.inject({ method: 'POST', url: `/api/households/${created.id}/members`, payload: { name: '乙' } })).json().members.find((m: { name: string }) => m.name === '乙')
    const before = (await app.inject(`/api/households/${created.id}`)).json()
    const cases: [string, unknown, string][] = [
      ['a household category', [{ code: 'dibao' }], 'category_scope_mismatch'],
      ['an unknown category', [{ code: 'no_such_thing' }], 'unknown_category'],
      ['grade 5', [{ code: 'disability_34', disabilityType: 'visual', disabilityGrade: 5 }], 'validation_failed'],
      ['an unknown disability type', [{ code: 'disability_12', disabilityType: 'eyes', disabilityGrade: 1 }], 'validation_failed'],
      ['the same category twice', [{ code: 'left_behind_child' }, { code: 'left_behind_child' }], 'duplicate_category'],
    ]
    for (const [what, categories, code] of cases) {
      const res = await app.inject({ method: 'PATCH', url: `/api/members/${member.id}`, payload: { version: member.version, categories } })
      expect(res.statusCode, what).toBe(400)
      expect(res.json().error.code, what).toBe(code)
    }
    expect((await app.inject(`/api/households/${created.id}`)).json()).toEqual(before)
  })
})
