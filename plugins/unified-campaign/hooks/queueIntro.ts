import type { CollectionAfterChangeHook, PayloadRequest, Where } from 'payload'

import type { ResolvedOptions } from '../types'

import { relationId } from '../../../src/lib/relationId'
import { campaignSettings } from '../utilities/campaignSettings'
import { renderLabel } from '../utilities/label'

type EntryFiles = { campaign?: unknown; media?: unknown[] | null }

/** The entry's files of one measured kind (video, image). */
const filesOfKind = async ({ req, options, entry, kind }: { req: PayloadRequest; options: ResolvedOptions; entry: EntryFiles; kind: 'video' | 'image' }) => {
  const mediaIds = (entry.media ?? []).map(relationId).filter((id): id is number => Boolean(id))
  if (!mediaIds.length) {
    return []
  }
  const { docs } = await req.payload.find({
    collection: options.slugs.media as 'media',
    where: { and: [{ id: { in: mediaIds } }, { mediaKind: { equals: kind } }] },
    depth: 0,
    limit: mediaIds.length,
    req,
  })
  return docs
}

/**
 * Queues the intro-clip job for each video of an entry that has no rendition with the campaign's
 * current intro yet. Cheap to call often: what is done is skipped.
 */
export const queueIntroForEntry = async ({
  req,
  options,
  entry,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  entry: EntryFiles
}): Promise<number> => {
  const settings = await campaignSettings({ req, options, campaign: entry.campaign })
  if (!settings?.introClip || settings.rules.label === 'off') {
    return 0
  }
  const videos = await filesOfKind({ req, options, entry, kind: 'video' })
  let queued = 0
  for (const video of videos) {
    const done = await req.payload.count({
      collection: options.slugs.renditions as 'media',
      where: { and: [{ original: { equals: video.id } }, { name: { equals: 'intro' } }, { intro: { equals: settings.introClip } }] },
      req,
    })
    if (done.totalDocs === 0) {
      await req.payload.jobs.queue({
        task: options.introTaskSlug as 'prependIntro',
        input: { media: Number(video.id), intro: settings.introClip, campaign: settings.id },
        req,
      })
      queued += 1
    }
  }
  return queued
}

/**
 * Queues the watermark job for each photo of an entry whose labelled rendition is missing or
 * carries an old label, and for cleaning up when the campaign turned the option off.
 */
export const queueWatermarkForEntry = async ({
  req,
  options,
  entry,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  entry: EntryFiles
}): Promise<number> => {
  const settings = await campaignSettings({ req, options, campaign: entry.campaign })
  if (!settings) {
    return 0
  }
  const text = settings.watermarkPhotos && settings.label?.trim() ? renderLabel(settings.label, settings.labelForm) : null
  const photos = await filesOfKind({ req, options, entry, kind: 'image' })
  let queued = 0
  for (const photo of photos) {
    const labelled: Where = { and: [{ original: { equals: photo.id } }, { name: { equals: 'label' } }] }
    const current = await req.payload.count({ collection: options.slugs.renditions as 'media', where: text ? { and: [labelled, { labelText: { equals: text } }] } : labelled, req })
    // With the option on: queue when the current one is missing; off: when an old one is left.
    if (text ? current.totalDocs === 0 : current.totalDocs > 0) {
      await req.payload.jobs.queue({ task: options.watermarkTaskSlug as 'watermarkPhoto', input: { media: Number(photo.id), campaign: settings.id }, req })
      queued += 1
    }
  }
  return queued
}

/** Every video work gets the intro, and every photo the label when the campaign asks, once its entry is saved. */
export const queueRenditionsOnEntryChange =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, req }) => {
    if (!req.context.skipIntro) {
      await queueIntroForEntry({ req, options, entry: doc })
      await queueWatermarkForEntry({ req, options, entry: doc })
    }
    return doc
  }

/**
 * A new intro clip makes every intro rendition of the campaign stale, and a new label (or the
 * watermark option switched) every labelled photo: they are redone.
 */
export const redoRenditionsOnCampaignChange =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    const isIntroChanged = relationId(doc.introClip) !== relationId(previousDoc?.introClip)
    const watermarkOf = (campaign: { label?: unknown; unification?: { watermarkPhotos?: unknown; labelBrackets?: unknown } | null } | undefined) =>
      JSON.stringify([campaign?.label ?? null, Boolean(campaign?.unification?.watermarkPhotos), campaign?.unification?.labelBrackets ?? null])
    const isWatermarkChanged = watermarkOf(doc) !== watermarkOf(previousDoc)
    if ((!isIntroChanged && !isWatermarkChanged) || req.context.skipIntro) {
      return doc
    }
    delete req.context[`unifiedCampaign:${doc.id}`]
    const { docs: entries } = await req.payload.find({
      collection: options.slugs.entries as 'entries',
      where: { campaign: { equals: doc.id } },
      depth: 0,
      limit: 0,
      pagination: false,
      req,
    })
    for (const entry of entries) {
      const work = entry as { campaign?: unknown; media?: unknown[] }
      if (isIntroChanged) {
        await queueIntroForEntry({ req, options, entry: work })
      }
      if (isWatermarkChanged) {
        await queueWatermarkForEntry({ req, options, entry: work })
      }
    }
    return doc
  }
