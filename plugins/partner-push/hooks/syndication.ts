import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  PayloadRequest,
} from 'payload'

import { sql } from '@payloadcms/db-postgres'
import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'

import { poolOf } from '../../shared/pool'
import { holdReason } from '../jobs/deliver'
import { enumTypeOf, queueVersion } from '../jobs/sendVersion'
import { announceJob } from '../jobs/wake'
import { queryInRequest } from '../../shared/queryInRequest'
import { generateMessageId } from '../utilities/signature'

/** A relationship as Payload gives it: the id, or the document when populated. */
type Related = number | { id: number }

type Syndication = {
  pubstatus?: 'usable' | 'canceled' | null
  version?: number | null
  changedAt?: string | null
  responsibleEditor?: string | null
}
type EntryLike = Record<string, unknown> & {
  id?: number
  campaign?: Related | null
  syndication?: Syndication | null
}

/** Set in an update's context when the work's files changed without its fields (a new labelled copy). */
export const newFilesFlag = 'partnerPushNewFiles'

/** What partners are shown of a work: a change of any of these is a new version. */
const contentFields = [
  'title',
  'text',
  'description',
  'media',
  'authors',
  'form',
  'subProject',
  'submittingUnit',
]

const isUsable = (doc: EntryLike) =>
  doc.status === 'published' &&
  (doc.bestWork as { status?: string } | null | undefined)?.status === 'selected'

const changed = (a: unknown, b: unknown) => JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)

/**
 * Keeps `syndication` right on every save: a work becomes usable when it is published and
 * selected (精品), gets a new version when its content changes while usable, and is canceled
 * (撤稿) when either is taken back. Computed from the stored document, never from the request,
 * so no client can set it. The responsible editor partners print is kept from the usable
 * versions: a takedown (the selection is cleared by then) still names the work's editor.
 */
export const trackSyndication =
  (options: ResolvedOptions): CollectionBeforeChangeHook =>
  async ({ context, data, originalDoc, req }) => {
    const before = (originalDoc ?? {}) as EntryLike
    const after = { ...before, ...data } as EntryLike
    const previous: Syndication = before.syndication ?? {}
    const wasUsable = previous.pubstatus === 'usable'
    const nowUsable = isUsable(after)
    const isNewVersion =
      (nowUsable && !wasUsable) ||
      (nowUsable &&
        wasUsable &&
        contentFields.some((field) => field in data && changed(data[field], before[field]))) ||
      (nowUsable && wasUsable && context[newFilesFlag] === true) ||
      (!nowUsable && wasUsable)
    if (!isNewVersion) {
      return { ...data, syndication: previous }
    }
    return {
      ...data,
      syndication: {
        pubstatus: nowUsable ? 'usable' : 'canceled',
        version: (previous.version ?? 0) + 1,
        changedAt: new Date().toISOString(),
        responsibleEditor:
          (nowUsable ? await selectorName({ req, options, entry: after }) : null) ??
          previous.responsibleEditor ??
          null,
      },
    }
  }

/**
 * Who selected the work, as partners print it (name, else e-mail). A selection made in the
 * admin form is stamped with the editor by a field hook that runs after this one, hence the
 * fallback to the user saving it.
 */
const selectorName = async ({
  req,
  options,
  entry,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  entry: EntryLike
}): Promise<string | null> => {
  const users = options.slugs.users
  const selectedBy = (entry.bestWork as { selectedBy?: Related | null } | null | undefined)
    ?.selectedBy
  const id = selectedBy
    ? extractID(selectedBy)
    : req.user?.collection === users
      ? req.user.id
      : undefined
  if (!id) {
    return null
  }
  const editor = (await req.payload
    .findByID({ collection: users, id, depth: 0, req })
    .catch(() => null)) as { name?: string | null; email?: string | null } | null
  return editor?.name || editor?.email || null
}

export type PushEvent = 'publish' | 'update' | 'takedown'

/**
 * Fans a new version out to partners: a publish to every partner that takes the work's campaign
 * (held for a paused or disabled one until it is resumed), an update or a takedown to every
 * partner that was given the work. One delivery per partner, and one job for the version that
 * sends them all (jobs/sendVersion), in the save's transaction.
 */
export const fanOut =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    const now: Syndication = (doc as EntryLike).syndication ?? {}
    const before: Syndication = (previousDoc as EntryLike | undefined)?.syndication ?? {}
    if (!now.version || now.version === before.version || req.context.skipPush) {
      return doc
    }
    const event: PushEvent =
      now.pubstatus === 'canceled'
        ? 'takedown'
        : before.pubstatus === 'usable'
          ? 'update'
          : 'publish'
    const partners = await recipients({ req, options, entry: doc as EntryLike, event })
    const created = await enqueueDeliveries({
      req,
      options,
      entryId: Number(doc.id),
      partners,
      event,
      version: now.version,
      versionCreatedAt: now.changedAt ?? new Date().toISOString(),
    })
    if (created.some((delivery) => delivery.state === 'pending')) {
      const job = await queueVersion({
        payload: req.payload,
        options,
        entryId: Number(doc.id),
        version: now.version,
        req,
      })
      await announceJob({ req, options, jobId: job.id })
    }
    return doc
  }

