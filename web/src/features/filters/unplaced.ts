/** The households passing the filters that have no position yet: the legend lists them so each can be opened and placed. */
import type { HouseholdModel } from '../households/model.ts'

/** Indices into the model, by village group (no group last), then 户号. */
export function unplacedOf(m: Pick<HouseholdModel, 'count' | 'hasPosition' | 'group' | 'huhao'>, pass: Uint8Array): number[] {
  const out: number[] = []
  for (let i = 0; i < m.count; i++) if (pass[i] && !m.hasPosition[i]) out.push(i)
  const groupOrder = (g: number) => (g < 0 ? Number.MAX_SAFE_INTEGER : g)
  return out.sort((a, b) => groupOrder(m.group[a]!) - groupOrder(m.group[b]!) || (m.huhao[a]! < m.huhao[b]! ? -1 : m.huhao[a]! > m.huhao[b]! ? 1 : 0))
}
