import { describe, expect, it } from 'vitest'
import { BUILTIN_CATEGORIES } from '@cuntu/domain'
import { freshApp, withVillage } from './helpers.ts'
import { testTarget } from './target.ts'

describe('GET /api/health', () => {
  it('names the database in use and its PostGIS version', async () => {
    const { app } = await freshApp()
    const res = await app.inject('/api/health')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.ok).toBe(true)
    expect(body.database).toBe(testTarget().kind)
    expect(body.postgis).toMatch(/^3\.\d+/)
  })
})

describe('GET /api/categories', () => {
  it('serves the built-in registry in priority order with labels and colours', async () => {
    const { app } = await withVillage(1)
    const body = (await app.inject('/api/categories')).json() as { code: string; colour: string; builtin: boolean; labelZh: string }[]
    expect(body.map((c) => c.code)).toEqual([...BUILTIN_CATEGORIES].sort((a, b) => a.priority - b.priority).map((c) => c.code))
    const dibao = body.find((c) => c.code === 'dibao')!
    expect(dibao).toMatchObject({ labelZh: '低保', builtin: true, colour: BUILTIN_CATEGORIES[0].colour })
  })
})

describe('errors', () => {
  it('answers unknown API paths with a coded error in the caller\'s language', async () => {
    const { app } = await withVillage(1)
    const zh = (await app.inject('/api/nothing-here')).json()
    expect(zh.error.code).toBe('not_found')
    expect(zh.error.message).toMatch(/找不到/)
    const en = (await app.inject({ url: '/api/nothing-here', headers: { 'accept-language': 'en-GB,en;q=0.8' } })).json()
    expect(en.error.message).toMatch(/No such/)
  })

  it('serves the OpenAPI document', async () => {
    const { app } = await freshApp()
    const res = await app.inject('/api/docs/json')
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/villages/{code}/households', '/api/households/{id}']))
  })
})
