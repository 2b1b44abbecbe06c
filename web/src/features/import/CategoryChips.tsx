/** Categories as coloured chips from the registry, in its priority order; each code once. */
import type { Category } from '@cuntu/server/contract'
import { categoryLabel, useLang } from '../../i18n/index.ts'

export function CategoryChips({ codes, categories }: { codes: readonly { code: string; year?: number }[]; categories: readonly Category[] }) {
  const lang = useLang()
  const years = new Map<string, number[]>()
  for (const c of codes) {
    const list = years.get(c.code) ?? []
    if (c.year !== undefined && !list.includes(c.year)) list.push(c.year)
    years.set(c.code, list)
  }
  const known = categories.filter((c) => years.has(c.code))
  const unknown = [...years.keys()].filter((code) => !categories.some((c) => c.code === code))
  if (known.length + unknown.length === 0) return <span className="muted">—</span>
  return (
    <ul className="chips import-chips">
      {known.map((c) => (
        <li key={c.code} className="chip" style={{ borderColor: c.colour }}>
          <span className="swatch" style={{ background: c.colour }} aria-hidden="true" />
          {categoryLabel(c, lang)}
          {years.get(c.code)!.length > 0 && <span className="muted"> {years.get(c.code)!.sort().join('/')}</span>}
        </li>
      ))}
      {unknown.map((code) => (
        <li key={code} className="chip">
          {code}
        </li>
      ))}
    </ul>
  )
}
