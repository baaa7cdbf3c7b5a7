import type { Payload } from 'payload'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { en } from '@payloadcms/translations/languages/en'
import { zh } from '@payloadcms/translations/languages/zh'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { AwardLists } from '../collections/AwardLists'
import { Campaigns } from '../collections/Campaigns'
import { Columns } from '../collections/Columns'
import { Contacts } from '../collections/Contacts'
import { Entries } from '../collections/Entries'
import { FeaturedWorkers } from '../collections/FeaturedWorkers'
import { groups } from '../collections/groups'
import { Interactions } from '../collections/Interactions'
import { Media } from '../collections/Media'
import { Notices } from '../collections/Notices'
import { Organizers } from '../collections/Organizers'
import { PartnerAccounts } from '../collections/PartnerAccounts'
import { PartnerSites } from '../collections/PartnerSites'
import { Quotas } from '../collections/Quotas'
import { JudgingRounds } from '../collections/JudgingRounds'
import { ScoreSheets } from '../collections/ScoreSheets'
import { Votes } from '../collections/Votes'
import { VoterCodes } from '../collections/VoterCodes'
import { ReportBatches } from '../collections/ReportBatches'
import { SensitiveWords } from '../collections/SensitiveWords'
import { SubProjects } from '../collections/SubProjects'
import { Users } from '../collections/Users'
import { auditLog } from '../plugins/audit-log'
import { changeNotices } from '../plugins/shared/changeNotices'
import { clearErrors } from '../plugins/clear-errors'
import { submissionSpec } from '../plugins/submission-spec'
import { parseAllowList, partnerPush } from '../plugins/partner-push'
import { unifiedCampaign } from '../plugins/unified-campaign'
import { partnerCampaigns, unifiedCampaignAccess } from './access/campaignAccess'
import { columnPulls } from './columns'
import { withLockRules } from './access/lockedDocuments'
import { mediaOriginalRead, mediaUsageRead } from './access/media'
import { isAdmin, partnerAccountsSlug } from './access/roles'
import { aboutEntryRead } from './access/rules'
import { migrate, withBootLock } from './db/bootLock'
import { keepPoolAlive, readReplicaUrls } from './db/pool'
import { atomicJobClaims } from './jobs/claims'
import { jobHeartbeats } from './jobs/heartbeat'
import { reportMailTask } from './jobs/reportMail'
import { purgeVoterCodesTask } from './jobs/purgeVoterCodes'
import { uploadMaxMB as readUploadMaxMB } from './lib/uploadLimit'
import { reportRemindersTask } from './jobs/reportReminders'
import { sendMailTask } from './jobs/sendMail'
import { emailFromEnv } from './lib/email'
import { campaignEditor } from './lib/lexical'
import { ensureFirstAdmin } from './lib/firstAdmin'
import { dropWindowCopiesOnChangesElsewhere } from './moderation/windowColumn'
import { partnerReadInvalidation } from './http/partnerReads/invalidation'
import { publishPayload } from './lib/payloadHandle'
import { publicBaseUrl } from './lib/publicUrl'
import { reportingQueries } from './reporting/graphql'
import { seedOnFirstStart } from './seed/onFirstStart'
import { originalsInBucket, uploadStorage } from './storage'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const isProduction = process.env.NODE_ENV === 'production'

/** In-process job runner, on unless JOBS_AUTORUN=false (then `npm run worker` takes the jobs). */
const isAutoRunOn = () => process.env.JOBS_AUTORUN !== 'false'

const serverURL = process.env.SERVER_URL || ''

const uploadMaxMB = readUploadMaxMB()

const originsFromEnv = (name: string) =>
  (process.env[name] ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)

