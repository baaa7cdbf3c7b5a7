import type { PayloadRequest } from 'payload'

import { createHash, randomBytes } from 'node:crypto'
import path from 'node:path'
import { extractID } from 'payload/shared'

import type { CampaignSettings } from './campaignSettings'
import type { ResolvedOptions } from '../types'

import { cutToBytes } from '../../shared/fileName'
import { campaignSettings } from './campaignSettings'
import { renderLabel } from '../../shared/label'

/**
 * A labelled copy (a video with the campaign's intro in front, a photo with its label drawn in)
 * belongs to one file and one campaign: the campaign's partners are given it, and another
 * campaign using the same file has its own copy or none. Each (file, campaign) pair has at most
 * one, kept while a work of the campaign uses the file and the campaign asks for it.
 */

/** The rendition name of the labelled copy of each kind of file. */
export const labelledCopyNames = { video: 'intro', image: 'label' } as const

export type LabelledKind = keyof typeof labelledCopyNames

/** The labelled copy a campaign wants of one of its files, as it is stored on the rendition. */
export type WantedCopy = { name: 'intro'; intro: number } | { name: 'label'; labelText: string }

export type StoredCopy = {
  id: number
  name?: string | null
  intro?: number | { id: number } | null
  labelText?: string | null
}

/** One file used by the works of one campaign. */
export type FileOfCampaign = { mediaId: number; campaignId: number }

/**
 * What the campaign wants of a file of this kind its works use (`isUsed`): the intro version
 * while it has an intro clip and the label rule is not off, the watermarked photo while its
 * watermark option is on and it has a label; nothing for a file none of its works uses.
 */
export const wantedCopy = ({
  settings,
  kind,
  isUsed,
}: {
  settings: CampaignSettings | null
  kind: LabelledKind
  isUsed: boolean
}): WantedCopy | null => {
  if (!settings || !isUsed) {
    return null
  }
  if (kind === 'video') {
    return settings.introClip && settings.rules.label !== 'off'
      ? { name: 'intro', intro: settings.introClip }
      : null
  }
  return settings.watermarkPhotos && settings.label?.trim()
    ? { name: 'label', labelText: renderLabel(settings.label, settings.labelForm) }
    : null
}

export const isWanted = (copy: StoredCopy, wanted: WantedCopy | null): boolean =>
  wanted !== null &&
  copy.name === wanted.name &&
  (wanted.name === 'intro'
    ? (copy.intro ? extractID(copy.intro) : undefined) === wanted.intro
    : copy.labelText === wanted.labelText)

/**
 * The copies to delete of one (file, campaign): every one not wanted, and of the wanted ones all
 * but the oldest (lowest id). Two jobs for the same pair may each have made one; whichever reads
 * last sees both and keeps the same one the other kept.
 */
export const surplusCopies = (copies: StoredCopy[], wanted: WantedCopy | null): StoredCopy[] => {
  const [keeper] = copies.filter((copy) => isWanted(copy, wanted)).sort((a, b) => a.id - b.id)
  return copies.filter((copy) => copy !== keeper)
}

/** The campaign's wish for one of its files, and the copies of that pair stored now. */
export const copyState = async ({
  req,
  options,
  file: { mediaId, campaignId },
  kind,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  file: FileOfCampaign
  kind: LabelledKind
}): Promise<{ wanted: WantedCopy | null; copies: StoredCopy[] }> => {
  const reads = [
    () => campaignSettings({ req, options, campaign: campaignId }),
    () =>
      req.payload.count({
        collection: options.slugs.entries,
        where: { and: [{ campaign: { equals: campaignId } }, { media: { in: [mediaId] } }] },
        req,
      }),
    () =>
      req.payload.find({
        collection: options.slugs.renditions,
        where: {
          and: [
            { original: { equals: mediaId } },
            { campaign: { equals: campaignId } },
            { name: { equals: labelledCopyNames[kind] } },
          ],
        },
        depth: 0,
        limit: 0,
        pagination: false,
        select: { name: true, intro: true, labelText: true } as never,
        req,
      }),
  ] as const
  // Side by side unless `req` holds a transaction, whose one connection runs one query at a time.
  const [settings, uses, stored] = (
    req.transactionID === undefined
      ? await Promise.all(reads.map((read) => read()))
      : await reads.reduce<Promise<unknown[]>>(
          async (done, read) => [...(await done), await read()],
          Promise.resolve([]),
        )
  ) as [
    Awaited<ReturnType<(typeof reads)[0]>>,
    Awaited<ReturnType<(typeof reads)[1]>>,
    Awaited<ReturnType<(typeof reads)[2]>>,
  ]
  return {
    wanted: wantedCopy({ settings, kind, isUsed: uses.totalDocs > 0 }),
    copies: stored.docs as unknown as StoredCopy[],
  }
}

/** The copies of the pair are not exactly the one wanted: one is missing, stale or doubled. */
export const isOutOfLine = ({
  wanted,
  copies,
}: {
  wanted: WantedCopy | null
  copies: StoredCopy[]
}): boolean =>
  surplusCopies(copies, wanted).length > 0 ||
  (wanted !== null && !copies.some((copy) => isWanted(copy, wanted)))

