import type { Payload } from 'payload'

import { waitUntil } from '../helpers/wait'

/** The renditions of a media document (one of them by `name`). */
export const renditionsOf = async (payload: Payload, mediaId: number, name?: string) =>
  (
    await payload.find({
      collection: 'renditions',
      where: {
        and: [{ original: { equals: mediaId } }, ...(name ? [{ name: { equals: name } }] : [])],
      },
      depth: 0,
      limit: 0,
    })
  ).docs

/** Runs the queue until `check` holds, as the app's job runner would. */
export const runJobsUntil = <T>(
  payload: Payload,
  check: () => Promise<T | undefined | false>,
  what: string,
) =>
  waitUntil(
    async () => {
      await payload.jobs.run({ allQueues: true })
      return check()
    },
    { timeoutMs: 120_000, intervalMs: 300, what },
  )
