import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'

import type { ResolvedOptions } from '../types'

import { relationId } from '../../../src/lib/relationId'
import { campaignSettings } from '../utilities/campaignSettings'

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
  entry: { campaign?: unknown; media?: unknown[] | null }
}): Promise<number> => {
  const settings = await campaignSettings({ req, options, campaign: entry.campaign })
  if (!settings?.introClip || settings.rules.label === 'off') {
    return 0
  }
  const mediaIds = (entry.media ?? []).map(relationId).filter((id): id is number => Boolean(id))
  if (!mediaIds.length) {
    return 0
  }
  const { docs: videos } = await req.payload.find({
    collection: options.slugs.media as 'media',
    where: { and: [{ id: { in: mediaIds } }, { mediaKind: { equals: 'video' } }] },
    depth: 0,
    limit: mediaIds.length,
    req,
  })
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

/** Every video work gets the intro once its entry is saved with a campaign that has one. */
export const queueIntroOnEntryChange =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, req }) => {
    if (!req.context.skipIntro) {
      await queueIntroForEntry({ req, options, entry: doc })
    }
    return doc
  }

/** A new intro clip makes every labelled rendition of the campaign stale: they are redone. */
export const redoIntrosOnCampaignChange =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    if (relationId(doc.introClip) === relationId(previousDoc?.introClip) || req.context.skipIntro) {
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
      await queueIntroForEntry({ req, options, entry: entry as { campaign?: unknown; media?: unknown[] } })
    }
    return doc
  }
