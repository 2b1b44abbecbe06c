/** The area picker's rows: the visible tree flattened depth-first, each with its depth for indentation. */
import type { AreaNode } from '@cuntu/server/contract'

export interface PickerRow {
  code: string
  name: string
  level: AreaNode['level']
  depth: number
}

export function flattenTree(nodes: readonly AreaNode[], depth = 0, out: PickerRow[] = []): PickerRow[] {
  for (const n of nodes) {
    out.push({ code: n.code, name: n.name, level: n.level, depth })
    flattenTree(n.children, depth + 1, out)
  }
  return out
}
