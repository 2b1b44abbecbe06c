/**
 * Guards for location files built to attack their parser, checked before the
 * text is read for points.
 *
 * - XML with a document type declaration: `<!DOCTYPE … [<!ENTITY …>]>` is how an
 *   entity-expansion bomb ("billion laughs") or an external entity
 *   (`SYSTEM "file:///etc/passwd"`) gets in. KML from Google Earth, 奥维, AMap or
 *   our own export never has one, so any DTD is refused outright. (Our KML reader
 *   uses no XML parser and expands no entity; the refusal makes that a rule
 *   instead of an accident, and says so to the worker.)
 * - JSON nested deeper than any GeoJSON needs: a Point is 3 levels below a
 *   FeatureCollection's root, a MultiPolygon 6; 100,000 levels exist only to
 *   exhaust the stack of whatever walks the value later.
 */
import { ImportFileError } from './errors.ts'

/** Deepest nesting of objects and arrays accepted in a GeoJSON file (GeoJSON itself needs at most ~8). */
export const MAX_JSON_DEPTH = 64

/** Refuse XML that declares a document type or entities. */
export function refuseXmlDoctype(text: string): void {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new ImportFileError('xml_doctype')
}

/**
 * The deepest nesting of `{`/`[` in JSON text, strings skipped, stopping as soon as `limit` is passed
 * (one pass, no recursion, so the check itself cannot be attacked the same way).
 */
export function jsonNestingDepth(text: string, limit = Infinity): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) i++
      else if (c === 0x22 /* " */) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++
      if (depth > deepest) {
        deepest = depth
        if (deepest > limit) return deepest
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--
  }
  return deepest
}

/** Refuse JSON nested deeper than `MAX_JSON_DEPTH`. */
export function refuseDeepJson(text: string, limit = MAX_JSON_DEPTH): void {
  const depth = jsonNestingDepth(text, limit)
  if (depth > limit) throw new ImportFileError('json_too_deep', { limit })
}
