import type { CollectionSlug, Payload, Where } from 'payload'

import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'
import type { NinjsItem, NinjsRenditionInput } from './ninjs'

import { sha256OfFile } from '../../shared/sha256'
import { withLocalCopy } from '../../shared/storedFile'
import { renderLabel, stripLabel } from '../../shared/label'
import { absoluteUrl, baseUrlOf } from '../types'
import { toNinjs } from './ninjs'

/** A relationship as Payload gives it: the id, or the document when populated. */
type Related = number | { id: number }

type Named = {
  id: number
  name?: string | null
  title?: string | null
  label?: string | null
  year?: number | null
}
type CampaignDoc = Named & {
  introClip?: Related | null
  unification?: {
    labelRule?: string | null
    labelBrackets?: string | null
    watermarkPhotos?: boolean | null
  } | null
}
type UploadDoc = {
  id: number
  url?: string | null
  mimeType?: string | null
  width?: number | null
  height?: number | null
  filesize?: number | null
  filename?: string | null
}
type MediaDoc = UploadDoc & { sha256?: string | null }
type RenditionDoc = UploadDoc & {
  original?: Related | null
  name?: string | null
  intro?: Related | null
  labelText?: string | null
  renditionWidth?: number | null
  renditionHeight?: number | null
  checksum?: string | null
}
type EntryDoc = {
  id: number
  title: string
  form?: 'graphic' | 'video' | 'h5' | 'panorama' | null
  text?: string | null
  description?: string | null
  createdAt?: string
  updatedAt: string
  authors?: { name: string; unit?: string | null }[] | null
  campaign?: CampaignDoc | number | null
  subProject?: Named | number | null
  submittingUnit?: Named | number | null
  media?: (MediaDoc | number)[] | null
  bestWork?: { selectedBy?: { name?: string | null; email?: string | null } | number | null } | null
  /** Kept from its usable versions (partner-push's trackSyndication): a takedown still names the editor. */
  syndication?: {
    pubstatus?: 'usable' | 'canceled' | null
    version?: number | null
    changedAt?: string | null
    responsibleEditor?: string | null
  } | null
}

type PushEvent = 'publish' | 'update' | 'takedown'

/** What a message is sent for: one delivery's version of the work, and when that version was made. */
export type PushDelivery = {
  id: number
  partnerSite: Related
  entry: Related
  event: PushEvent
  version: number
  versionCreatedAt?: string | null
  createdAt: string
}

/** The work read while it was at another version than the one to build: read it again. */
class ReadAnotherVersion extends Error {}

const asDoc = <T>(value: T | number | null | undefined): T | null =>
  value && typeof value === 'object' ? value : null

/**
 * What a partner receives: the work as a ninjs 2.2 item (the label in the headline, sanitised
 * HTML, files as links) with the attribution every republisher must print in its `x_wangju`
 * extension, plus the event and the partner's sequence number so the receiver can order and
 * deduplicate. Every file goes as its original (`original`, `original-2` …) and, where the
 * campaign made one, as its labelled copy (`labelled`, `labelled-2` …: the video with the
 * current intro, the photo with the current label watermark), which partners republish; each
 * link's SHA-256 is in `x_wangju.sha256`.
 *
 * A delivery carries its own version while that is the newest its partner is being sent of the
 * work. Once a newer one exists (an update or a takedown made before this one was delivered) it
 * carries that one — its event, version and item — under its own webhook-id and sequence: a
 * retried publish never brings back content taken down since, and the partner's number still
 * arrives (the newer version also comes in a message of its own). A usable item is only built
 * from the work while the work is that version, so a version's body is what the version was;
 * `versioncreated` is when the version was made, the same on every message carrying it.
 * `carried` is the delivery whose version the message carries (the delivery itself, or the newer).
 */
export const buildPushBody = async ({
  payload,
  options,
  delivery,
}: {
  payload: Payload
  options: ResolvedOptions
  delivery: PushDelivery & { sequence: number; webhookId: string }
}): Promise<{
  carried: PushDelivery
  message: {
    event: PushEvent
    sequence: number
    webhookId: string
    deliveryId: number
    item: NinjsItem
  }
}> => {
  const entryId = extractID(delivery.entry)
  // A work changing between our reads is read again; its newer version's deliveries are
  // committed with it, so the next read sees them.
  for (let read = 1; ; read += 1) {
    const carried = await newestVersionFor({ payload, options, delivery })
    try {
      const item = await sharedItem({
        payload,
        key: `${entryId}:${carried.version}:${carried.event}`,
        build: () => buildItem({ payload, options, entryId, carried }),
      })
      // deliveryId: what a partner may quote to acknowledge a takedown (as well as the webhookId).
      return {
        carried,
        message: {
          event: carried.event,
          sequence: delivery.sequence,
          webhookId: delivery.webhookId,
          deliveryId: delivery.id,
          item,
        },
      }
    } catch (err) {
      if (!(err instanceof ReadAnotherVersion) || read >= 3) {
        throw err
      }
    }
  }
}

