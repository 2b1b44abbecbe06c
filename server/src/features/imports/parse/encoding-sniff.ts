/**
 * Tell a GBK file from the other legacy encodings a CSV arrives in. Bytes that
 * are not UTF-8 used to be decoded as GB18030 whatever they were, so a Big5
 * (Taiwan/Hong Kong Excel), Shift-JIS, UTF-16BE or Latin-1 file became mojibake
 * and the import said "找不到村民家庭档案工作表". Here each is recognised from
 * its byte pattern and named, so the user can re-save the file.
 *
 * GBK Chinese text is almost all GB2312 pairs: lead 0xA1–0xA3 (full-width
 * punctuation, digits) or 0xB0–0xF7 (hanzi), trail 0xA1–0xFE. Big5's common
 * hanzi have lead 0xA4–0xC6 and ~40 % of trails in 0x40–0x7E; Shift-JIS kana and
 * kanji have leads 0x81–0x9F; Latin-1 has lone high bytes between ASCII.
 */

export type LegacyEncoding = 'gbk' | 'big5' | 'shift_jis' | 'utf-16be' | 'utf-16le' | 'latin-1' | 'unknown'

/** Display names for messages. */
export const ENCODING_NAMES: Record<Exclude<LegacyEncoding, 'gbk' | 'utf-16le' | 'unknown'>, string> = {
  big5: 'Big5',
  shift_jis: 'Shift-JIS',
  'utf-16be': 'UTF-16BE',
  'latin-1': 'Latin-1 (Windows-1252)',
}

/** Share of a pattern that counts as "this encoding". */
const LIKELY = 0.8

/** UTF-16 without a BOM: ASCII characters leave a zero byte at every other position. */
export function utf16Order(bytes: Uint8Array): 'utf-16be' | 'utf-16le' | null {
  const n = Math.min(bytes.length, 4096) & ~1
  if (n < 4) return null
  let even = 0
  let odd = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++
    if (bytes[i + 1] === 0) odd++
  }
  const pairs = n / 2
  if (even / pairs > 0.3 && odd / pairs < 0.05) return 'utf-16be'
  if (odd / pairs > 0.3 && even / pairs < 0.05) return 'utf-16le'
  return null
}

/** Which legacy encoding non-UTF-8 bytes are in. Call only after strict UTF-8 decoding has failed. */
export function sniffLegacyEncoding(bytes: Uint8Array): LegacyEncoding {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  const wide = utf16Order(bytes)
  if (wide) return wide
  let pairs = 0
  let gb = 0
  let big5 = 0
  let sjis = 0
  let high = 0
  let lone = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b < 0x80) continue
    high++
    const prev = i > 0 ? bytes[i - 1]! : 0
    const next = i + 1 < bytes.length ? bytes[i + 1]! : 0
    if (prev < 0x80 && next < 0x80) lone++
  }
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i]!
    if (lead < 0x80) continue
    const trail = i + 1 < bytes.length ? bytes[i + 1]! : 0
    pairs++
    i++
    const gbTrail = trail >= 0xa1 && trail <= 0xfe
    if (gbTrail && ((lead >= 0xa1 && lead <= 0xa3) || (lead >= 0xb0 && lead <= 0xf7))) gb++
    const big5Trail = (trail >= 0x40 && trail <= 0x7e) || (trail >= 0xa1 && trail <= 0xfe)
    if (big5Trail && lead >= 0xa1 && lead <= 0xf9) big5++
    if (((lead >= 0x81 && lead <= 0x9f) || (lead >= 0xe0 && lead <= 0xef)) && trail >= 0x40 && trail <= 0xfc && trail !== 0x7f) sjis++
  }
  if (pairs === 0) return 'unknown'
  // GBK first: it is what Chinese Excel writes, and a real GBK file must never be refused.
  if (gb / pairs >= LIKELY) return 'gbk'
  if (high > 0 && lone / high >= 0.7) return 'latin-1'
  if (sjis / pairs >= 0.5 && sjis > big5 * 0.5) return 'shift_jis'
  if (big5 / pairs >= LIKELY) return 'big5'
  return 'unknown'
}
