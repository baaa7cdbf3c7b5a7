import type { TestProject } from 'vitest/node'

import path from 'node:path'

import type { Cluster } from '../src/db/embeddedPostgres'

import { startCluster } from '../src/db/embeddedPostgres'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to the test server's maintenance database (`postgres`). */
    pgAdminUrl: string
    /** Unique per run: test databases are named after it and dropped at the end. */
    runId: string
  }
}

let cluster: Cluster | null = null

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when given, else an embedded cluster
 * kept in `.data/postgres-test` (its own, so a running `npm start` is never touched; TEST_PG_DIR
 * overrides the folder).
 */
export const setup = async (project: TestProject) => {
  const runId = `t${Date.now().toString(36)}${process.pid.toString(36)}`
  let adminUrl = process.env.TEST_DATABASE_URL
  if (adminUrl) {
    const url = new URL(adminUrl)
    url.pathname = '/postgres'
    adminUrl = url.toString()
  } else {
    // TEST_PG_DIR lets two test runs side by side keep to clusters of their own.
    cluster = await startCluster({
      dir: path.resolve(process.env.TEST_PG_DIR ?? '.data/postgres-test'),
    })
    adminUrl = cluster.url('postgres')
  }
  project.provide('pgAdminUrl', adminUrl)
  project.provide('runId', runId)
  return async () => {
    const { dropRunDatabases } = await import('./helpers/database')
    await dropRunDatabases({ adminUrl: adminUrl!, runId })
    await cluster?.stop()
  }
}
