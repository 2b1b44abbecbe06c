/**
 * Perceptual colour distance for checking the category palette: CIEDE2000 ΔE
 * between sRGB colours as seen with normal vision and as simulated for
 * protanopia and deuteranopia (Machado, Oliveira & Fernandes 2009, severity 1,
 * applied to linear sRGB as colorspacious does). Pure arithmetic, no deps.
 */

export type Vision = 'normal' | 'protanopia' | 'deuteranopia'
export type Rgb = [number, number, number]

/** Machado et al. 2009, severity 1.0: linear sRGB → linear sRGB as the dichromat sees it. */
const CVD: Record<Exclude<Vision, 'normal'>, number[][]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
}

/** `#rrggbb` → [r, g, b], 0–255. */
export function parseHex(hex: string): Rgb {
  const m = /^#([0-9a-f]{6})$/i.exec(hex)
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`)
  const v = parseInt(m[1]!, 16)
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255]
}

const toLinear = (c: number) => {
  const s = c / 255
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

/** CIELAB (D65 white) of an sRGB colour 0–255, optionally through a colour-vision simulation. */
export function lab(rgb: Rgb, vision: Vision = 'normal'): [number, number, number] {
  let lin = rgb.map(toLinear) as Rgb
  if (vision !== 'normal') {
    const m = CVD[vision]
    lin = m.map((row) => Math.min(1, Math.max(0, row[0]! * lin[0] + row[1]! * lin[1] + row[2]! * lin[2]))) as Rgb
  }
  const [r, g, b] = lin
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116)
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))]
}

const deg = Math.PI / 180

/** CIEDE2000 colour difference between two Lab colours (Sharma, Wu & Dalal 2005). */
export function deltaE2000(l1: [number, number, number], l2: [number, number, number]): number {
  const [L1, a1, b1] = l1
  const [L2, a2, b2] = l2
  const C1 = Math.hypot(a1, b1)
  const C2 = Math.hypot(a2, b2)
  const Cm = (C1 + C2) / 2
  const G = 0.5 * (1 - Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7)))
  const a1p = (1 + G) * a1
  const a2p = (1 + G) * a2
  const C1p = Math.hypot(a1p, b1)
  const C2p = Math.hypot(a2p, b2)
  const hue = (a: number, b: number) => (a === 0 && b === 0 ? 0 : (Math.atan2(b, a) / deg + 360) % 360)
  const h1p = hue(a1p, b1)
  const h2p = hue(a2p, b2)
  const dLp = L2 - L1
  const dCp = C2p - C1p
  let dhp = 0
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p
    if (dhp > 180) dhp -= 360
    else if (dhp < -180) dhp += 360
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin((dhp / 2) * deg)
  const Lpm = (L1 + L2) / 2
  const Cpm = (C1p + C2p) / 2
  let hpm = h1p + h2p
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) > 180) hpm = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2
    else hpm = (h1p + h2p) / 2
  }
  const T = 1 - 0.17 * Math.cos((hpm - 30) * deg) + 0.24 * Math.cos(2 * hpm * deg) + 0.32 * Math.cos((3 * hpm + 6) * deg) - 0.2 * Math.cos((4 * hpm - 63) * deg)
  const dTheta = 30 * Math.exp(-(((hpm - 275) / 25) ** 2))
  const Rc = 2 * Math.sqrt(Cpm ** 7 / (Cpm ** 7 + 25 ** 7))
  const Sl = 1 + (0.015 * (Lpm - 50) ** 2) / Math.sqrt(20 + (Lpm - 50) ** 2)
  const Sc = 1 + 0.045 * Cpm
  const Sh = 1 + 0.015 * Cpm * T
  const Rt = -Math.sin(2 * dTheta * deg) * Rc
  return Math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh))
}

/** ΔE2000 between two `#rrggbb` colours as seen with `vision`. */
export function colourDistance(a: string, b: string, vision: Vision = 'normal'): number {
  return deltaE2000(lab(parseHex(a), vision), lab(parseHex(b), vision))
}
