/**
 * The sheet's font, bundled with the app (Noto Sans SC from @fontsource, the
 * chinese-simplified subset: about 8,000 characters including Latin and
 * digits) and the HarfBuzz subsetter. Served by our own server as hashed
 * assets, loaded only when something is printed; nothing is fetched from
 * elsewhere. The same bytes feed the canvas (PNG) and the PDF.
 */
import regularUrl from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff?url'
import boldUrl from '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-700-normal.woff?url'
import wasmUrl from 'harfbuzzjs/dist/harfbuzz-subset.wasm?url'
import { woffToSfnt } from './woff.ts'
import { createSubsetter, type Subsetter } from './subset.ts'

/** The CSS family name the canvas draws with. */
export const PRINT_FONT = 'Cuntu Print Sans'

export interface PrintFonts {
  family: string
  regular: Uint8Array
  bold: Uint8Array
  subset: Subsetter
}

let loading: Promise<PrintFonts> | null = null

async function bytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url)
  if (!res.ok) throw new Error(`font asset ${url}: HTTP ${res.status}`)
  return new Uint8Array(await res.arrayBuffer())
}

export function loadPrintFonts(): Promise<PrintFonts> {
  loading ??= (async () => {
    const [regularWoff, boldWoff, wasm] = await Promise.all([bytes(regularUrl), bytes(boldUrl), bytes(wasmUrl)])
    const faces = [new FontFace(PRINT_FONT, regularWoff.slice().buffer, { weight: '400' }), new FontFace(PRINT_FONT, boldWoff.slice().buffer, { weight: '700' })]
    for (const f of faces) document.fonts.add(await f.load())
    const [regular, bold, subset] = await Promise.all([woffToSfnt(regularWoff), woffToSfnt(boldWoff), createSubsetter(wasm as BufferSource)])
    return { family: PRINT_FONT, regular, bold, subset }
  })()
  loading.catch(() => (loading = null))
  return loading
}
