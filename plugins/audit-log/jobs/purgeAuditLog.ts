import type { CollectionSlug, Payload, PayloadRequest, TaskConfig, Where } from 'payload'

const dayMs = 24 * 60 * 60 * 1000

export type PurgeResult = {
  /** Entries created before this instant were deleted; `null` when retention is unlimited. */
  cutoff: null | string
  deleted: number
}

/**
 * Deletes the entries older than `retentionDays` in one statement, at the database level (no
 * hooks, no access: the collection's own delete access is false for everyone). Callable
 * directly, e.g. from tests or a maintenance script.
 */
export const purgeAuditLog = async ({
  collectionSlug,
  now = new Date(),
  payload,
  req,
  retentionDays,
}: {
  collectionSlug: string
  /** @default new Date() */
  now?: Date
  payload: Payload
  req?: PayloadRequest
  retentionDays: number
}): Promise<PurgeResult> => {
  if (!Number.isFinite(retentionDays)) {
    return { cutoff: null, deleted: 0 }
  }
  const cutoff = new Date(now.getTime() - retentionDays * dayMs).toISOString()
  const collection = collectionSlug as CollectionSlug
  const where: Where = { createdAt: { less_than: cutoff } }
  const { totalDocs } = await payload.db.count({ collection, req, where })
  if (totalDocs > 0) {
    await payload.db.deleteMany({ collection, req, where })
  }
  payload.logger.info({
    msg: `audit log: purged ${totalDocs} entries created before ${cutoff}`,
    deleted: totalDocs,
    cutoff,
  })
  return { cutoff, deleted: totalDocs }
}

/**
 * The jobs task that runs the purge, scheduled daily. With the plugin disabled it stays (the
 * jobs schema keeps its slug) and deletes nothing.
 */
export const purgeAuditLogTask = ({
  collectionSlug,
  isEnabled,
  queue,
  retentionDays,
  schedule,
  slug,
}: {
  collectionSlug: string
  isEnabled: boolean
  queue: string
  retentionDays: number
  schedule: string
  slug: string
}): TaskConfig<{ input: object; output: PurgeResult }> => ({
  slug,
  label: '清理过期审计日志 / Purge expired audit log entries',
  // The next scheduled run retries; a failed purge leaves only extra entries behind.
  retries: 0,
  schedule: [{ cron: schedule, queue }],
  outputSchema: [
    { name: 'deleted', type: 'number', required: true },
    { name: 'cutoff', type: 'date' },
  ],
  handler: async ({ req }) => {
    if (!isEnabled) {
      return { output: { cutoff: null, deleted: 0 } }
    }
    return {
      output: await purgeAuditLog({ collectionSlug, payload: req.payload, req, retentionDays }),
    }
  },
})
