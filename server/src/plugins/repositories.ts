import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Database } from '@cuntu/db'
import { areaRepository, type AreaRepository } from '../features/areas/repository.ts'
import { categoryRepository } from '../features/categories/repository.ts'
import { householdRepository, type HouseholdRepository } from '../features/households/repository.ts'

export interface Repositories {
  areas: AreaRepository
  categories: ReturnType<typeof categoryRepository>
  households: HouseholdRepository
}

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    repos: Repositories
  }
}

/** Every SQL statement lives in a repository; routes reach the database only through `app.repos`. */
export default fp<{ database: Database }>(async function repositories(app: FastifyInstance, { database }) {
  app.decorate('database', database)
  app.decorate('repos', {
    areas: areaRepository(database),
    categories: categoryRepository(database),
    households: householdRepository(database),
  })
})
