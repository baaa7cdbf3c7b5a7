import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  PayloadRequest,
  Where,
} from 'payload'

import { sql } from '@payloadcms/db-postgres'
import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'

import { holdReason, queueDelivery } from '../jobs/deliver'
import { queryInRequest } from '../utilities/queryInRequest'
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
 * partner that was given the work. One delivery per partner, each its own job, so any app
 * instance sends it and a slow partner holds up nobody.
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
    for (const { id: partnerSite, status } of partners) {
      await enqueueDelivery({
        req,
        options,
        entryId: Number(doc.id),
        partnerSite,
        status,
        event,
        version: now.version,
        versionCreatedAt: now.changedAt ?? new Date().toISOString(),
      })
    }
    return doc
  }

type Recipient = { id: number; status: string }

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
  let where: Where
  if (event === 'publish') {
    if (!entry.campaign) {
      return []
    }
    const campaign = extractID(entry.campaign)
    // Paused and disabled partners too: theirs is held and sent when they are resumed.
    where = {
      and: [{ 'push.campaigns': { in: [campaign] } }, { 'push.endpointURL': { exists: true } }],
    }
  } else {
    // Updates and takedowns go to whoever was given the work: it must not keep a stale or withdrawn copy.
    const { docs } = await req.payload.find({
      collection: options.slugs.deliveries,
      where: { entry: { equals: entry.id } },
      depth: 0,
      limit: 0,
      pagination: false,
      select: { partnerSite: true },
      req,
    })
    const ids = [
      ...new Set(
        docs
          .flatMap((d) => (d as { partnerSite?: Related | null }).partnerSite ?? [])
          .map((site) => extractID(site)),
      ),
    ]
    if (ids.length === 0) {
      return []
    }
    where = { id: { in: ids } }
  }
  const { docs } = await req.payload.find({
    collection: options.slugs.partnerSites,
    where,
    depth: 0,
    limit: 0,
    pagination: false,
    sort: 'id',
    select: { push: { status: true } },
    req,
  })
  return docs.map((d) => ({
    id: Number(d.id),
    status: (d as { push?: { status?: string | null } | null }).push?.status ?? 'paused',
  }))
}

/**
 * One delivery of a new version to one partner. Earlier versions still waiting that the partner
 * has not been sent (no sequence number yet) are replaced: the newest state is what it must get.
 * A numbered one may have reached it and is still sent, so the partner's numbers stay without
 * gaps, but carrying this newer version (utilities/pushBody): the partner keeps the highest
 * `version`. A work the partner was never sent goes to it as a publish, and is not taken back
 * from it at all.
 */
export const enqueueDelivery = async ({
  req,
  options,
  entryId,
  partnerSite,
  status,
  event,
  version,
  versionCreatedAt,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  entryId: number
  partnerSite: number
  /** The partner's push status: what a paused or disabled partner does not take now is held. */
  status: string
  event: PushEvent
  version: number
  /** When the version was made (the work's `syndication.changedAt`): the push's versioncreated. */
  versionCreatedAt: string
}) => {
  const deliveries = options.slugs.deliveries
  const table = sql.identifier(options.slugs.deliveries.replace(/-/g, '_'))
  // Only the state, and only of those still unnumbered: a runner claiming one at this moment
  // either numbers it first (then it is sent, and counts as sent below) or waits for this save
  // and finds it superseded. Its other columns are left as they are.
  await queryInRequest({
    payload: req.payload,
    req,
    query: sql`update ${table} set "state" = 'superseded', "updated_at" = now()
                where "entry_id" = ${entryId} and "partner_site_id" = ${partnerSite} and "sequence" is null and "state" in ('pending', 'held', 'retrying')`,
  })
  const [sent] = await queryInRequest({
    payload: req.payload,
    req,
    query: sql`select exists (select 1 from ${table} where "entry_id" = ${entryId} and "partner_site_id" = ${partnerSite} and "sequence" is not null) as "wasSent"`,
  })
  const wasSent = sent?.wasSent === true
  if (event === 'takedown' && !wasSent) {
    return null
  }
  const sentEvent: PushEvent = event === 'update' && !wasSent ? 'publish' : event
  // The secret is checked when sending: one set meanwhile must not leave this held.
  const isHeld = holdReason({ status, hasSecret: true, event: sentEvent }) !== null
  const delivery = await req.payload.create({
    collection: deliveries,
    data: {
      partnerSite,
      entry: entryId,
      event: sentEvent,
      version,
      versionCreatedAt,
      webhookId: generateMessageId(),
      state: isHeld ? 'held' : 'pending',
    },
    depth: 0,
    req,
  })
  if (!isHeld) {
    await queueDelivery({ payload: req.payload, options, deliveryId: Number(delivery.id), req })
  }
  return delivery
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