/**
 * The item of one version of a work (`carried`: a delivery of it), for a fan-out that sends it to
 * every partner: built once and shared (as `buildPushBody` shares it). Throws when the work is no
 * longer that version (`isWorkMovedOn`): its newer version's deliveries then say what to send.
 */
export const versionItem = ({
  payload,
  options,
  carried,
}: {
  payload: Payload
  options: ResolvedOptions
  carried: PushDelivery
}): Promise<NinjsItem> => {
  const entryId = extractID(carried.entry)
  return sharedItem({
    payload,
    key: `${entryId}:${carried.version}:${carried.event}`,
    build: () => buildItem({ payload, options, entryId, carried }),
  })
}

/** Whether `versionItem` failed because the work moved on to another version. */
export const isWorkMovedOn = (err: unknown) => err instanceof ReadAnotherVersion

/**
 * A message's body as `buildPushBody` makes it (`JSON.stringify` of the same object, keys in the
 * same order), from the item already serialised once for all of a version's partners.
 */
export const messageBody = ({
  event,
  sequence,
  webhookId,
  deliveryId,
  itemJson,
}: {
  event: PushEvent
  sequence: number
  webhookId: string
  deliveryId: number
  itemJson: string
}) =>
  `{"event":${JSON.stringify(event)},"sequence":${JSON.stringify(sequence)},"webhookId":${JSON.stringify(webhookId)},"deliveryId":${JSON.stringify(deliveryId)},"item":${itemJson}}`

/**
 * The delivery of the newest version this delivery's partner is being sent of the work: this
 * one, or a later one made before this was delivered. A superseded delivery (replaced before it
 * was ever sent) carries nothing.
 */
const newestVersionFor = async ({
  payload,
  options,
  delivery,
}: {
  payload: Payload
  options: ResolvedOptions
  delivery: PushDelivery
}): Promise<PushDelivery> => {
  const { docs } = await payload.find({
    collection: options.slugs.deliveries,
    where: {
      and: [
        { partnerSite: { equals: extractID(delivery.partnerSite) } },
        { entry: { equals: extractID(delivery.entry) } },
        { version: { greater_than: delivery.version } },
        { state: { not_equals: 'superseded' } },
      ],
    },
    sort: '-version',
    depth: 0,
    limit: 1,
    pagination: false,
  })
  return (docs[0] as PushDelivery | undefined) ?? delivery
}

/** Items built in the last minute, per booted Payload: a fan-out builds its item once, not once per partner. */
const items = new WeakMap<Payload, Map<string, { at: number; item: Promise<NinjsItem> }>>()
const itemTtlMs = 60_000

const sharedItem = ({
  payload,
  key,
  build,
}: {
  payload: Payload
  key: string
  build: () => Promise<NinjsItem>
}): Promise<NinjsItem> => {
  let cache = items.get(payload)
  if (!cache) {
    cache = new Map()
    items.set(payload, cache)
  }
  const now = Date.now()
  for (const [k, v] of cache) {
    if (now - v.at < itemTtlMs) {
      break
    }
    cache.delete(k)
  }
  const known = cache.get(key)
  if (known && now - known.at < itemTtlMs) {
    return known.item
  }
  const item = build()
  // Re-inserted at the end, so the map stays in time order for the sweep above.
  cache.delete(key)
  cache.set(key, { at: now, item })
  // A failed build is not kept: the retry builds it again (unless a newer one replaced it).
  item.catch(() => {
    if (cache.get(key)?.item === item) {
      cache.delete(key)
    }
  })
  return item
}

/**
 * The item of the version `carried` is a delivery of. A takedown needs only what identifies the
 * work; a usable version is built from the work only while it is that version (else
 * ReadAnotherVersion: it changed since the delivery was read).
 */
