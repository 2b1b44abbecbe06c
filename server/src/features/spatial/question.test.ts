import { describe, expect, it } from 'vitest'
import { PgDialect } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { degreesCovering, METRES_PER_DEGREE, withinMetres } from './question.ts'

describe('spatial question builders', () => {
  it('turns metres into a degree box that always covers them (the longitude degree is shorter)', () => {
    const lat = 21.82
    const d = degreesCovering(300, lat)
    // 300 m east-west at this latitude in degrees, and the box is larger.
    expect(d * METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)).toBeGreaterThan(300)
    expect(d).toBeLessThan(0.01)
    expect(degreesCovering(300, 60)).toBeGreaterThan(degreesCovering(300, 0))
  })
  it('keeps metres as parameters and decides on geography', () => {
    const q = new PgDialect().sqlToQuery(withinMetres(sql`h.location`, sql`f.geom`, 300, 21.8))
    expect(q.sql).toContain('::geography')
    expect(q.sql).not.toContain('300')
    expect(q.params).toContain(300)
  })
})
