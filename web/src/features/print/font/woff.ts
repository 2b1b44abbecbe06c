/**
 * WOFF 1.0 → plain sfnt (TrueType/OpenType) bytes: the bundled font ships as
 * WOFF, the HarfBuzz subsetter reads sfnt. Each table is zlib-compressed on its
 * own (W3C WOFF 1.0 §5); `DecompressionStream('deflate')` is the zlib format.
 */

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

export async function woffToSfnt(woff: Uint8Array): Promise<Uint8Array> {
  const dv = new DataView(woff.buffer, woff.byteOffset, woff.byteLength)
  if (dv.getUint32(0) !== 0x774f4646) throw new Error('not a WOFF file')
  const flavor = dv.getUint32(4)
  const numTables = dv.getUint16(12)
  const entries = Array.from({ length: numTables }, (_, i) => {
    const o = 44 + i * 20
    return { tag: dv.getUint32(o), offset: dv.getUint32(o + 4), compLength: dv.getUint32(o + 8), origLength: dv.getUint32(o + 12), checksum: dv.getUint32(o + 16) }
  })
  const tables = await Promise.all(
    entries.map((e) => {
      const src = woff.subarray(e.offset, e.offset + e.compLength)
      return e.compLength < e.origLength ? inflate(src) : Promise.resolve(src)
    }),
  )
  const pad4 = (n: number) => (n + 3) & ~3
  const size = 12 + 16 * numTables + entries.reduce((a, e) => a + pad4(e.origLength), 0)
  const out = new Uint8Array(size)
  const ov = new DataView(out.buffer)
  let searchRange = 1
  let entrySelector = 0
  while (searchRange * 2 <= numTables) {
    searchRange *= 2
    entrySelector++
  }
  ov.setUint32(0, flavor)
  ov.setUint16(4, numTables)
  ov.setUint16(6, searchRange * 16)
  ov.setUint16(8, entrySelector)
  ov.setUint16(10, numTables * 16 - searchRange * 16)
  let offset = 12 + 16 * numTables
  entries.forEach((e, i) => {
    const data = tables[i]!
    if (data.length !== e.origLength) throw new Error('WOFF table has the wrong length')
    out.set(data, offset)
    const d = 12 + 16 * i
    ov.setUint32(d, e.tag)
    ov.setUint32(d + 4, e.checksum)
    ov.setUint32(d + 8, offset)
    ov.setUint32(d + 12, e.origLength)
    offset += pad4(e.origLength)
  })
  return out
}
