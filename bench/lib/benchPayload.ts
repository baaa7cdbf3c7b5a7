import type { Payload } from 'payload'

import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import { closePool } from '../../src/db/pool'
import { ensureDatabase, startCluster } from '../../src/db/embeddedPostgres'
import { benchAdmin } from './server'
import { root, say } from './env'

export type BenchPayload = {
  payload: Payload
  databaseUrl: string
  /** Destroys Payload, closes its pool and stops the embedded cluster. */
  close: () => Promise<void>
}

/**
 * Boots the app's Payload config in this process on the embedded cluster of `dataDir`, laid
 * out exactly as `npm start` lays it out (`<dataDir>/postgres`, database `wangju`, the secret in
 * `<dataDir>/payload-secret`), so the production server started on the same folder afterwards
 * finds the data. Migrations and the first admin come from the config's onInit; no job runner.
 *
 * The config reads the environment when it is imported, so a process boots at most one of these.
 */
export const bootBenchPayload = async ({
  dataDir,
  env = {},
}: {
  dataDir: string
  env?: Record<string, string>
}): Promise<BenchPayload> => {
  const cluster = await startCluster({ dir: path.join(dataDir, 'postgres'), log: say })
  await ensureDatabase(cluster, 'wangju')
  const databaseUrl = cluster.url('wangju')
  const secretFile = path.join(dataDir, 'payload-secret')
  const secret =
    (await fs.readFile(secretFile, 'utf8').catch(() => '')).trim() ||
    randomBytes(32).toString('hex')
  await fs.writeFile(secretFile, secret, { mode: 0o600 })

  process.chdir(root)
  Object.assign(process.env, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATA_DIR: dataDir,
    MEDIA_DIR: path.join(dataDir, 'media'),
    DATABASE_URL: databaseUrl,
    PAYLOAD_SECRET: secret,
    PAYLOAD_DB_PUSH: 'false',
    JOBS_AUTORUN: 'false',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: benchAdmin.email,
    ADMIN_PASSWORD: benchAdmin.password,
    ...env,
  })
  try {
    const [{ getPayload }, { default: config }] = await Promise.all([
      import('payload'),
      import('../../src/payload.config'),
    ])
    const payload = await getPayload({ config, cron: false })
    return {
      payload,
      databaseUrl,
      close: async () => {
        await payload.destroy().catch(() => {})
        await closePool(payload)
        await cluster.stop()
      },
    }
  } catch (err) {
    await cluster.stop().catch(() => {})
    throw err
  }
}