const buildItem = async ({
  payload,
  options,
  entryId,
  carried,
}: {
  payload: Payload
  options: ResolvedOptions
  entryId: number
  carried: PushDelivery
}): Promise<NinjsItem> => {
  const entry = (await payload.findByID({
    collection: options.slugs.entries,
    id: entryId,
    depth: 1,
  })) as EntryDoc
  const syndication = entry.syndication ?? {}
  const isCurrentVersion = Number(syndication.version) === Number(carried.version)
  const isTakedown = carried.event === 'takedown'
  if (!isTakedown && !(isCurrentVersion && syndication.pubstatus === 'usable')) {
    throw new ReadAnotherVersion(
      `作品 ${entryId} 已不是第 ${carried.version} 版 / entry ${entryId} is no longer version ${carried.version}`,
    )
  }
  // Made with the version, in the same transaction; a delivery from before it was kept falls
  // back to the work's time of the version, or its own creation.
  const versionCreatedAt =
    carried.versionCreatedAt ??
    (isCurrentVersion ? syndication.changedAt : null) ??
    carried.createdAt
  const campaign = asDoc(entry.campaign)
  const label = campaign?.label ?? null
  const title = label ? stripLabel(entry.title, label) : entry.title
  const authors = (entry.authors ?? []).map((a) => ({ name: a.name, unit: a.unit ?? undefined }))
  const unit = asDoc(entry.submittingUnit)
  const selector = asDoc(entry.bestWork?.selectedBy)
  const renditions = isTakedown
    ? {}
    : await mediaRenditions({ payload, options, media: entry.media ?? [], campaign })
  return toNinjs({
    entry: {
      id: entry.id,
      title,
      form: entry.form ?? null,
      authors,
      body: entry.text ? { text: entry.text } : null,
      description: entry.description,
      createdAt: entry.createdAt,
      // The time of this version (versioncreated), not of the work's last save.
      updatedAt: versionCreatedAt,
      subProject: asDoc(entry.subProject)
        ? { id: asDoc(entry.subProject)!.id, name: asDoc(entry.subProject)!.name ?? '' }
        : null,
      unit: unit ? { id: unit.id, name: unit.name ?? '' } : null,
    },
    campaign: {
      id: campaign?.id ?? 0,
      name: campaign?.name ?? '',
      year: campaign?.year ?? undefined,
      label,
    },
    version: carried.version,
    pubstatus: isTakedown ? 'canceled' : 'usable',
    attribution: {
      source: unit?.name || campaign?.name || '网聚职工正能量',
      originalAuthor: authors.map((a) => a.name).join('、') || unit?.name || '佚名',
      originalTitle: title,
      responsibleEditor:
        selector?.name || selector?.email || entry.syndication?.responsibleEditor || '全国办公室',
    },
    renditions,
  })
}

/**
 * Each file of the work as its original and, when there is one, its current labelled copy
 * (`original`, `labelled`, `original-2` …). The feed links the same files (endpoints/feed).
 */
export const mediaRenditions = async ({
  payload,
  options,
  media,
  campaign,
}: {
  payload: Payload
  options: ResolvedOptions
  media: (MediaDoc | number)[]
  campaign: CampaignDoc | null
}): Promise<Record<string, NinjsRenditionInput>> => {
  const files = media.map((m) => asDoc(m)).filter((m): m is MediaDoc => Boolean(m?.url))
  const labelled = await labelledCopies({
    payload,
    renditionsSlug: options.slugs.renditions,
    campaign,
    mediaIds: files.map((f) => f.id),
  })
  const renditions: Record<string, NinjsRenditionInput> = {}
  const base = baseUrlOf({ options, payload })
  for (const [index, file] of files.entries()) {
    const suffix = index === 0 ? '' : `-${index + 1}`
    renditions[`original${suffix}`] = {
      href: absoluteUrl(file.url!, base),
      contenttype: file.mimeType ?? 'application/octet-stream',
      title: '原件 / original',
      width: file.width ?? undefined,
      height: file.height ?? undefined,
      sizeinbytes: file.filesize ?? undefined,
      hash: await storedHash({
        payload,
        collection: options.slugs.media,
        doc: file,
        field: 'sha256',
      }),
    }
    const copy = labelled.get(file.id)
    if (copy?.url) {
      renditions[`labelled${suffix}`] = {
        href: absoluteUrl(copy.url, base),
        contenttype: copy.mimeType ?? 'application/octet-stream',
        title: '带活动标识版，转载请用此版 / labelled, republish this one',
        width: copy.width ?? copy.renditionWidth ?? undefined,
        height: copy.height ?? copy.renditionHeight ?? undefined,
        sizeinbytes: copy.filesize ?? undefined,
        hash: await storedHash({
          payload,
          collection: options.slugs.renditions,
          doc: copy,
          field: 'checksum',
        }),
      }
    }
  }
  return renditions
}

