import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import type { Cluster } from '../db/embeddedPostgres'

import { ensureDatabase, joinRunningCluster, startCluster } from '../db/embeddedPostgres'
import { StartupError } from './startupError'

/** Where local state lives: the embedded cluster, the generated secret. Gitignored. */
export const dataDir = path.resolve(process.env.DATA_DIR ?? '.data')

/** dev: `npm run dev`; start: `npm start`; worker: joins a running cluster; cli: joins or starts one. */
export type Mode = 'cli' | 'dev' | 'start' | 'worker'

export type Runtime = {
  databaseUrl: string
  /** The embedded cluster, when no external database was given. */
  cluster: Cluster | null
  /** Schema push (dev only, on a database of its own) instead of migrations. */
  isPush: boolean
}

/**
 * Resolves everything the Payload config reads from the environment and exports it to
 * `process.env`, so the Next.js bundle in this process (and any child build) sees the same.
 */
export const prepareRuntime = async ({
  mode,
  log,
}: {
  mode: Mode
  log: (msg: string) => void
}): Promise<Runtime> => {
  process.env.NEXT_TELEMETRY_DISABLED ??= '1'
  process.env.PAYLOAD_SECRET ||= await localSecret()

  const external = process.env.DATABASE_URL || process.env.DATABASE_URI
  if (external) {
    process.env.DATABASE_URL = external
    // Dev against an external server migrates like production: we never push into a database we do not own.
    return { databaseUrl: external, cluster: null, isPush: false }
  }

  const clusterDir = path.join(dataDir, 'postgres')
  const joined = mode === 'worker' || mode === 'cli' ? await joinRunningCluster(clusterDir) : null
  const cluster =
    joined ?? (mode === 'worker' ? null : await startCluster({ dir: clusterDir, log }))
  if (!cluster) {
    throw new StartupError(
      '没有找到正在运行的内置数据库：请先运行 `npm start`，或设置 DATABASE_URL。 / ' +
        'No embedded database is running: start the server first (`npm start`) or set DATABASE_URL.',
    )
  }
  // `npm run dev` pushes schema changes straight into the database; it gets one of its own
  // so that the database `npm start` migrates never sees a push.
  const isPush = mode === 'dev'
  const database = isPush ? 'wangju_dev' : 'wangju'
  await ensureDatabase(cluster, database)
  const databaseUrl = cluster.url(database)
  process.env.DATABASE_URL = databaseUrl
  process.env.PAYLOAD_DB_PUSH = isPush ? 'true' : 'false'
  return { databaseUrl, cluster, isPush }
}

/** The local default secret: generated once, kept in `.data/` (never committed). */
const localSecret = async (): Promise<string> => {
  const file = path.join(dataDir, 'payload-secret')
  const existing = await fs.readFile(file, 'utf8').catch(() => null)
  if (existing?.trim()) {
    return existing.trim()
  }
  await fs.mkdir(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('hex')
  await fs.writeFile(file, secret, { mode: 0o600 })
  return secret
}
