// The HTTP contract: request and response schemas, defined once, used by the
// server for validation and OpenAPI, and by the web client for types.
export * from './common.ts'
export * from './geo.ts'
export * from './categories.ts'
export * from './areas.ts'
export * from './households.ts'
export * from './stats.ts'
export * from './search.ts'
export * from './auth.ts'
export * from './imports.ts'
export * from './users.ts'
export * from './aggregates.ts'