type Recipient = { id: number; status: string }

/**
 * Who a version goes to, with each partner's push status, in SQL (two statements at most; the
 * Local API's find would run every partner site through its field hooks and access, per save).
 */
const recipients = async ({
  req,
  options,
  entry,
  event,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  entry: EntryLike
  event: PushEvent
}): Promise<Recipient[]> => {
  const sites = options.slugs.partnerSites.replace(/-/g, '_')
  const table = sql.identifier(sites)
  let rows: Record<string, unknown>[]
  if (event === 'publish') {
    if (!entry.campaign) {
      return []
    }
    // Paused and disabled partners too: theirs is held and sent when they are resumed.
    rows = await queryInRequest({
      payload: req.payload,
      req,
      query: sql`select s.id, s."push_status" as "status" from ${table} s
                  where coalesce(s."push_endpoint_u_r_l", '') <> ''
                    and exists (select 1 from ${sql.identifier(`${sites}_rels`)} r
                                 where r."parent_id" = s.id and r."path" = 'push.campaigns'
                                   and r.${sql.identifier(`${options.slugs.campaigns.replace(/-/g, '_')}_id`)} = ${extractID(entry.campaign)})
                  order by s.id`,
    })
  } else {
    // Updates and takedowns go to whoever was given the work: it must not keep a stale or withdrawn copy.
    rows = await queryInRequest({
      payload: req.payload,
      req,
      query: sql`select s.id, s."push_status" as "status" from ${table} s
                  where s.id in (select "partner_site_id" from ${sql.identifier(options.slugs.deliveries.replace(/-/g, '_'))}
                                  where "entry_id" = ${Number(entry.id)})
                  order by s.id`,
    })
  }
  return rows.map((row) => ({
    id: Number(row.id),
    status: (row.status as string | null) ?? 'paused',
  }))
}

/**
 * The deliveries of a new version, one per partner, written in the save's transaction. Earlier
 * versions still waiting that a partner has not been sent (no sequence number yet) are replaced:
 * the newest state is what it must get. A numbered one may have reached it and is still sent, so
 * the partner's numbers stay without gaps, but carrying this newer version (utilities/pushBody):
 * the partner keeps the highest `version`. A work a partner was never sent goes to it as a
 * publish, and is not taken back from it at all. A paused or disabled partner's are `held`.
 */
export const enqueueDeliveries = async ({
  req,
  options,
  entryId,
  partners,
  event,
  version,
  versionCreatedAt,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  entryId: number
  /** With each partner's push status: what a paused or disabled partner does not take now is held. */
  partners: Recipient[]
  event: PushEvent
  version: number
  /** When the version was made (the work's `syndication.changedAt`): the push's versioncreated. */
  versionCreatedAt: string
}): Promise<{ id: number; state: string }[]> => {
  if (partners.length === 0) {
    return []
  }
  const tableName = options.slugs.deliveries.replace(/-/g, '_')
  const table = sql.identifier(tableName)
  const siteIds = sql.param(partners.map((p) => p.id))
  // Only the state, and only of those still unnumbered: a runner claiming one at this moment
  // either numbers it first (then it is sent, and counts as sent below) or waits for this save
  // and finds it superseded. Their other columns are left as they are.
  await queryInRequest({
    payload: req.payload,
    req,
    query: sql`update ${table} set "state" = 'superseded', "updated_at" = now()
                where "entry_id" = ${entryId} and "partner_site_id" = any(${siteIds}::int[]) and "sequence" is null and "state" in ('pending', 'held', 'retrying')`,
  })
  const sentRows = await queryInRequest({
    payload: req.payload,
    req,
    query: sql`select distinct "partner_site_id" as "site" from ${table} where "entry_id" = ${entryId} and "partner_site_id" = any(${siteIds}::int[]) and "sequence" is not null`,
  })
  const wasSent = new Set(sentRows.map((row) => Number(row.site)))
  const rows = partners.flatMap(({ id, status }) => {
    const isSent = wasSent.has(id)
    if (event === 'takedown' && !isSent) {
      return []
    }
    const sentEvent: PushEvent = event === 'update' && !isSent ? 'publish' : event
    // The secret is checked when sending: one set meanwhile must not leave this held.
    const isHeld = holdReason({ status, hasSecret: true, event: sentEvent }) !== null
    const state: 'held' | 'pending' = isHeld ? 'held' : 'pending'
    return [
      {
        partnerSite: id,
        event: sentEvent,
        webhookId: generateMessageId(),
        state,
      },
    ]
  })
  if (rows.length === 0) {
    return []
  }
  if (options.overrides.deliveries) {
    // The app changed the collection (hooks, fields with defaults): through the Local API.
    const created: { id: number; state: string }[] = []
    for (const row of rows) {
      const delivery = await req.payload.create({
        collection: options.slugs.deliveries,
        data: {
          ...row,
          entry: entryId,
          version,
          versionCreatedAt,
        },
        depth: 0,
        req,
      })
      created.push({ id: Number(delivery.id), state: row.state })
    }
    return created
  }
  // The plugin's own collection has no hooks: one statement for all partners.
  const pool = poolOf(req.payload)
  const [eventType, stateType] = await Promise.all([
    enumTypeOf(pool, tableName, 'event'),
    enumTypeOf(pool, tableName, 'state'),
  ])
  const inserted = await queryInRequest({
    payload: req.payload,
    req,
    query: sql`insert into ${table} ("partner_site_id", "entry_id", "event", "version", "version_created_at", "webhook_id", "state", "attempt_count")
               select t.site, ${entryId}, t.event::${sql.raw(eventType)}, ${version}, ${versionCreatedAt}::timestamptz, t.webhook, t.state::${sql.raw(stateType)}, 0
                 from unnest(${sql.param(rows.map((r) => r.partnerSite))}::int[], ${sql.param(rows.map((r) => r.event))}::text[],
                             ${sql.param(rows.map((r) => r.webhookId))}::varchar[], ${sql.param(rows.map((r) => r.state))}::text[])
                      with ordinality as t(site, event, webhook, state, n)
                order by t.n
               returning id, "state"`,
  })
  return inserted.map((row) => ({ id: Number(row.id), state: String(row.state) }))
}

