import type { CollectionSlug, PayloadRequest } from 'payload'

import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'

import { mediaInTextFieldName } from '../fields/mediaInText'
import { lockRows } from './lockRows'

/** What is stored in a media document's `usage`: what its read rules go by. */
export type MediaUsage = {
  /** Used by something published: anyone may read it. */
  isPublic: boolean
  /** Units whose works and profiles use it (entries' `submittingUnit`, featured workers' `unit`). */
  units: number[]
  /** Campaigns whose works, profiles and notices use it, and campaigns using it as intro clip or logo. */
  campaigns: number[]
  /** Judges assigned to the works that use it. */
  judges: number[]
}

/** Set in `req.context` to skip usage bookkeeping for bulk work; call `recomputeMediaUsage` after. */
export const skipMediaUsageFlag = 'skipMediaUsage'

type Doc = Record<string, unknown> & { id: number | string }

/**
 * The media ids a document of each watched collection refers to through its fields. The media a
 * document shows in its rich text come on top (`mediaInText`, see `fields/mediaInText.ts`).
 */
export const mediaRefs: Record<
  'entries' | 'featuredWorkers' | 'campaigns' | 'notices' | 'columns' | 'interactions',
  (doc: Record<string, unknown> | undefined | null) => number[]
> = {
  entries: (doc) => ids(doc?.media),
  featuredWorkers: (doc) => ids([doc?.photo]),
  campaigns: (doc) => ids([doc?.introClip, doc?.logo]),
  notices: (doc) =>
    ids(
      ((doc?.attachments as { file?: unknown }[] | null | undefined) ?? []).map(
        (attachment) => attachment?.file,
      ),
    ),
  columns: (doc) => ids([doc?.banner]),
  interactions: (doc) => ids(doc?.images),
}

/**
 * Recomputes `usage` of the given media from every document that uses them, inside `req`'s
 * transaction: public when a published, not taken-down entry, a published featured worker, a
 * campaign past its draft or a published notice uses it (in a field, or shown in its rich text);
 * the units, campaigns and judges of
 * every document that uses it, whatever its status, so the office reaches its own files.
 * Written straight to the database: no hooks run and no file is touched.
 *
 * The media rows are locked first (until the transaction ends), then the documents read: a
 * concurrent recompute of the same file waits, and reads this transaction's documents once they
 * are committed. Without the lock two works sharing a file, taken down at once, each read the
 * other as still published, and the last to write left the file public.
 */
