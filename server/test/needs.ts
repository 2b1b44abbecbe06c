/**
 * A suite that needs something this machine may lack (a PostgreSQL cluster of
 * its own, mount rights). Outside CI it is skipped with a line saying what to
 * install; under CI nothing may be skipped, so the missing thing is a failure.
 */
import { describe, it } from 'vitest'

const inCI = Boolean(process.env.CI) && process.env.CI !== 'false'

export function describeNeeding(ready: boolean, missing: string, name: string, body: () => void): void {
  if (ready) {
    describe(name, body)
  } else if (inCI) {
    describe(name, () => {
      it('has what it needs', () => {
        throw new Error(`CI must run "${name}", but ${missing}`)
      })
    })
  } else {
    console.warn(`SKIPPED: ${name} — ${missing}`)
    describe.skip(name, body)
  }
}