/**
 * A labelled copy (the intro video or the watermarked photo) made after a work went out is what
 * partners should republish. A copy belongs to one campaign (the unified-campaign plugin's
 * `campaign`): each usable work of that campaign using the file gets a new version, pushed as an
 * update to every partner that received it; works of other campaigns are not shown this copy.
 */
export const pushNewLabelledCopy =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, operation, req }) => {
    if (operation === 'create') {
      await newVersionOfWorksShowing({ req, options, copy: doc })
    }
    return doc
  }

/**
 * A labelled copy removed (its campaign switched the watermark off, dropped its intro, or no
 * longer uses the file) takes a link partners were given: the works that showed it get a new
 * version, pushed as an update. Not when a copy of the same file and campaign remains: that is
 * a replacement, pushed when it was made.
 */
export const pushRemovedLabelledCopy =
  (options: ResolvedOptions): CollectionAfterDeleteHook =>
  async ({ doc, req }) => {
    const { original, name, campaign } = doc as LabelledCopy
    if (!isLabelledCopy(name)) {
      return
    }
    const remaining = await req.payload.count({
      collection: options.slugs.renditions,
      where: {
        and: [
          { original: { equals: original ? extractID(original) : 0 } },
          { name: { equals: name ?? '' } },
          campaign
            ? { campaign: { equals: extractID(campaign) } }
            : { campaign: { exists: false } },
        ],
      },
      req,
    })
    if (remaining.totalDocs === 0) {
      await newVersionOfWorksShowing({ req, options, copy: doc })
    }
  }

/** A rendition as the labelled-copy hooks read it. */
type LabelledCopy = { original?: Related | null; name?: string | null; campaign?: Related | null }

/** The renditions partners are given as a work's labelled copy (pushBody's `labelled`). */
const isLabelledCopy = (name: unknown) => name === 'intro' || name === 'label'

/** Each usable work that shows this labelled copy (its file, in its campaign) gets a new version. */
const newVersionOfWorksShowing = async ({
  req,
  options,
  copy,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  copy: LabelledCopy
}) => {
  if (!isLabelledCopy(copy.name) || !copy.original) {
    return
  }
  const original = extractID(copy.original)
  const campaign = copy.campaign ? extractID(copy.campaign) : undefined
  const { docs } = await req.payload.find({
    collection: options.slugs.entries,
    where: {
      and: [
        { media: { in: [original] } },
        { 'syndication.pubstatus': { equals: 'usable' } },
        // A copy from before copies had a campaign is shown by the works of any campaign using its file.
        ...(campaign ? [{ campaign: { equals: campaign } }] : []),
      ],
    },
    depth: 0,
    limit: 0,
    pagination: false,
    select: {},
    req,
  })
  for (const entry of docs) {
    await req.payload.update({
      collection: options.slugs.entries,
      id: entry.id,
      data: {},
      context: { [newFilesFlag]: true },
      depth: 0,
      req,
    })
  }
}
