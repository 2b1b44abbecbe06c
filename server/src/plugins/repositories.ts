import type { Database } from '@cuntu/db'
import { areaRepository } from '../features/areas/repository.ts'
import { auditRepository } from '../features/audit/repository.ts'
import { categoryRepository } from '../features/categories/repository.ts'
import { householdRepository } from '../features/households/repository.ts'
import { importRepository } from '../features/imports/repository.ts'
import { printRepository } from '../features/print/repository.ts'
import { searchRepository } from '../features/search/repository.ts'

/**
 * Every SQL statement about places and households lives in a repository.
 * Routes get them only through `request.scoped`, bound to a transaction that
 * runs as the non-owning role with the caller's area scope (row-level security).
 */
export function createRepositories(database: Database) {
  return {
    areas: areaRepository(database),
    audit: auditRepository(database),
    categories: categoryRepository(database),
    households: householdRepository(database),
    imports: importRepository(database),
    print: printRepository(database),
    search: searchRepository(database),
  }
}

export type Repositories = ReturnType<typeof createRepositories>
