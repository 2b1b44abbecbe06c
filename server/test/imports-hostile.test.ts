/**
 * Location files built to attack their parser, through the API: an entity bomb
 * and an external entity in KML, GeoJSON nested 100,000 deep, coordinates of
 * 1e308 and NaN, and an upload whose file name carries CR/LF. Preview (the
 * upload) and dry run refuse each with a clear message; no entity is expanded
 * and no file is read; the stored name can never reach a header or log line.
 */
import { describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { TEST_VILLAGE, withVillage } from './helpers.ts'
import { count, upload } from './imports-helpers.ts'

const kml = (name: string, doctype = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>${doctype}<kml xmlns="http://www.opengis.net/kml/2.2"><Document>` +
  `<Placemark><name>${name}</name><Point><coordinates>111.45,21.87</coordinates></Point></Placemark></Document></kml>`

const BOMB = kml('&lol9;', `<!DOCTYPE kml [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`)
const XXE = kml('&xxe;', '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
const DEEP = `{"type":"FeatureCollection","features":${'['.repeat(100_000)}${']'.repeat(100_000)}}`

const enc = (s: string) => new TextEncoder().encode(s)

async function setup() {
  const ctx = await withVillage(6)
  const huhao = ctx.data.households.map((h) => h.huhao)
  return { ...ctx, huhao }
}

describe('hostile location files', () => {
  for (const c of [
    { name: 'an entity-expansion bomb', file: 'bomb.kml', text: BOMB, code: 'import_xml_doctype', zh: /DOCTYPE/ },
    { name: 'an external entity (file:///etc/passwd)', file: 'xxe.kml', text: XXE, code: 'import_xml_doctype', zh: /DOCTYPE/ },
    { name: 'GeoJSON nested 100,000 deep', file: 'deep.geojson', text: DEEP, code: 'import_json_too_deep', zh: /嵌套层数过多/ },
  ]) {
    it(`refuses ${c.name} at preview and at dry run, in zh-CN and en, storing nothing`, { timeout: 90_000 }, async () => {
      const { app, database } = await setup()
      const res = await upload(app, TEST_VILLAGE, { locations: { data: enc(c.text), fileName: c.file }, crs: 'wgs84' })
      expect(res.statusCode, res.body).toBe(422)
      expect(res.json().error.code).toBe(c.code)
      expect(res.json().error.message).toMatch(c.zh)
      expect(res.body).not.toContain('root:')
      const en = await upload(app, TEST_VILLAGE, { locations: { data: enc(c.text), fileName: c.file }, crs: 'wgs84', lang: 'en' })
      expect(en.json().error.message).toMatch(/refused for safety/)
      expect(await count(database, 'import_uploads')).toBe(0)

      // An upload stored before this check existed: the dry run and the commit re-read it and refuse it the same way.
      const [lead] = await database.rows<{ id: string }>(sql`select id from users where username = 'lead'`)
      const [row] = await database.rows<{ id: string }>(sql`
        insert into import_uploads (village_code, user_id, file_name, file_sha256, bytes, locations_file_name, locations_sha256, locations_bytes, locations_crs, expires_at)
        values (${TEST_VILLAGE}, ${lead!.id}, ${c.file}, 'x', ''::bytea, ${c.file}, 'x', ${Buffer.from(c.text)}, 'wgs84', now() + interval '1 hour') returning id`)
      for (const step of ['dry-run', 'commit']) {
        const r = await app.inject({ method: 'POST', url: `/api/imports/${row!.id}/${step}`, payload: {} })
        expect(r.statusCode, `${step}: ${r.body}`).toBe(422)
        expect(r.json().error.code).toBe(c.code)
        expect(r.body).not.toContain('root:')
      }
      expect(await count(database, 'import_batches')).toBe(0)
    })
  }

  it('refuses coordinates of 1e308, -1e308, NaN and Infinity point by point, naming the row, and stores none of them', { timeout: 90_000 }, async () => {
    const { app, database, huhao } = await setup()
    const geojson = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 户号: huhao[0] }, geometry: { type: 'Point', coordinates: [1e308, 21.87] } },
        { type: 'Feature', properties: { 户号: huhao[1] }, geometry: { type: 'Point', coordinates: [111.45, -1e308] } },
        { type: 'Feature', properties: { 户号: huhao[2] }, geometry: { type: 'Point', coordinates: ['NaN', 'NaN'] } },
        { type: 'Feature', properties: { 户号: huhao[3] }, geometry: { type: 'Point', coordinates: ['Infinity', 21.87] } },
      ],
    })
    const csv = `户号,经度,纬度\r\n${huhao[0]},1e308,21.87\r\n${huhao[1]},NaN,NaN\r\n${huhao[2]},111.45,Infinity\r\n`
    for (const [fileName, text] of [['bad.geojson', geojson], ['bad.csv', csv]] as const) {
      const res = await upload(app, TEST_VILLAGE, { locations: { data: enc(text), fileName }, crs: 'wgs84' })
      expect(res.statusCode, res.body).toBe(201)
      const preview = res.json()
      const invalid = preview.issues.filter((i: { code: string }) => i.code === 'location_invalid')
      expect(invalid.length, JSON.stringify(preview.issues)).toBe(fileName.endsWith('.csv') ? 3 : 4)
      for (const i of invalid) expect(i.messageZh).toMatch(/经纬度“.*”无法识别/)
      const dry = await app.inject({ method: 'POST', url: `/api/imports/${preview.uploadId}/dry-run`, payload: {} })
      expect(dry.statusCode, dry.body).toBe(200)
      expect(dry.json().counts.positions.fromFile).toBe(0)
      expect(dry.json().issues.filter((i: { code: string }) => i.code === 'location_invalid')).toHaveLength(invalid.length)
    }
    const [n] = await database.rows<{ n: number }>(sql`select count(*)::int as n from households where location is not null and (abs(ST_X(location)) > 180 or abs(ST_Y(location)) > 90 or ST_X(location) = 'NaN'::float8)`)
    expect(n!.n).toBe(0)
  })

  /** A multipart body whose file part's name is given only as RFC 5987 `filename*`, so any character can be sent. */
  function namedUpload(name: string, content: string) {
    const boundary = '----cuntuhostile'
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="locations"; filename*=UTF-8''${encodeURIComponent(name)}\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from(content),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="crs"\r\n\r\nwgs84\r\n--${boundary}--\r\n`),
    ])
    return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
  }

  it('a file name with CR/LF is never stored: the multipart reader drops that part, so nothing is uploaded', { timeout: 90_000 }, async () => {
    const { app, database, huhao } = await setup()
    const res = await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/imports`, ...namedUpload('位置\r\nSet-Cookie: sid=stolen\r\n.kml', kml(huhao[0]!)) })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json().error.code).toBe('import_file_missing')
    expect(await count(database, 'import_uploads')).toBe(0)
  })

  it('stores a file name with other line breaks and controls (NEL, U+2028, tab, NUL, bidi override) only with them replaced, everywhere it is shown', { timeout: 90_000 }, async () => {
    const { app, database, huhao } = await setup()
    const evil = '位置\u0085Set-Cookie: sid=stolen\u2028x\t\u0000\u202e.kml'
    const res = await app.inject({ method: 'POST', url: `/api/villages/${TEST_VILLAGE}/imports`, ...namedUpload(evil, kml(huhao[0]!)) })
    expect(res.statusCode, res.body).toBe(201)
    const preview = res.json()
    const [stored] = await database.rows<{ file_name: string; locations_file_name: string }>(sql`select file_name, locations_file_name from import_uploads where id = ${preview.uploadId}`)
    for (const name of [stored!.file_name, stored!.locations_file_name]) {
      expect(name).toBe('位置_Set-Cookie: sid=stolen_x___.kml')
    }
    expect(JSON.stringify(preview)).not.toMatch(/\\u0085|\\u2028|\\u202e|\\t|\u0085|\u2028|\u202e/)
    const commit = await app.inject({ method: 'POST', url: `/api/imports/${preview.uploadId}/commit`, payload: {} })
    expect(commit.statusCode, commit.body).toBe(200)
    const history = await app.inject(`/api/villages/${TEST_VILLAGE}/imports`)
    const names = history.json().batches.map((b: { fileName: string }) => b.fileName)
    expect(names).toEqual(['位置_Set-Cookie: sid=stolen_x___.kml'])
  })
})
