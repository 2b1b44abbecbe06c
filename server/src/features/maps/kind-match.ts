/**
 * Which registered feature kind a row of an imported file means: its code
 * (`park`), or its label in Chinese (`公园`) or English, as our own export
 * and most hand-made files write it. Pure; the kinds are the ones the caller
 * can see (built-in plus the station's own).
 */
import type { FeatureKind } from '../../contract/index.ts'

type Kind = Pick<FeatureKind, 'code' | 'labelZh' | 'labelEn'>

/** The kind's code, or null when neither the code nor the label names a known kind. */
export function matchKind(kinds: readonly Kind[], code: string | null, label: string | null): string | null {
  for (const v of [code, label]) {
    if (!v) continue
    const t = v.trim()
    const lower = t.toLowerCase()
    const hit = kinds.find((k) => k.code === t) ?? kinds.find((k) => k.labelZh === t) ?? kinds.find((k) => k.labelEn.toLowerCase() === lower)
    if (hit) return hit.code
  }
  return null
}