// Payload adds its edit-lock collection while sanitizing, so its rules are set on the result.
export default withLockRules(
  buildConfig({
    serverURL,
    secret: process.env.PAYLOAD_SECRET || '',
    admin: {
      user: Users.slug,
      importMap: { baseDir: dirname },
      meta: { titleSuffix: ' · 网聚职工正能量' },
      // Gravatar would call out to the internet; the built-in avatar works offline.
      avatar: 'default',
      dateFormat: 'yyyy年M月d日 HH:mm',
      components: {
        afterNavLinks: ['/admin/ScoringNavLink#ScoringNavLink'],
        // 活动看板 in place of Payload's collection cards: the user's campaigns at a glance.
        views: {
          dashboard: { Component: '/admin/CampaignDashboard#CampaignDashboard' },
          // 评审打分: the judge's page (its open rounds, the work, the rubric form).
          scoring: { Component: '/admin/ScoringView#ScoringView', path: '/scoring' },
        },
      },
    },
    collections: [
      Campaigns,
      Notices,
      SubProjects,
      Quotas,
      ReportBatches,
      Entries,
      JudgingRounds,
      ScoreSheets,
      Votes,
      VoterCodes,
      AwardLists,
      FeaturedWorkers,
      PartnerSites,
      PartnerAccounts,
      Columns,
      Interactions,
      SensitiveWords,
      Organizers,
      Contacts,
      Media,
      Users,
    ],
    // Payload's Lexical editor; every save refuses links to javascript:, data: and other unsafe schemes.
    editor: campaignEditor(),
    db: postgresAdapter({
      pool: {
        connectionString: process.env.DATABASE_URL || '',
        max: Number(process.env.DATABASE_POOL_MAX ?? 10),
        // Without a timeout a request waits forever when the database is gone.
        connectionTimeoutMillis: 5_000,
      },
      // Reads on replicas (DATABASE_READ_REPLICA_URLS), except for 2 s after a write here or a
      // change told by another instance (plugins/shared/changeNotices.ts).
      readReplicas: readReplicaUrls(),
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
      queries: reportingQueries,
    },
    cors: originsFromEnv('CORS_ORIGINS'),
    csrf: originsFromEnv('CSRF_ORIGINS'),
    email: emailFromEnv(),
    sharp,
    // Busboy would silently truncate an oversized admin upload; abortOnLimit refuses it instead.
    // The whole request may exceed the file by its fields (Payload's own default cap is 50 MB).
    upload: {
      limits: { fileSize: uploadMaxMB * 1024 * 1024 },
      abortOnLimit: true,
      requestSizeLimit: (uploadMaxMB + 1) * 1024 * 1024,
    },
    jobs: {
      tasks: [sendMailTask, reportMailTask, reportRemindersTask, purgeVoterCodesTask],
      // Failed jobs, their errors and retries are visible to admins.
      jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
        ...defaultJobsCollection,
        labels: { singular: { zh: '后台任务', en: 'Job' }, plural: { zh: '后台任务', en: 'Jobs' } },
        access: { ...defaultJobsCollection.access, read: isAdmin },
        admin: { ...defaultJobsCollection.admin, hidden: false, group: groups.system },
      }),
      // Jobs are polled every second; scheduled tasks (the audit purge) are checked once a
      // minute, which keeps the per-tick cost to one query.
      autoRun: () =>
        isAutoRunOn()
          ? [
              {
                cron: process.env.JOBS_AUTORUN_CRON || '* * * * * *',
                allQueues: true,
                limit: Number(process.env.JOBS_AUTORUN_LIMIT || 20),
                disableScheduling: true,
              },
              { cron: process.env.JOBS_SCHEDULE_CRON || '0 * * * * *', allQueues: true, limit: 20 },
            ]
          : [],
    },
    plugins: [
      submissionSpec({
        publicSubmission: { maxFileSizeMB: uploadMaxMB },
        renditionsDir: path.join(process.env.MEDIA_DIR ?? 'media', 'renditions'),
        // Beside the media folder, never inside it: only staff download originals (GPS and all).
        originalsDir:
          process.env.MEDIA_ORIGINALS_DIR || `${process.env.MEDIA_DIR ?? 'media'}-originals`,
        // With uploads in S3 (S3_BUCKET), private objects under originals/ instead (src/storage).
        originals: originalsInBucket(),
        access: {
          readOriginal: mediaOriginalRead,
          readUsage: mediaUsageRead,
          deleteRenditions: isAdmin,
        },
      }),
      unifiedCampaign({
        // Standing notices such as Beijing's 2015 plan belong to no campaign: they are counted in
        // the compliance summary, not refused. Works, profiles and columns need their campaign.
        unassignedThemeRule: { notices: 'warn' },
        collections: { partnerAccounts: partnerAccountsSlug },
        access: unifiedCampaignAccess,
        partnerCampaigns,
      }),
      // Uploads in S3 when S3_BUCKET is set, on disk otherwise; after the plugins adding uploads.
      uploadStorage(),
      partnerPush({
        attemptTimeoutMs: Number(process.env.PUSH_ATTEMPT_TIMEOUT_MS || 15_000),
        access: { manage: isAdmin, readHistory: aboutEntryRead('entry') },
        // Hosts and networks outbound calls may reach although private (tests: loopback).
        allowList: parseAllowList(process.env.OUTBOUND_ALLOW_LIST),
        sendLeaseMs: Number(process.env.PUSH_SEND_LEASE_MS || 60_000),
        lostJobAfterMs: Number(process.env.PUSH_LOST_JOB_AFTER_MS || 120_000),
        // SERVER_URL, else the address the server listens on (known once it listens).
        serverURL: publicBaseUrl,
        // Mails go through the app's mail job, with the change they report.
        mailTaskSlug: sendMailTask.slug,
      }),
      auditLog({
        adminGroup: groups.system,
        access: { read: isAdmin },
        actorCollections: ['users', partnerAccountsSlug],
        readerCollections: [partnerAccountsSlug],
        watchedFields: {
          users: { role: 'role-change', organizer: 'organizer-change' },
          // Freezing a prize list (拟定中 → 已确定); each adjustment is recorded by src/awards/adjust.
          'award-lists': { status: 'field-change' },
          // Each moderator's decision on what netizens wrote, and changes to the word lists.
          interactions: { state: 'field-change', rejectionReason: 'field-change' },
          'sensitive-words': { action: 'field-change', word: 'field-change' },
        },
        // Notices and sub-projects have drafts: their publishing is followed through _status.
        publishedWhen: {
          entries: (doc) => doc.status === 'published',
          'featured-workers': (doc) => doc.status === 'published',
        },
        retentionDays: Number(process.env.AUDIT_RETENTION_DAYS || 365),
      }),
      // Pulls of columns by sites, and what makes a cached pull stale (src/columns).
      columnPulls(),
      // Last, so it sees every collection: field errors say why, bad paging is a 400 (plugins/clear-errors).
      clearErrors(),
      // After every collection exists: each change makes partners' kept reads stale (src/http/partnerReads).
      partnerReadInvalidation({ ignore: ['audit-log'] }),
      // And is told to the other app instances on the database, whose copies go stale at once.
      changeNotices({
        ignore: ['audit-log'],
        // The command-line tools (src/*Cli.ts) tell of their changes but keep no copies to drop.
        listens: process.env.CHANGE_NOTICES_LISTEN !== 'false',
      }),
      // After every plugin's tasks: a job whose runner died is taken again (src/jobs/heartbeat.ts),
      // and a job two runners poll at once is run by one (src/jobs/claims.ts).
      jobHeartbeats(),
      atomicJobClaims(),
    ],
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
      await withBootLock(payload, async () => {
        await migrate(payload)
        await ensureFirstAdmin(payload)
        await seedOnFirstStart(payload)
      })
      dropWindowCopiesOnChangesElsewhere(payload)
      publishPayload(payload)
    },
  }),
)