/**
 * Queues the labelled-copy job (intro or watermark, by the file's kind) for each (file, campaign)
 * pair whose copies are out of line. Cheap to call often: a pair in order queues nothing.
 */
export const queueLabelledCopies = async ({
  req,
  options,
  files,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  files: FileOfCampaign[]
}): Promise<number> => {
  const pairs = [
    ...new Map(files.map((file) => [`${file.mediaId}:${file.campaignId}`, file])).values(),
  ]
  if (!pairs.length) {
    return 0
  }
  const { docs } = (await req.payload.find({
    collection: options.slugs.media,
    where: {
      and: [
        { id: { in: [...new Set(pairs.map((pair) => pair.mediaId))] } },
        { mediaKind: { in: Object.keys(labelledCopyNames) } },
      ],
    },
    depth: 0,
    limit: 0,
    pagination: false,
    select: { mediaKind: true },
    req,
  })) as unknown as { docs: { id: number; mediaKind: LabelledKind }[] }
  const kinds = new Map(docs.map((doc) => [doc.id, doc.mediaKind]))
  let queued = 0
  for (const file of pairs) {
    const kind = kinds.get(file.mediaId)
    if (!kind || !isOutOfLine(await copyState({ req, options, file, kind }))) {
      continue
    }
    await req.payload.jobs.queue({
      task: (kind === 'video'
        ? options.introTaskSlug
        : options.watermarkTaskSlug) as 'watermarkPhoto',
      input: { media: file.mediaId, campaign: file.campaignId },
      req,
    })
    queued += 1
  }
  return queued
}

/**
 * The file a labelled copy is made into, and what its rendition records beside it: its bytes, or
 * a file on disk with its size and SHA-256 (Payload copies it into place without reading it).
 */
export type MadeCopy = {
  mimetype: string
  filename: string
  fields: Record<string, unknown>
} & ({ data: Buffer } | { filePath: string; size: number; sha256: string })

/**
 * Brings one (file, campaign) pair in line, in a job: makes the wanted copy when it is missing
 * (`make`), then deletes every other copy of the pair, as read after making (the campaign may
 * have changed meanwhile). Copies of the file that belong to other campaigns are never touched.
 */
export const reconcileLabelledCopy = async ({
  req,
  options,
  file,
  kind,
  make,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  file: FileOfCampaign
  kind: LabelledKind
  make: (wanted: WantedCopy) => Promise<MadeCopy>
}): Promise<{ rendition?: number }> => {
  const { payload } = req
  const renditions = options.slugs.renditions
  const state = () => {
    // Read now, not when queued: the label or the intro may have changed since.
    delete req.context[`unifiedCampaign:${file.campaignId}`]
    return copyState({ req, options, file, kind })
  }
  let { wanted, copies } = await state()
  let rendition: number | undefined
  if (wanted && !copies.some((copy) => isWanted(copy, wanted))) {
    const made = await make(wanted)
    const { name, ...stamp } = wanted
    const doc = await payload.create({
      collection: renditions,
      data: {
        original: file.mediaId,
        campaign: file.campaignId,
        name,
        ...stamp,
        ...made.fields,
        checksum:
          'data' in made ? createHash('sha256').update(made.data).digest('hex') : made.sha256,
      } as never,
      file:
        'data' in made
          ? {
              data: made.data,
              mimetype: made.mimetype,
              name: uniqueName({ filename: made.filename, campaignId: file.campaignId }),
              size: made.data.length,
            }
          : {
              // Payload copies a file given by `tempFilePath` that it need not change (not an
              // image) straight into place, never reading it into memory.
              data: Buffer.alloc(0),
              tempFilePath: made.filePath,
              mimetype: made.mimetype,
              name: uniqueName({ filename: made.filename, campaignId: file.campaignId }),
              size: made.size,
            },
      depth: 0,
      // Not the job's req: the runner shares it among parallel jobs, and an upload keeps its file on it.
    })
    rendition = Number(doc.id)
    ;({ wanted, copies } = await state())
  }
  // One at a time: whoever watches deletions (the partner push) sees the last one leave the pair empty.
  for (const copy of surplusCopies(copies, wanted)) {
    await payload.delete({ collection: renditions, where: { id: { equals: copy.id } } })
  }
  return { rendition }
}

/**
 * The copy's file name, with its campaign and a token of its own: jobs for one file in two
 * campaigns (or two jobs for one pair) run side by side, and Payload's check for a free name
 * cannot see a file another job is writing that moment; under one name, one copy's bytes would
 * overwrite the other's, and deleting one would delete the other's file. The base is cut so the
 * name stays within 255 bytes.
 */
const uniqueName = ({ filename, campaignId }: { filename: string; campaignId: number }) => {
  const { name, ext } = path.parse(filename)
  return `${cutToBytes(name, 200)}-${campaignId}-${randomBytes(4).toString('hex')}${ext}`
}
