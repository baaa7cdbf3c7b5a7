import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import { extractID } from 'payload/shared'

import type { ResolvedOptions } from '../types'
import type { FileOfCampaign } from '../utilities/labelledCopies'

import { queueLabelledCopies } from '../utilities/labelledCopies'

/** A relationship as Payload gives it: the id, or the document when populated. */
type Related = number | { id: number }

type EntryFiles = { campaign?: Related | null; media?: (Related | null)[] | null }

/** Each file of an entry, with the entry's campaign: the pairs labelled copies belong to. */
const filesOf = (entry: EntryFiles | null | undefined): FileOfCampaign[] => {
  const campaignId = entry?.campaign ? extractID(entry.campaign) : undefined
  if (!campaignId) {
    return []
  }
  return (entry?.media ?? []).flatMap((media) =>
    media ? [{ mediaId: extractID(media), campaignId }] : [],
  )
}

/**
 * Every video work gets the campaign's intro, and every photo its label when the campaign asks,
 * once its entry is saved; a file the entry dropped, or the campaign it left, has that
 * campaign's copy removed unless another of its works still uses the file.
 */
export const queueRenditionsOnEntryChange =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    if (!req.context.skipIntro) {
      await queueLabelledCopies({ req, options, files: [...filesOf(doc), ...filesOf(previousDoc)] })
    }
    return doc
  }

/** A deleted work's campaign keeps its copy of a file only while another of its works uses it. */
export const removeRenditionsOnEntryDelete =
  (options: ResolvedOptions): CollectionAfterDeleteHook =>
  async ({ doc, req }) => {
    if (!req.context.skipIntro) {
      await queueLabelledCopies({ req, options, files: filesOf(doc) })
    }
  }

/**
 * A new intro clip (or the label rule switched off or on) makes the campaign's intro versions
 * stale, and a new label (or the watermark option switched) its labelled photos: its own copies
 * are redone, no other campaign's.
 */
export const redoRenditionsOnCampaignChange =
  (options: ResolvedOptions): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    const introOf = (
      campaign:
        { introClip?: Related | null; unification?: { labelRule?: unknown } | null } | undefined,
    ) =>
      JSON.stringify([
        campaign?.introClip ? extractID(campaign.introClip) : null,
        campaign?.unification?.labelRule === 'off',
      ])
    const watermarkOf = (
      campaign:
        | {
            label?: unknown
            unification?: { watermarkPhotos?: unknown; labelBrackets?: unknown } | null
          }
        | undefined,
    ) =>
      JSON.stringify([
        campaign?.label ?? null,
        Boolean(campaign?.unification?.watermarkPhotos),
        campaign?.unification?.labelBrackets ?? null,
      ])
    const isChanged =
      introOf(doc) !== introOf(previousDoc) || watermarkOf(doc) !== watermarkOf(previousDoc)
    if (!isChanged || req.context.skipIntro) {
      return doc
    }
    delete req.context[`unifiedCampaign:${doc.id}`]
    const { docs: entries } = await req.payload.find({
      collection: options.slugs.entries,
      where: { campaign: { equals: doc.id } },
      depth: 0,
      limit: 0,
      pagination: false,
      select: { campaign: true, media: true },
      req,
    })
    await queueLabelledCopies({
      req,
      options,
      files: entries.flatMap((entry) => filesOf(entry as EntryFiles)),
    })
    return doc
  }