export const recomputeMediaUsage = async ({
  req,
  options,
  mediaIds,
}: {
  req: PayloadRequest
  options: Pick<ResolvedOptions, 'slugs'>
  mediaIds: number[]
}): Promise<void> => {
  const unique = [...new Set(mediaIds.filter((id) => Number.isFinite(id) && id > 0))]
  if (!unique.length) {
    return
  }
  const { payload } = req
  const { slugs } = options
  // Documents using the files through `where`, or by showing them in their rich text.
  const find = async (collection: CollectionSlug, where: Record<string, unknown>, draft = false) =>
    (
      await payload.find({
        collection,
        where: (hasMediaInText(collection)
          ? { or: [where, { [mediaInTextFieldName]: { in: unique } }] }
          : where) as never,
        depth: 0,
        limit: 0,
        pagination: false,
        draft,
        overrideAccess: true,
        req,
      })
    ).docs as unknown as Doc[]
  const has = (collection: CollectionSlug) => Boolean(payload.collections[collection])
  // Columns count only in an app whose columns have a banner.
  const hasBanners =
    has(slugs.columns) &&
    payload.collections[slugs.columns].config.flattenedFields.some((f) => f.name === 'banner')
  // Netizens' pictures count only in an app whose interactions carry them.
  const hasPictures =
    has(slugs.interactions) &&
    payload.collections[slugs.interactions].config.flattenedFields.some((f) => f.name === 'images')
  const hasMediaInText = (collection: CollectionSlug) =>
    payload.collections[collection].config.flattenedFields.some(
      (field) => field.name === mediaInTextFieldName,
    )
  const uses = (refs: (doc: Doc) => number[], mediaId: number) => (doc: Doc) =>
    refs(doc).includes(mediaId) || ids(doc[mediaInTextFieldName]).includes(mediaId)
  // A document may still name a file deleted since: only stored media get a usage.
  const stored =
    (await lockRows({ req, collection: slugs.media, ids: unique })) ??
    (
      await payload.find({
        collection: slugs.media,
        where: { id: { in: unique } },
        depth: 0,
        limit: 0,
        pagination: false,
        select: {},
        overrideAccess: true,
        req,
      })
    ).docs.map((doc) => Number(doc.id))
  const [entries, workers, campaigns, notices, noticeDrafts, columns, columnDrafts, pictures] =
    await Promise.all([
      has(slugs.entries) ? find(slugs.entries, { media: { in: unique } }) : [],
      has(slugs.featuredWorkers) ? find(slugs.featuredWorkers, { photo: { in: unique } }) : [],
      has(slugs.campaigns)
        ? find(slugs.campaigns, { or: [{ introClip: { in: unique } }, { logo: { in: unique } }] })
        : [],
      has(slugs.notices) ? find(slugs.notices, { 'attachments.file': { in: unique } }) : [],
      // A draft's new attachment belongs to the notice's campaign before it is published.
      has(slugs.notices) ? find(slugs.notices, { 'attachments.file': { in: unique } }, true) : [],
      // A column's banner: public once the column is published, its unit's and campaign's before.
      hasBanners ? find(slugs.columns, { banner: { in: unique } }) : [],
      hasBanners ? find(slugs.columns, { banner: { in: unique } }, true) : [],
      // A netizen's picture: public once its contribution is approved, its column's unit's before.
      hasPictures ? find(slugs.interactions, { images: { in: unique } }) : [],
    ])

  for (const mediaId of stored) {
    const usage: MediaUsage = { isPublic: false, units: [], campaigns: [], judges: [] }
    const add = (list: number[], value: unknown) => {
      const related = value as Related | null | undefined
      const id = related ? extractID(related) : undefined
      if (id && !list.includes(id)) {
        list.push(id)
      }
    }
    for (const entry of entries.filter(uses(mediaRefs.entries, mediaId))) {
      const pubstatus = (entry.syndication as { pubstatus?: string } | null | undefined)?.pubstatus
      usage.isPublic ||= entry.status === 'published' && pubstatus !== 'canceled'
      add(usage.units, entry.submittingUnit)
      add(usage.campaigns, entry.campaign)
      for (const judge of (entry.judges as unknown[] | null | undefined) ?? []) {
        add(usage.judges, judge)
      }
    }
    for (const worker of workers.filter(uses(mediaRefs.featuredWorkers, mediaId))) {
      usage.isPublic ||= worker.status === 'published'
      add(usage.units, worker.unit)
      add(usage.campaigns, worker.campaign)
    }
    for (const campaign of campaigns.filter(uses(mediaRefs.campaigns, mediaId))) {
      usage.isPublic ||= campaign.status !== 'draft'
      add(usage.campaigns, campaign.id)
    }
    for (const notice of notices.filter(uses(mediaRefs.notices, mediaId))) {
      usage.isPublic ||= notice._status === 'published'
      add(usage.campaigns, notice.campaign)
    }
    for (const notice of noticeDrafts.filter(uses(mediaRefs.notices, mediaId))) {
      add(usage.campaigns, notice.campaign)
    }
    for (const column of columns.filter(uses(mediaRefs.columns, mediaId))) {
      usage.isPublic ||= column._status === 'published'
      add(usage.units, column.unit)
      add(usage.campaigns, column.campaign)
    }
    for (const column of columnDrafts.filter(uses(mediaRefs.columns, mediaId))) {
      add(usage.units, column.unit)
      add(usage.campaigns, column.campaign)
    }
    for (const contribution of pictures.filter(uses(mediaRefs.interactions, mediaId))) {
      usage.isPublic ||= contribution.state === 'approved'
      add(usage.units, contribution.unit)
      add(usage.campaigns, contribution.campaign)
    }
    // Two writes, so neither locks the row harder than the lock above: the lists live in the
    // relationships table, and the flag alone is a plain UPDATE of the row. Written together,
    // Payload would upsert the row (`ON CONFLICT DO UPDATE`), which waits for the foreign-key
    // locks of every other transaction saving a document that uses the file: a deadlock.
    const { isPublic, ...lists } = usage
    await payload.db.updateOne({
      collection: slugs.media,
      id: mediaId,
      data: { usage: lists },
      req,
      returning: false,
    })
    await payload.db.updateOne({
      collection: slugs.media,
      id: mediaId,
      data: { usage: { isPublic } },
      req,
      returning: false,
    })
  }
}

/** A relationship as stored documents give it: the id, or the document when populated. */
type Related = number | { id: number }

const ids = (values: unknown): number[] =>
  ((values as (Related | null)[] | null | undefined) ?? []).flatMap((value) =>
    value ? [extractID(value)] : [],
  )
