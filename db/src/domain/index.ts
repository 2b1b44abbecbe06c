export * from './categories.ts'
export * from './places.ts'
