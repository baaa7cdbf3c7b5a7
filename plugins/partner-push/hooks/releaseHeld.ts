import type { CollectionAfterChangeHook } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import type { ResolvedOptions } from '../types'

import { holdReason, queueDelivery } from '../jobs/deliver'
import { queryInRequest } from '../../shared/queryInRequest'

/**
 * Sends what a partner site's deliveries waited for, once the site takes them: resumed (from
 * paused or disabled, by the sidebar's button, over REST or in the form), or given its first
 * signing secret. The held messages get the partner's next sequence numbers in the order they
 * were created, then are queued in that order, all in the save's transaction.
 */
export const releaseHeld =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, req }) => {
    const siteId = Number(doc.id)
    const deliveries = options.slugs.deliveries.replace(/-/g, '_')
    const [waiting] = await queryInRequest({
      payload: req.payload,
      req,
      query: sql`select count(*)::int as n from ${sql.identifier(deliveries)} where "partner_site_id" = ${siteId} and "state" = 'held'`,
    })
    if (!Number(waiting?.n)) {
      return doc
    }
    // Read with the secret, which the saved document does not show.
    const site = (await req.payload.findByID({
      collection: options.slugs.partnerSites,
      id: siteId,
      depth: 0,
      showHiddenFields: true,
      req,
    })) as {
      push?: { status?: string | null; secret?: string | null } | null
    }
    const allows = (event: string) =>
      holdReason({ status: site.push?.status, hasSecret: Boolean(site.push?.secret), event }) ===
      null
    const hasUpdates = allows('update')
    if (!hasUpdates) {
      return doc
    }
    const hasPublishes = allows('publish')
    const releasable = sql`"partner_site_id" = ${siteId} and "state" = 'held' and (${hasPublishes} or "event" <> 'publish')`
    await queryInRequest({
      payload: req.payload,
      req,
      query: sql`
        with released as (
          select id, row_number() over (order by id) as n from ${sql.identifier(deliveries)} where ${releasable} and "sequence" is null
        ), numbered as (
          update ${sql.identifier(options.slugs.partnerSites.replace(/-/g, '_'))}
             set "push_sequence" = coalesce("push_sequence", 0) + (select count(*) from released)
           where id = ${siteId} and exists (select 1 from released)
           returning "push_sequence" - (select count(*) from released) as base
        )
        update ${sql.identifier(deliveries)} d set "sequence" = numbered.base + released.n from released, numbered where d.id = released.id`,
    })
    const rows = await queryInRequest({
      payload: req.payload,
      req,
      query: sql`update ${sql.identifier(deliveries)} set "state" = 'pending', "next_attempt_at" = null, "last_error" = null where ${releasable} returning id, "sequence"`,
    })
    for (const row of rows.sort((a, b) => Number(a.sequence) - Number(b.sequence))) {
      await queueDelivery({ payload: req.payload, options, deliveryId: Number(row.id), req })
    }
    return doc
  }
