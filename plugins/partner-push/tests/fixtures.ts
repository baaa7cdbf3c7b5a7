import { expect } from 'vitest'

import type { Api } from '../../../tests/helpers/api'
import type { Booted } from '../../../tests/helpers/payload'

import { waitUntil } from '../../../tests/helpers/wait'
import { runJobs } from './jobs'

/** What the push tests share, filled in by their `beforeAll`. */
export type PushTestContext = { booted: Booted; admin: Api; campaign: number; subProject: number }

/** Partner sites, selected works and the delivery queue, as the push tests use them. */
export const pushFixtures = (ctx: PushTestContext) => ({
  /** A partner site taking the campaign, with a fresh signing secret. */
  partnerSite: async (name: string, endpointURL: string) => {
    const { body } = await ctx.admin.post('/api/partner-sites', {
      name,
      kind: 'central-news-site',
      push: {
        status: 'active',
        endpointURL,
        campaigns: [ctx.campaign],
        alertEmails: ['ops@partner.test'],
      },
    })
    const id = Number(body.doc.id)
    const { body: rotated } = await ctx.admin.post(`/api/partner-sites/${id}/rotate-secret`, {})
    return { id, secret: rotated.secret as string }
  },

  /** A published work selected as 精品: the selection is what fans it out. */
  selectWork: async (title: string) => {
    const { body } = await ctx.admin.post('/api/entries', {
      title,
      subProject: ctx.subProject,
      status: 'published',
      text: '三十年如一日。',
      authors: [{ name: '张师傅', unit: '临汾钢铁厂' }],
    })
    const id = Number(body.doc.id)
    expect(
      (await ctx.admin.post(`/api/entries/${id}/select`, { reason: '传播局精选' })).status,
    ).toBe(200)
    return id
  },

  deliveriesOf: async (partnerSite: number) =>
    (
      await ctx.booted.payload.find({
        collection: 'deliveries',
        where: { partnerSite: { equals: partnerSite } },
        sort: 'sequence',
        depth: 0,
        limit: 0,
      })
    ).docs,

  /** Runs every queued delivery now, as if the waits had passed (the schedule itself is tested on its own). */
  runDue: () => runDue(ctx),

  /**
   * Runs the due deliveries until `check` gives a value (not undefined or false) and returns it;
   * fails after `timeoutMs`. One run proves nothing on a busy machine: an attempt it could not
   * finish in time is retried, as in production, so a test waits for the outcome it is about.
   */
  runDueUntil: <T>(
    check: () => Promise<T | undefined | false>,
    { what, timeoutMs = 30_000 }: { what: string; timeoutMs?: number },
  ) =>
    waitUntil(
      async () => {
        await runDue(ctx)
        return check()
      },
      { timeoutMs, intervalMs: 100, what },
    ),
})

const runDue = async (ctx: PushTestContext) => {
  const { payload } = ctx.booted
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: 'deliverToPartner' } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
      ],
    },
    limit: 0,
  })
  for (const job of docs) {
    await payload.update({
      collection: 'payload-jobs',
      id: job.id,
      data: { waitUntil: new Date(Date.now() - 1000).toISOString() },
    })
  }
  await runJobs(payload)
}
