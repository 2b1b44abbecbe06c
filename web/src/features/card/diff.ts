/**
 * What a version conflict means field by field: `base` is the record the
 * worker started editing, `mine` their edit, `theirs` what someone else saved
 * meanwhile (the 409's `current`). Pure, so the rules are tested without a browser.
 */
export interface FieldConflict<K extends string = string> {
  field: K
  base: unknown
  mine: unknown
  theirs: unknown
  /** Both sides changed it, differently: the worker must choose. */
  clash: boolean
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null)

/** Fields the worker edited or the other person changed, where the two versions now differ. */
export function conflictRows<K extends string>(
  fields: readonly K[],
  base: Partial<Record<K, unknown>>,
  mine: Partial<Record<K, unknown>>,
  theirs: Partial<Record<K, unknown>>,
): FieldConflict<K>[] {
  const out: FieldConflict<K>[] = []
  for (const field of fields) {
    const edited = !same(mine[field], base[field])
    const changed = !same(theirs[field], base[field])
    if ((edited || changed) && !same(mine[field], theirs[field])) {
      out.push({ field, base: base[field], mine: mine[field], theirs: theirs[field], clash: edited && changed })
    }
  }
  return out
}

/** "Keep mine": only the fields the worker changed, so the other person's other changes survive. */
export function editedFields<K extends string>(
  fields: readonly K[],
  base: Partial<Record<K, unknown>>,
  mine: Partial<Record<K, unknown>>,
): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {}
  for (const f of fields) if (!same(mine[f], base[f])) out[f] = mine[f] ?? null
  return out
}
