export * from './client.ts'
export * as schema from './schema.ts'
export { syncBuiltinCategories } from './registry.ts'
export * from './prepare.ts'
