/**
 * Runs once per `vitest run` of an api project: prepares a migrated template
 * database so each worker can start from it instead of migrating again.
 *  - PGlite: a data-folder dump written to .tmp/ (PostGIS takes ~10 s to create; loading a dump ~4 s).
 *  - PostgreSQL: a template database `cuntu_test_template_<pid>` that workers clone with CREATE DATABASE … TEMPLATE.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import pg from 'pg'
import { prepareDatabase } from '@cuntu/db'
import { adminUrl, pgliteTemplatePath, postgresTemplateDb, testTarget } from './target.ts'

export default async function setup(project: TestProject) {
  // Project `env` reaches the workers, not this main-process hook: read it from the project's config.
  const target = testTarget(project.config.env?.CUNTU_TEST_DB)
  if (target.kind === 'pglite') {
    const file = pgliteTemplatePath(process.pid)
    const { database } = await prepareDatabase({ dataDir: 'memory://' })
    const dump = await database.dump()
    await database.close()
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, Buffer.from(await dump!.arrayBuffer()))
    project.provide('pgliteTemplate', file)
    return () => rmSync(file, { force: true })
  }
  const template = postgresTemplateDb(process.pid)
  const admin = new pg.Client({ connectionString: adminUrl(target.url) })
  await admin.connect()
  try {
    await admin.query(`drop database if exists ${template} with (force)`)
    await admin.query(`create database ${template}`)
  } finally {
    await admin.end()
  }
  const { database } = await prepareDatabase({ url: withDatabase(target.url, template), poolSize: 1 })
  await database.close()
  project.provide('postgresTemplate', template)
  return async () => {
    const again = new pg.Client({ connectionString: adminUrl(target.url) })
    await again.connect()
    await again.query(`drop database if exists ${template} with (force)`)
    await again.end()
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}
