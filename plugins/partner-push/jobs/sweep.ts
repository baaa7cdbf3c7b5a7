import type { Payload, TaskConfig } from 'payload'

import { sql } from '@payloadcms/db-postgres'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'
import { extractID } from 'payload/shared'

import type { DeliveryDoc } from '../collections/deliveries'
import type { ResolvedOptions } from '../types'
import type { Mail } from '../utilities/mail'

import { sendMails } from '../utilities/mail'
import { queryInRequest } from '../../shared/queryInRequest'
import { markInterrupted, queueDelivery } from './deliver'
import { queueVersion } from './sendVersion'

/**
 * Crash recovery and escalation, every minute on any runner: deliveries whose runner died
 * mid-send (an expired lease) or whose job was lost are queued again, with their webhook-id, so
 * none is lost, and the attempt the dead runner had started is logged as interrupted (the
 * partner may have received it); takedowns not acknowledged within `ackWithinMs` are escalated
 * by mail. Held deliveries (partner paused or disabled) wait for resume, not for the sweep.
 */
export const sweepTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.sweepTaskSlug,
  label: '推送巡检 / Sweep deliveries',
  retries: 0,
  schedule: [{ cron: '0 * * * * *', queue: 'default' }],
  outputSchema: [
    { name: 'requeued', type: 'number' },
    { name: 'escalated', type: 'number' },
  ],
  handler: async ({ req }) => ({
    output: await sweepDeliveries({ payload: req.payload, options }),
  }),
})

export const sweepDeliveries = async ({
  payload,
  options,
}: {
  payload: Payload
  options: ResolvedOptions
}) => {
  const now = new Date().toISOString()
  const { docs: stranded } = (await payload.find({
    collection: options.slugs.deliveries,
    where: {
      or: [
        { and: [{ state: { equals: 'sending' } }, { nextAttemptAt: { less_than: now } }] },
        // Waiting well past its time: its job was lost (a runner that died holds its job as
        // "processing" for good). Queuing it again is safe: the claim lets only one job send it.
        {
          and: [
            { state: { equals: 'retrying' } },
            {
              nextAttemptAt: {
                less_than: new Date(Date.now() - options.lostJobAfterMs).toISOString(),
              },
            },
          ],
        },
        {
          and: [
            { state: { equals: 'pending' } },
            {
              updatedAt: { less_than: new Date(Date.now() - options.lostJobAfterMs).toISOString() },
            },
          ],
        },
      ],
    },
    depth: 0,
    limit: 500,
  })) as { docs: DeliveryDoc[] }
  // Pending ones whose version's job was lost go out again as that version's job (one per
  // version: the body built once, sent in batches); the others one by one.
  const versions = new Map<string, { entryId: number; version: number }>()
  for (const delivery of stranded) {
    if (delivery.state === 'pending' && !delivery.sequence) {
      const entryId = Number(extractID(delivery.entry as number | { id: number }))
      versions.set(`${entryId}:${delivery.version}`, {
        entryId,
        version: Number(delivery.version),
      })
      continue
    }
    if (delivery.state === 'sending' && delivery.attempts?.some((a) => a.outcome === 'started')) {
      // Only while the lease is still out: a runner that took it over meanwhile logs its own.
      await markInterrupted({ payload, options, deliveryId: Number(delivery.id) })
    }
    await queueDelivery({ payload, options, deliveryId: Number(delivery.id) })
  }
  for (const { entryId, version } of versions.values()) {
    await queueVersion({ payload, options, entryId, version })
  }

  const { docs: unacknowledged } = (await payload.find({
    collection: options.slugs.deliveries,
    where: {
      and: [
        { event: { equals: 'takedown' } },
        { state: { equals: 'delivered' } },
        { acknowledgedAt: { exists: false } },
        { escalatedAt: { exists: false } },
        { deliveredAt: { less_than: new Date(Date.now() - options.ackWithinMs).toISOString() } },
      ],
    },
    depth: 1,
    limit: 500,
  })) as { docs: DeliveryDoc[] }
  let escalated = 0
  for (const delivery of unacknowledged) {
    const site = typeof delivery.partnerSite === 'object' ? delivery.partnerSite : null
    const entry = typeof delivery.entry === 'object' ? delivery.entry : null
    const mails = [...(site?.push?.alertEmails ?? []), ...options.escalateTo].map((to) => ({
      to,
      subject: `【网聚职工正能量】撤稿未确认：${entry?.title ?? ''}`,
      text: `${site?.name ?? ''} 尚未确认撤下作品“${entry?.title ?? ''}”（推送记录 ${delivery.id}）。请尽快撤稿并确认。\n\nTakedown not acknowledged by ${site?.name ?? ''} for "${entry?.title ?? ''}" (delivery ${delivery.id}).`,
    }))
    if (await escalate({ payload, options, deliveryId: Number(delivery.id), mails })) {
      escalated += 1
    }
  }
  return { requeued: stranded.length, escalated }
}

/**
 * Marks one takedown escalated and queues its mails, in one transaction: only `escalatedAt` is
 * written, and only while the takedown is neither acknowledged nor escalated, so an
 * acknowledgement landing meanwhile is kept (and no mail goes), and of two sweeps one mails.
 */
const escalate = async ({
  payload,
  options,
  deliveryId,
  mails,
}: {
  payload: Payload
  options: ResolvedOptions
  deliveryId: number
  mails: Mail[]
}) => {
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const marked = await queryInRequest({
      payload,
      req,
      query: sql`update ${sql.identifier(options.slugs.deliveries.replace(/-/g, '_'))} set "escalated_at" = now(), "updated_at" = now()
                  where id = ${deliveryId} and "escalated_at" is null and "acknowledged_at" is null returning id`,
    })
    if (marked.length === 0) {
      await killTransaction(req)
      return false
    }
    // With the app's mail task the mails are queued in this transaction; without, sent once it committed.
    if (options.mailTaskSlug) {
      await sendMails({ payload, options, mails, req })
    }
    await commitTransaction(req)
    if (!options.mailTaskSlug) {
      await sendMails({ payload, options, mails })
    }
    return true
  } catch (err) {
    await killTransaction(req)
    throw err
  }
}
