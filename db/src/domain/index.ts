export * from './categories.ts'
export * from './places.ts'
export * from './access.ts'
export * from './coords.ts'
