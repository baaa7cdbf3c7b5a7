import type { PayloadRequest, TaskConfig } from 'payload'

import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import type { ResolvedOptions } from '../types'

import { relationId } from '../../../src/lib/relationId'
import { prependIntro } from '../utilities/intro'

type UploadDoc = { id: number; filename?: string | null; mediaKind?: string | null }

/**
 * Makes the labelled rendition of a video work: the campaign's intro clip in front of it, as a
 * rendition named `intro` linked to the original (never changed) and to the intro it used, so a
 * new intro makes the old renditions stale. Retried by the queue on failure.
 */
export const prependIntroTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.introTaskSlug as TaskConfig['slug'],
  label: '添加片头 / Prepend the intro clip',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  inputSchema: [
    { name: 'media', type: 'number', required: true },
    { name: 'intro', type: 'number', required: true },
    { name: 'campaign', type: 'number', required: true },
  ],
  outputSchema: [
    { name: 'rendition', type: 'number' },
    { name: 'method', type: 'text' },
  ],
  handler: async ({ input, req }) => {
    const { media, intro, campaign } = input as { media: number; intro: number; campaign: number }
    return { output: await makeIntroRendition({ req, options, mediaId: Number(media), introId: Number(intro), campaignId: Number(campaign) }) }
  },
})

const filePathOf = (req: PayloadRequest, options: ResolvedOptions, doc: UploadDoc) => {
  const staticDir = req.payload.collections[options.slugs.media as 'media'].config.upload.staticDir ?? ''
  if (!doc.filename) {
    throw new Error(`媒体 ${doc.id} 没有文件 / media ${doc.id} has no file`)
  }
  return path.join(staticDir, doc.filename)
}

export const makeIntroRendition = async ({
  req,
  options,
  mediaId,
  introId,
  campaignId,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  mediaId: number
  introId: number
  /** The campaign whose intro this is: a job for an intro replaced meanwhile leaves nothing behind. */
  campaignId?: number
}) => {
  const { payload } = req
  const find = (id: number) => payload.findByID({ collection: options.slugs.media as 'media', id, depth: 0, req }) as unknown as Promise<UploadDoc>
  const [work, intro] = await Promise.all([find(mediaId), find(introId)])
  const { outputPath, method } = await prependIntro({ introPath: filePathOf(req, options, intro), workPath: filePathOf(req, options, work) })
  try {
    const data = await fs.readFile(outputPath)
    const base = path.parse(work.filename ?? `media-${mediaId}`).name
    const rendition = await payload.create({
      collection: options.slugs.renditions as 'media',
      data: {
        original: mediaId,
        name: 'intro',
        intro: introId,
        checksum: createHash('sha256').update(data).digest('hex'),
      } as never,
      file: { data, mimetype: 'video/mp4', name: `${base}-intro.mp4`, size: data.length },
      // Not the job's req: the runner shares it among parallel jobs, and an upload keeps its file on it.
    })
    // One labelled rendition per work. Jobs for an old and a new intro may run side by side:
    // whichever finishes, only the rendition made with the campaign's current intro stays.
    const currentIntro = campaignId
      ? relationId(((await payload.findByID({ collection: options.slugs.campaigns as 'campaigns', id: campaignId, depth: 0 })) as { introClip?: unknown }).introClip)
      : introId
    await payload.delete({
      collection: options.slugs.renditions as 'media',
      where: {
        and: [{ original: { equals: mediaId } }, { name: { equals: 'intro' } }, { intro: { not_equals: currentIntro ?? 0 } }],
      },
    })
    return { rendition: Number(rendition.id), method }
  } finally {
    await fs.rm(outputPath, { force: true })
  }
}
