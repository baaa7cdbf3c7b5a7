import type { Payload, Where } from 'payload'

import path from 'node:path'

import type { ResolvedOptions } from '../types'
import type { NinjsItem, NinjsRenditionInput } from './ninjs'

import { relationId } from '../../../src/lib/relationId'
import { sha256OfFile } from '../../submission-spec/utilities/sha256'
import { renderLabel, stripLabel } from '../../unified-campaign/utilities/label'
import { baseUrlOf } from '../types'
import { toNinjs } from './ninjs'


type Named = { id: number; name?: string | null; title?: string | null; label?: string | null; year?: number | null }
type CampaignDoc = Named & {
  introClip?: unknown
  unification?: { labelRule?: string | null; labelBrackets?: string | null; watermarkPhotos?: boolean | null } | null
}
type UploadDoc = { id: number; url?: string | null; mimeType?: string | null; width?: number | null; height?: number | null; filesize?: number | null; filename?: string | null }
type MediaDoc = UploadDoc & { sha256?: string | null }
type RenditionDoc = UploadDoc & {
  original?: unknown
  name?: string | null
  intro?: unknown
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
  syndication?: { responsibleEditor?: string | null } | null
}

const asDoc = <T>(value: T | number | null | undefined): T | null => (value && typeof value === 'object' ? value : null)

/**
 * What a partner receives: the work as a ninjs 2.2 item (the label in the headline, sanitised
 * HTML, files as links) with the attribution every republisher must print in its `x_wangju`
 * extension, plus the event and the partner's sequence number so the receiver can order and
 * deduplicate. Every file goes as its original (`original`, `original-2` …) and, where the
 * campaign made one, as its labelled copy (`labelled`, `labelled-2` …: the video with the
 * current intro, the photo with the current label watermark), which partners republish; each
 * link's SHA-256 is in `x_wangju.sha256`.
 */
export const buildPushBody = async ({
  payload,
  options,
  entryId,
  delivery,
}: PushBodyArgs & { delivery: { id: number; sequence: number; webhookId: string } }): Promise<{ event: string; sequence: number; webhookId: string; deliveryId: number; item: NinjsItem }> => {
  const item = await sharedItem({ payload, key: `${entryId}:${delivery.version}:${delivery.event}`, build: () => buildItem({ payload, options, entryId, delivery }) })
  // deliveryId: what a partner may quote to acknowledge a takedown (as well as the webhookId).
  return { event: delivery.event, sequence: delivery.sequence, webhookId: delivery.webhookId, deliveryId: delivery.id, item }
}

/** Items built in the last minute, per booted Payload: a fan-out builds its item once, not once per partner. */
const items = new WeakMap<Payload, Map<string, { at: number; item: Promise<NinjsItem> }>>()
const itemTtlMs = 60_000

