import { describe, expect, it } from 'vitest'
import { ImportFileError } from './errors.ts'
import { MAX_JSON_DEPTH, jsonNestingDepth, refuseDeepJson, refuseXmlDoctype } from './hostile.ts'

const refusal = (fn: () => void) => {
  try {
    fn()
  } catch (e) {
    return e as ImportFileError
  }
  return null
}

describe('refuseXmlDoctype', () => {
  it('refuses an entity bomb and an external entity, with a message in both languages', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><kml><Placemark><name>&b;</name></Placemark></kml>'
    const external = '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><kml><Placemark><name>&xxe;</name></Placemark></kml>'
    for (const text of [bomb, external, '<!doctype kml SYSTEM "http://example.invalid/kml.dtd"><kml/>']) {
      const e = refusal(() => refuseXmlDoctype(text))
      expect(e).toBeInstanceOf(ImportFileError)
      expect(e!.code).toBe('xml_doctype')
      expect(e!.messageZh).toMatch(/DOCTYPE/)
      expect(e!.messageEn).toMatch(/refused/)
    }
  })

  it('lets ordinary KML through', () => {
    expect(refusal(() => refuseXmlDoctype('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>'))).toBeNull()
  })
})

describe('jsonNestingDepth / refuseDeepJson', () => {
  it('measures nesting, skipping brackets inside strings and escaped quotes', () => {
    expect(jsonNestingDepth('{}')).toBe(1)
    expect(jsonNestingDepth('{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}')).toBe(3)
    expect(jsonNestingDepth('{"a":"[[[[{{{{\\"[[["}')).toBe(1)
  })

  it('refuses 100,000 levels without recursing, and stops counting at the limit', () => {
    const deep = `{"type":"FeatureCollection","features":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    expect(jsonNestingDepth(deep, MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1)
    const e = refusal(() => refuseDeepJson(deep))
    expect(e?.code).toBe('json_too_deep')
    expect(e?.messageZh).toContain(String(MAX_JSON_DEPTH))
  })

  it('accepts real GeoJSON depths (a MultiPolygon in a FeatureCollection)', () => {
    const mp = '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}}]}'
    expect(refusal(() => refuseDeepJson(mp))).toBeNull()
  })
})
