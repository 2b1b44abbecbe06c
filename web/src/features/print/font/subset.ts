/**
 * Font subsetting with HarfBuzz's hb-subset (the bundled `harfbuzz-subset.wasm`,
 * no imports, no network): keeps only the glyphs of the characters a sheet
 * uses, so a PDF carries a few kilobytes of font instead of megabytes, and its
 * Chinese text stays real, selectable, searchable text.
 * (pdf-lib's own subsetting through fontkit drops glyphs of this font.)
 */

interface HbExports {
  memory: WebAssembly.Memory
  malloc(n: number): number
  free(p: number): void
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number
  hb_blob_destroy(blob: number): void
  hb_blob_get_data(blob: number, lengthPtr: number): number
  hb_face_create(blob: number, index: number): number
  hb_face_destroy(face: number): void
  hb_face_reference_blob(face: number): number
  hb_subset_input_create_or_fail(): number
  hb_subset_input_destroy(input: number): void
  hb_subset_input_unicode_set(input: number): number
  hb_set_add(set: number, codepoint: number): void
  hb_subset_or_fail(face: number, input: number): number
}

/** HB_MEMORY_MODE_WRITABLE: HarfBuzz may use the bytes in place. */
const WRITABLE = 2

export type Subsetter = (sfnt: Uint8Array, codepoints: Iterable<number>) => Uint8Array

/** Instantiate the subsetter from the wasm module's bytes. */
export async function createSubsetter(wasm: BufferSource): Promise<Subsetter> {
  const { instance } = await WebAssembly.instantiate(wasm)
  const x = instance.exports as unknown as HbExports
  return (sfnt, codepoints) => {
    const fontPtr = x.malloc(sfnt.byteLength)
    new Uint8Array(x.memory.buffer).set(sfnt, fontPtr)
    const blob = x.hb_blob_create(fontPtr, sfnt.byteLength, WRITABLE, 0, 0)
    const face = x.hb_face_create(blob, 0)
    x.hb_blob_destroy(blob)
    const input = x.hb_subset_input_create_or_fail()
    const lengthPtr = x.malloc(4)
    try {
      if (!input) throw new Error('hb-subset: no input')
      const set = x.hb_subset_input_unicode_set(input)
      for (const cp of codepoints) x.hb_set_add(set, cp)
      const sub = x.hb_subset_or_fail(face, input)
      if (!sub) throw new Error('hb-subset failed')
      const out = x.hb_face_reference_blob(sub)
      const data = x.hb_blob_get_data(out, lengthPtr)
      const length = new Uint32Array(x.memory.buffer, lengthPtr, 1)[0]!
      const bytes = new Uint8Array(x.memory.buffer, data, length).slice()
      x.hb_blob_destroy(out)
      x.hb_face_destroy(sub)
      return bytes
    } finally {
      if (input) x.hb_subset_input_destroy(input)
      x.hb_face_destroy(face)
      x.free(fontPtr)
      x.free(lengthPtr)
    }
  }
}

/** The PDF subset tag: six capital letters from the text (ISO 32000 §9.6.4), stable for the same text. */
export function subsetTag(text: string): string {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
  let tag = ''
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26))
    h = Math.floor(h / 26) + i * 7919
  }
  return tag
}
