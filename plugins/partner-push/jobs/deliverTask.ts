import type { TaskConfig } from 'payload'

import type { ResolvedOptions } from '../types'

import { attempt } from './deliver'
import { sendVersion } from './sendVersion'

/** A job's input: a work's version for all its partners (`entry`, `version`), or one delivery. */
type DeliverInput = { delivery?: number | null; entry?: number | null; version?: number | null }

/**
 * Sending to partners. A work's new version is one job (`entry`, `version`): the body built
 * once, its partners' deliveries claimed, sent and settled in batches (jobs/sendVersion). A
 * retry, a resend, a release of held deliveries and the sweep's recovery are jobs of one delivery
 * each (`delivery`). The delivery rows are the state, the job only their trigger: a retry is a new
 * job at the scheduled time (the Standard Webhooks schedule, or Retry-After), the webhook-id stays
 * the same, and a delivery already settled is never sent again.
 */
export const deliverTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.deliverTaskSlug,
  label: '推送到参与网站 / Deliver to partners',
  // Retries follow our own schedule; Payload's would ignore Retry-After.
  retries: 0,
  inputSchema: [
    { name: 'delivery', type: 'number' },
    { name: 'entry', type: 'number' },
    { name: 'version', type: 'number' },
  ],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => {
    const { delivery, entry, version } = input as DeliverInput
    // The job only claims and starts the sends: a partner slow to answer holds its own send, not
    // the runner (which runs one batch at a time) and so not every other partner's.
    const outcome =
      entry && version
        ? await sendVersion({
            payload: req.payload,
            options,
            entryId: Number(entry),
            version: Number(version),
          })
        : await attempt({
            payload: req.payload,
            options,
            deliveryId: Number(delivery),
            inBackground: true,
          })
    return { output: { outcome } }
  },
})