/**
 * The work's campaign's labelled copy of each file, by original: the `intro` rendition made with
 * the campaign's current intro clip (unless the campaign turned the label rule off) and the
 * `label` rendition carrying the current label text (only while the watermark option is on).
 * Copies belong to (file, campaign): another campaign's copy of the same file is never sent. A
 * stale copy left until its job redoes it is not sent.
 */
const labelledCopies = async ({
  payload,
  renditionsSlug,
  campaign,
  mediaIds,
}: {
  payload: Payload
  renditionsSlug: CollectionSlug
  campaign: CampaignDoc | null
  mediaIds: number[]
}): Promise<Map<number, RenditionDoc>> => {
  const copies = new Map<number, RenditionDoc>()
  const renditions = payload.collections[renditionsSlug]?.config
  if (!campaign || mediaIds.length === 0 || !renditions) {
    return copies
  }
  // The fields the unified-campaign plugin adds: without it there are no labelled copies.
  const fields = new Set(renditions.flattenedFields.map((f) => f.name))
  const u = campaign.unification ?? {}
  const introClip =
    u.labelRule === 'off' || !fields.has('intro') || !campaign.introClip
      ? undefined
      : extractID(campaign.introClip)
  const labelText =
    u.watermarkPhotos && campaign.label?.trim() && fields.has('labelText')
      ? renderLabel(campaign.label, { position: 'prefix', brackets: u.labelBrackets ?? '【】' })
      : null
  const which: Where[] = [
    ...(introClip
      ? [{ and: [{ name: { equals: 'intro' } }, { intro: { equals: introClip } }] } as Where]
      : []),
    ...(labelText
      ? [{ and: [{ name: { equals: 'label' } }, { labelText: { equals: labelText } }] } as Where]
      : []),
  ]
  if (which.length === 0) {
    return copies
  }
  const { docs } = await payload.find({
    collection: renditionsSlug,
    where: {
      and: [
        { original: { in: mediaIds } },
        ...(fields.has('campaign') ? [{ campaign: { equals: campaign.id } }] : []),
        { or: which },
      ],
    },
    sort: 'id',
    depth: 0,
    limit: 0,
    pagination: false,
  })
  for (const doc of docs as RenditionDoc[]) {
    const original = doc.original ? extractID(doc.original) : undefined
    // Oldest first: if two jobs raced, the copy their clean-up keeps (the lowest id) wins.
    if (original && !copies.has(original)) {
      copies.set(original, doc)
    }
  }
  return copies
}

/** Hashes being computed in this process, so a fan-out to 70 partners reads a big file once. */
const computing = new Map<string, Promise<string | undefined>>()

/**
 * The file's stored SHA-256, or, for a file stored before hashes were kept, computed from the
 * file (streamed) once and stored on its document, so the next push reads it. A file that cannot
 * be read is still linked, without a hash, and logged: the work is not held back for it.
 */
const storedHash = async ({
  payload,
  collection,
  doc,
  field,
}: {
  payload: Payload
  collection: CollectionSlug
  doc: UploadDoc & Record<string, unknown>
  field: 'sha256' | 'checksum'
}): Promise<string | undefined> => {
  const stored = doc[field]
  if (typeof stored === 'string' && /^[0-9a-f]{64}$/i.test(stored)) {
    return stored.toLowerCase()
  }
  const key = `${collection}:${doc.id}`
  const running = computing.get(key)
  if (running) {
    return running
  }
  const work = (async () => {
    if (!doc.filename) {
      payload.logger.warn({
        msg: `文件无法校验：未找到存储位置 / cannot hash ${key}: no stored file`,
        collection,
        id: doc.id,
      })
      return undefined
    }
    try {
      // On disk or in the bucket (S3), wherever the collection stores its files.
      const hash = await withLocalCopy({ payload, collection, doc, work: sha256OfFile })
      await payload.update({
        collection,
        id: doc.id,
        data: { [field]: hash },
        depth: 0,
        // The hash was measured from the stored file; no new file, nothing to reprocess.
        context: { isSha256Measured: true, skipMediaProcessing: true },
      })
      return hash
    } catch (err) {
      payload.logger.warn({
        msg: `文件无法校验，推送时不带校验和 / cannot hash ${key}, pushed without a hash`,
        err,
      })
      return undefined
    }
  })()
  computing.set(key, work)
  try {
    return await work
  } finally {
    computing.delete(key)
  }
}
