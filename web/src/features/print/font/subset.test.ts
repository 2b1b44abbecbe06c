/** The bundled font → sfnt → HarfBuzz subset → pdf-lib: real embedded subset text, checked on the real files. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument } from 'pdf-lib'
import { woffToSfnt } from './woff.ts'
import { createSubsetter, subsetTag } from './subset.ts'

const require = createRequire(import.meta.url)
const FONT = require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff')
const WASM = require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')

describe('font subset', () => {
  it('turns the bundled WOFF into an sfnt fontkit reads, with the Chinese glyphs', async () => {
    const sfnt = await woffToSfnt(new Uint8Array(readFileSync(FONT)))
    expect(new DataView(sfnt.buffer).getUint32(0)).toBe(0x00010000)
    const font = fontkit.create(sfnt as unknown as Buffer)
    expect(font.hasGlyphForCodePoint('石'.codePointAt(0)!)).toBe(true)
  })

  it('subsets to the characters used, and pdf-lib embeds it as a tagged subset', async () => {
    const sfnt = await woffToSfnt(new Uint8Array(readFileSync(FONT)))
    const subset = await createSubsetter(readFileSync(WASM))
    const text = '石桥村 困难群众和特殊群体分布图 1:2,500'
    const bytes = subset(sfnt, [...new Set(text)].map((c) => c.codePointAt(0)!))
    expect(bytes.length).toBeLessThan(40_000)
    expect(bytes.length).toBeGreaterThan(1_000)
    const font = fontkit.create(bytes as unknown as Buffer)
    expect(font.hasGlyphForCodePoint('桥'.codePointAt(0)!)).toBe(true)
    expect(font.hasGlyphForCodePoint('东'.codePointAt(0)!)).toBe(false)

    const doc = await PDFDocument.create()
    doc.registerFontkit(fontkit)
    const embedded = await doc.embedFont(bytes, { subset: false, customName: `${subsetTag(text)}+NotoSansSC` })
    doc.addPage().drawText(text, { x: 20, y: 700, size: 20, font: embedded })
    expect((await doc.save()).length).toBeLessThan(60_000)
  })

  it('tags are six capitals, stable per text', () => {
    expect(subsetTag('石桥村')).toMatch(/^[A-Z]{6}$/)
    expect(subsetTag('石桥村')).toBe(subsetTag('石桥村'))
    expect(subsetTag('石桥村')).not.toBe(subsetTag('石桥'))
  })
})