const sharedItem = ({ payload, key, build }: { payload: Payload; key: string; build: () => Promise<NinjsItem> }): Promise<NinjsItem> => {
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

type PushBodyArgs = { payload: Payload; options: ResolvedOptions; entryId: number; delivery: { event: string; version: number } }

const buildItem = async ({ payload, options, entryId, delivery }: PushBodyArgs): Promise<NinjsItem> => {
  const entry = (await payload.findByID({ collection: options.slugs.entries as 'entries', id: entryId, depth: 1 })) as unknown as EntryDoc
  const campaign = asDoc(entry.campaign)
  const label = campaign?.label ?? null
  const title = label ? stripLabel(entry.title, label) : entry.title
  const authors = (entry.authors ?? []).map((a) => ({ name: a.name, unit: a.unit ?? undefined }))
  const unit = asDoc(entry.submittingUnit)
  const selector = asDoc(entry.bestWork?.selectedBy)
  const renditions = delivery.event === 'takedown' ? {} : await mediaRenditions({ payload, options, media: entry.media ?? [], campaign })
  return toNinjs({
    entry: {
      id: entry.id,
      title,
      form: entry.form ?? null,
      authors,
      body: entry.text ? { text: entry.text } : null,
      description: entry.description,
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
      subProject: asDoc(entry.subProject) ? { id: asDoc(entry.subProject)!.id, name: asDoc(entry.subProject)!.name ?? '' } : null,
      unit: unit ? { id: unit.id, name: unit.name ?? '' } : null,
    },
    campaign: { id: campaign?.id ?? 0, name: campaign?.name ?? '', year: campaign?.year ?? undefined, label },
    version: delivery.version,
    pubstatus: delivery.event === 'takedown' ? 'canceled' : 'usable',
    attribution: {
      source: unit?.name || campaign?.name || '网聚职工正能量',
      originalAuthor: authors.map((a) => a.name).join('、') || unit?.name || '佚名',
      originalTitle: title,
      responsibleEditor: selector?.name || selector?.email || entry.syndication?.responsibleEditor || '全国办公室',
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
  const labelled = await labelledCopies({ payload, renditionsSlug: options.slugs.renditions, campaign, mediaIds: files.map((f) => f.id) })
  const renditions: Record<string, NinjsRenditionInput> = {}
  for (const [index, file] of files.entries()) {
    const suffix = index === 0 ? '' : `-${index + 1}`
    renditions[`original${suffix}`] = {
      href: new URL(file.url!, baseUrlOf(options)).toString(),
      contenttype: file.mimeType ?? 'application/octet-stream',
      title: '原件 / original',
      width: file.width ?? undefined,
      height: file.height ?? undefined,
      sizeinbytes: file.filesize ?? undefined,
      hash: await storedHash({ payload, collection: options.slugs.media, doc: file, field: 'sha256' }),
    }
    const copy = labelled.get(file.id)
    if (copy?.url) {
      renditions[`labelled${suffix}`] = {
        href: new URL(copy.url, baseUrlOf(options)).toString(),
        contenttype: copy.mimeType ?? 'application/octet-stream',
        title: '带活动标识版，转载请用此版 / labelled, republish this one',
        width: copy.width ?? copy.renditionWidth ?? undefined,
        height: copy.height ?? copy.renditionHeight ?? undefined,
        sizeinbytes: copy.filesize ?? undefined,
        hash: await storedHash({ payload, collection: options.slugs.renditions, doc: copy, field: 'checksum' }),
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
  renditionsSlug: string
  campaign: CampaignDoc | null
  mediaIds: number[]
}): Promise<Map<number, RenditionDoc>> => {
  const copies = new Map<number, RenditionDoc>()
  const renditions = payload.collections[renditionsSlug as 'renditions']?.config
  if (!campaign || mediaIds.length === 0 || !renditions) {
    return copies
  }
  // The fields the unified-campaign plugin adds: without it there are no labelled copies.
  const fields = new Set(renditions.flattenedFields.map((f) => f.name))
  const u = campaign.unification ?? {}
  const introClip = u.labelRule === 'off' || !fields.has('intro') ? undefined : relationId(campaign.introClip)
  const labelText = u.watermarkPhotos && campaign.label?.trim() && fields.has('labelText') ? renderLabel(campaign.label, { position: 'prefix', brackets: u.labelBrackets ?? '【】' }) : null
  const which: Where[] = [
    ...(introClip ? [{ and: [{ name: { equals: 'intro' } }, { intro: { equals: introClip } }] } as Where] : []),
    ...(labelText ? [{ and: [{ name: { equals: 'label' } }, { labelText: { equals: labelText } }] } as Where] : []),
  ]
  if (which.length === 0) {
    return copies
  }
  const { docs } = await payload.find({
    collection: renditionsSlug as 'renditions',
    where: { and: [{ original: { in: mediaIds } }, ...(fields.has('campaign') ? [{ campaign: { equals: campaign.id } }] : []), { or: which }] },
    sort: 'id',
    depth: 0,
    limit: 0,
    pagination: false,
  })
  for (const doc of docs as unknown as RenditionDoc[]) {
    const original = relationId(doc.original)
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
  collection: string
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
    const staticDir = payload.collections[collection as 'media']?.config.upload?.staticDir
    if (!staticDir || !doc.filename) {
      payload.logger.warn({ msg: `文件无法校验：未找到存储位置 / cannot hash ${key}: no stored file`, collection, id: doc.id })
      return undefined
    }
    try {
      const hash = await sha256OfFile(path.join(staticDir, doc.filename))
      await payload.update({
        collection: collection as 'media',
        id: doc.id,
        data: { [field]: hash },
        depth: 0,
        // The hash was measured from the stored file; no new file, nothing to reprocess.
        context: { isSha256Measured: true, skipMediaProcessing: true },
      })
      return hash
    } catch (err) {
      payload.logger.warn({ msg: `文件无法校验，推送时不带校验和 / cannot hash ${key}, pushed without a hash`, err })
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
