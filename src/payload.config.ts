import type { Payload } from 'payload'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { en } from '@payloadcms/translations/languages/en'
import { zh } from '@payloadcms/translations/languages/zh'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { Media } from '../collections/Media'
import { Users } from '../collections/Users'
import { migrateOnBoot } from './db/migrateOnBoot'
import { keepPoolAlive } from './db/pool'
import { sendMailTask } from './jobs/sendMail'
import { emailFromEnv } from './lib/email'
import { ensureFirstAdmin } from './lib/firstAdmin'
import { publishPayload } from './lib/payloadHandle'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const isProduction = process.env.NODE_ENV === 'production'

/** In-process job runner, on unless JOBS_AUTORUN=false (then `npm run worker` takes the jobs). */
const isAutoRunOn = () => process.env.JOBS_AUTORUN !== 'false'

const serverURL = process.env.SERVER_URL || ''

const originsFromEnv = (name: string) =>
  (process.env[name] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)

export default buildConfig({
  serverURL,
  secret: process.env.PAYLOAD_SECRET || '',
  admin: {
    user: Users.slug,
    importMap: { baseDir: dirname },
    meta: { titleSuffix: ' · 网聚职工正能量' },
  },
  collections: [Users, Media],
  editor: lexicalEditor(),
  db: postgresAdapter({
    pool: {
      connectionString: process.env.DATABASE_URL || '',
      max: Number(process.env.DATABASE_POOL_MAX ?? 10),
      // Without a timeout a request waits forever when the database is gone.
      connectionTimeoutMillis: 5_000,
    },
    push: process.env.PAYLOAD_DB_PUSH === 'true',
    migrationDir: path.resolve(dirname, 'migrations'),
  }),
  i18n: {
    supportedLanguages: { zh, en },
    fallbackLanguage: 'zh',
  },
  // Keeps relationship fan-out (and response size) predictable for partner reads.
  defaultDepth: 1,
  graphQL: {
    disablePlaygroundInProduction: true,
  },
  cors: originsFromEnv('CORS_ORIGINS'),
  csrf: originsFromEnv('CSRF_ORIGINS'),
  email: emailFromEnv(),
  sharp,
  jobs: {
    tasks: [sendMailTask],
    // Failed jobs, their errors and retries are visible to admins.
    jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
      ...defaultJobsCollection,
      admin: { ...defaultJobsCollection.admin, hidden: false, group: { zh: '系统', en: 'System' } },
    }),
    autoRun: () =>
      isAutoRunOn()
        ? [{ cron: process.env.JOBS_AUTORUN_CRON || '* * * * * *', allQueues: true, limit: 20 }]
        : [],
  },
  typescript: {
    outputFile: path.resolve(dirname, 'payload-types.ts'),
  },
  telemetry: false,
  logger: { options: { level: process.env.LOG_LEVEL || 'info' } },
  // A wrong password is the user's mistake, not a server error.
  loggingLevels: { AuthenticationError: 'info', LockedAuth: 'warn' },
  debug: !isProduction && process.env.PAYLOAD_DEBUG === 'true',
  onInit: async (payload: Payload) => {
    keepPoolAlive(payload)
    await migrateOnBoot(payload)
    await ensureFirstAdmin(payload)
    publishPayload(payload)
  },
})
