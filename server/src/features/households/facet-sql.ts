/**
 * The facets of the domain's filter (domain/src/facets.ts) as SQL conditions
 * over the columns the triggers keep on every household row (categories,
 * category_tokens, disabilities, youngest_birth, oldest_birth) — the same
 * columns the per-village tallies carry, so one builder serves lists, tiles,
 * stats, exports and aggregates. Every value is a bound parameter; category
 * codes were checked against the registry before reaching here.
 */
import { sql, type SQL } from 'drizzle-orm'
import { AGE_BAND_YEARS, categoryTokens, disabilityTokens, type FacetFilter } from '@cuntu/domain'

const textArray = (values: readonly string[]): SQL =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`

const col = (alias: string, name: string) => sql.raw(`${alias}.${name}`)

/** The category facet: any or all of the codes, held in `year` when one is given. */
export function categoryCondition(f: Pick<FacetFilter, 'categories' | 'match' | 'year'>, alias = 'h'): SQL | null {
  const codes = [...new Set(f.categories)]
  if (codes.length === 0) return null
  if (f.year === undefined) {
    return f.match === 'all' ? sql`${col(alias, 'categories')} @> ${textArray(codes)}` : sql`${col(alias, 'categories')} && ${textArray(codes)}`
  }
  const year = f.year
  if (f.match === 'all') {
    return sql.join(
      codes.map((c) => sql`${col(alias, 'category_tokens')} && ${textArray(categoryTokens(c, year))}`),
      sql` and `,
    )
  }
  return sql`${col(alias, 'category_tokens')} && ${textArray(codes.flatMap((c) => categoryTokens(c, year)))}`
}

/** Age band: judged against today's date from the youngest and oldest members' birth dates. */
export function ageCondition(age: FacetFilter['age'], alias = 'h'): SQL | null {
  if (!age) return null
  const { below, atLeast } = AGE_BAND_YEARS[age]
  if (below !== undefined) return sql`${col(alias, 'youngest_birth')} > current_date - make_interval(years => ${below})`
  return sql`${col(alias, 'oldest_birth')} <= current_date - make_interval(years => ${atLeast!})`
}

export function disabilityCondition(f: Pick<FacetFilter, 'dis' | 'grade'>, alias = 'h'): SQL | null {
  const tokens = disabilityTokens(f.dis, f.grade)
  return tokens.length ? sql`${col(alias, 'disabilities')} && ${textArray(tokens)}` : null
}

/**
 * Every facet's condition (none for an empty filter). `alias` names the
 * households row, or a tallies row for the facets tallies carry (status,
 * categories, disabilities); group and age need the households row.
 */
export function facetConditions(f: Partial<FacetFilter>, alias = 'h'): SQL[] {
  const parts: (SQL | null)[] = [
    f.status ? sql`${col(alias, 'status')} = ${f.status}` : null,
    f.group !== undefined ? sql`${col(alias, 'group_number')} = ${f.group}` : null,
    categoryCondition({ categories: f.categories ?? [], match: f.match ?? 'any', year: f.year }, alias),
    ageCondition(f.age, alias),
    disabilityCondition(f, alias),
  ]
  return parts.filter((p): p is SQL => p !== null)
}

/** The conditions joined with `and`; `true` for an empty filter. */
export function facetWhere(f: Partial<FacetFilter>, alias = 'h'): SQL {
  const parts = facetConditions(f, alias)
  return parts.length ? sql.join(parts, sql` and `) : sql`true`
}

/**
 * The category codes a row holds under the filter's year: all codes without
 * a year; with one, the codes whose open-ended or that year's token is there.
 */
export function heldCodes(year: number | undefined, alias = 'h'): SQL {
  if (year === undefined) return col(alias, 'categories')
  return sql`array(select distinct split_part(t, ':', 1) from unnest(${col(alias, 'category_tokens')}) t
                   where strpos(t, ':') = 0 or split_part(t, ':', 2) = ${String(year)} order by 1)`
}
