import type { PayloadRequest, TaskConfig } from 'payload'

import fs from 'node:fs/promises'
import path from 'node:path'

import type { ResolvedOptions } from '../types'
import type { WantedCopy } from '../utilities/labelledCopies'

import { prependIntro } from '../utilities/intro'
import { reconcileLabelledCopy } from '../utilities/labelledCopies'

type UploadDoc = { id: number; filename?: string | null; mediaKind?: string | null }

/**
 * Brings a video's labelled copy for one campaign in line: the campaign's current intro clip in
 * front of the work, as a rendition named `intro` linked to the original (never changed), the
 * campaign and the intro it used; the campaign's other intro versions of the file go. Another
 * campaign's version of the same file is never touched. Retried by the queue on failure.
 */
export const prependIntroTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.introTaskSlug as TaskConfig['slug'],
  label: '添加片头 / Prepend the intro clip',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  inputSchema: [
    { name: 'media', type: 'number', required: true },
    { name: 'campaign', type: 'number', required: true },
  ],
  outputSchema: [
    { name: 'rendition', type: 'number' },
    { name: 'method', type: 'text' },
  ],
  handler: async ({ input, req }) => {
    const { media, campaign } = input as { media: number; campaign: number }
    return {
      output: await makeIntroRendition({
        req,
        options,
        mediaId: Number(media),
        campaignId: Number(campaign),
      }),
    }
  },
})

const filePathOf = (req: PayloadRequest, options: ResolvedOptions, doc: UploadDoc) => {
  const staticDir = req.payload.collections[options.slugs.media].config.upload.staticDir ?? ''
  if (!doc.filename) {
    throw new Error(`媒体 ${doc.id} 没有文件 / media ${doc.id} has no file`)
  }
  return path.join(staticDir, doc.filename)
}

export const makeIntroRendition = async ({
  req,
  options,
  mediaId,
  campaignId,
}: {
  req: PayloadRequest
  options: ResolvedOptions
  mediaId: number
  campaignId: number
}): Promise<{ rendition?: number; method?: string }> => {
  const find = (id: number) =>
    req.payload.findByID({
      collection: options.slugs.media,
      id,
      depth: 0,
      req,
    }) as unknown as Promise<UploadDoc>
  let method: string | undefined
  const { rendition } = await reconcileLabelledCopy({
    req,
    options,
    file: { mediaId, campaignId },
    kind: 'video',
    make: async (wanted) => {
      // A video's wanted copy is always its intro version.
      const { intro: introId } = wanted as Extract<WantedCopy, { name: 'intro' }>
      const [work, intro] = await Promise.all([find(mediaId), find(introId)])
      const made = await prependIntro({
        introPath: filePathOf(req, options, intro),
        workPath: filePathOf(req, options, work),
      })
      method = made.method
      try {
        const data = await fs.readFile(made.outputPath)
        const base = path.parse(work.filename ?? `media-${mediaId}`).name
        return { data, mimetype: 'video/mp4', filename: `${base}-intro.mp4`, fields: {} }
      } finally {
        await fs.rm(made.outputPath, { force: true })
      }
    },
  })
  return { rendition, method }
}
