/**
 * The features, in one list: what each provides to the layers below (its
 * repository, bound to the scoped transaction by the auth plugin) and its
 * routes. Adding a feature edits this file, never a plugin.
 */
import type { Database } from '@cuntu/db'
import { aggregateRepository } from './aggregates/repository.ts'
import { areaRepository } from './areas/repository.ts'
import { auditRepository } from './audit/repository.ts'
import { categoryRepository } from './categories/repository.ts'
import { householdRepository } from './households/repository.ts'
import { importRepository } from './imports/repository.ts'
import { searchRepository } from './search/repository.ts'
import { printRepository } from './print/repository.ts'
import { mapRepository } from './maps/repository.ts'
import { changeRepository } from './changes/repository.ts'
import { spatialRepository } from './spatial/repository.ts'
import { photoRepository } from './photos/repository.ts'
import healthRoutes from './health/routes.ts'
import categoryRoutes from './categories/routes.ts'
import areaRoutes from './areas/routes.ts'
import householdRoutes from './households/routes.ts'
import memberRoutes from './members/routes.ts'
import statsRoutes from './stats/routes.ts'
import searchRoutes from './search/routes.ts'
import accessRoutes from './access/routes.ts'
import auditRoutes from './audit/routes.ts'
import userRoutes from './users/routes.ts'
import tileRoutes from './tiles/routes.ts'
import importRoutes from './imports/routes.ts'
import exportRoutes from './exports/routes.ts'
import printRoutes from './print/routes.ts'
import mapRoutes from './maps/routes.ts'
import mapImportRoutes from './maps/import-routes.ts'
import spatialRoutes from './spatial/routes.ts'
import photoRoutes from './photos/routes.ts'
import aggregateRoutes from './aggregates/routes.ts'

/**
 * Every SQL statement about places and households lives in a repository.
 * Routes get them only through `request.scoped`, bound to a transaction that
 * runs as the non-owning role with the caller's area scope (row-level security).
 */
export function createRepositories(database: Database) {
  return {
    aggregates: aggregateRepository(database),
    areas: areaRepository(database),
    audit: auditRepository(database),
    categories: categoryRepository(database),
    households: householdRepository(database),
    imports: importRepository(database),
    search: searchRepository(database),
    print: printRepository(database),
    maps: mapRepository(database),
    changes: changeRepository(database),
    spatial: spatialRepository(database),
    photos: photoRepository(database),
  }
}

export type FeatureRepositories = ReturnType<typeof createRepositories>

declare module '../plugins/auth.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the plugin's scoped repositories are these
  interface Repositories extends FeatureRepositories {}
}

/** Feature routes without options, in registration order (sign-in routes take options and are registered by the app). */
export const featureRoutes = [
  accessRoutes, auditRoutes, userRoutes,
  healthRoutes, categoryRoutes, areaRoutes, householdRoutes, memberRoutes, statsRoutes, searchRoutes, tileRoutes,
  importRoutes, exportRoutes, printRoutes,
  mapRoutes, mapImportRoutes, photoRoutes, spatialRoutes, aggregateRoutes,
]
