/**
 * What the command-line tools and benchmarks in scripts/ use of the server,
 * exported here so no script reaches into server/src by relative path.
 */
export { buildApp, type App } from './app.ts'
export { loadConfig } from './config.ts'
export { AppError } from './plugins/errors.ts'
export { message } from './i18n/messages.ts'
export { createRepositories } from './features/index.ts'
export { parseImport, type ImportFiles } from './features/imports/preview.ts'
export { planImport, type ImportPlan } from './features/imports/plan.ts'
export { commitImport, type Progress } from './features/imports/commit.ts'
export { archiveXlsx, type ExportHousehold } from './features/exports/build.ts'
export { ImportOptions } from './contract/imports.ts'
export { featureCollectionSql } from './features/households/repository.ts'
export { categoryCountsSql, nearHouseholdsSql } from './features/spatial/question.ts'
export { userRepository } from './features/users/repository.ts'
export { hashPassword } from './features/auth/passwords.ts'
export { seedDemo, seedDemoIfEmpty, loadDemoMaps } from './demo/seed-demo.ts'
export { DEMO_PASSWORD, ensureDemoAccounts } from './demo/demo-accounts.ts'
/** For tests that sign in with a second factor. */
export { base32Decode, hotp } from './features/auth/totp.ts'
export { createAdministrator } from './features/users/admin.ts'
export { domainFailureOf } from './plugins/db-errors.ts'
export { phoneJpeg } from './features/photos/photos.test-data.ts'
