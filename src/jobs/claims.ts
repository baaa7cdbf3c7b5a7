import type { Config, Plugin, Where } from 'payload'

import { poolOf } from '../../plugins/shared/pool'

type UpdateJobsArgs = {
  id?: number | string
  data?: { processing?: boolean }
  where?: Where
  limit?: number
  sort?: string | string[]
  req?: unknown
  returning?: boolean
}

type JobsAdapter = {
  updateJobs: (args: UpdateJobsArgs) => Promise<unknown[] | null>
  find: (args: Record<string, unknown>) => Promise<{ docs: { id: number }[] }>
}

/**
 * Each queued job is run by one runner.
 *
 * Payload's poll claims jobs by finding those not `processing` and then setting `processing` on
 * each by id, without checking again (@payloadcms/drizzle `updateJobs`): two polls at the same
 * moment — two workers, or one process's two crons at :00, when the every-second runner and the
 * scheduler both poll — ran the same job twice. The second copy then failed on the first's
 * finished job, and Payload's job update left its connection idle in an aborted transaction.
 * Here a poll's claim keeps only the jobs one statement switched from free to `processing`; the
 * others were another runner's. Claims by id (`runByID`, and partner-push's announced jobs, which
 * claim atomically themselves) pass through unchanged.
 */
export const atomicJobClaims =
  (): Plugin =>
  (config: Config): Config => ({
    ...config,
    onInit: async (payload) => {
      const db = payload.db as unknown as JobsAdapter
      const updateJobs = db.updateJobs.bind(db)
      db.updateJobs = async (args) => {
        if (args.id !== undefined || args.data?.processing !== true || !args.where) {
          return updateJobs(args)
        }
        const { docs } = await db.find({
          collection: 'payload-jobs',
          where: args.where,
          limit: args.limit,
          sort: args.sort,
          pagination: false,
          req: args.req,
        })
        if (docs.length === 0) {
          return args.returning === false ? null : []
        }
        const { rows } = await poolOf(payload).query<{ id: number }>(
          `update payload_jobs set processing = true, updated_at = now()
            where id = any($1::int[]) and not processing and completed_at is null
            returning id`,
          [docs.map((doc) => doc.id)],
        )
        if (rows.length === 0) {
          return args.returning === false ? null : []
        }
        const won = rows.map((row) => row.id)
        // Payload's own update of the jobs this runner won, as it would have made it.
        return updateJobs({ ...args, where: { id: { in: won } }, limit: won.length })
      }
      await config.onInit?.(payload)
    },
  })
