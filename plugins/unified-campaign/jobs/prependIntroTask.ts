import type { PayloadRequest, TaskConfig } from 'payload'

import fs from 'node:fs/promises'
import path from 'node:path'

import type { ResolvedOptions } from '../types'
import type { WantedCopy } from '../utilities/labelledCopies'

import { withLocalCopy } from '../../shared/storedFile'
import { prependIntro, storedLayout } from '../utilities/intro'
import { reconcileLabelledCopy } from '../utilities/labelledCopies'

type UploadDoc = {
  id: number
  filename?: string | null
  mediaKind?: string | null
  /** The upload's stored probe: its `streams` spare the job probing the files again. */
  probe?: unknown
}

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

/** Runs `work` with the upload's file on this server's disk (a temp copy when it is in a bucket). */
const withFileOf = <T>(
  req: PayloadRequest,
  options: ResolvedOptions,
  doc: UploadDoc,
  work: (filePath: string) => Promise<T>,
) => withLocalCopy({ payload: req.payload, collection: options.slugs.media, doc, req, work })

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
  // Both files in one read, with what their stored probes say of their streams.
  const findBoth = async (introId: number) => {
    const { docs } = (await req.payload.find({
      collection: options.slugs.media,
      where: { id: { in: [mediaId, introId] } },
      depth: 0,
      limit: 2,
      pagination: false,
      select: { filename: true, mediaKind: true, probe: true },
      req,
    })) as unknown as { docs: UploadDoc[] }
    const byId = (id: number) => {
      const doc = docs.find((candidate) => Number(candidate.id) === id)
      if (!doc) {
        throw new Error(`找不到媒体 ${id} / media ${id} not found`)
      }
      return doc
    }
    return [byId(mediaId), byId(introId)] as const
  }
  let method: string | undefined
  let outputPath: string | undefined
  try {
    const { rendition } = await reconcileLabelledCopy({
      req,
      options,
      file: { mediaId, campaignId },
      kind: 'video',
      make: async (wanted) => {
        // A video's wanted copy is always its intro version.
        const { intro: introId } = wanted as Extract<WantedCopy, { name: 'intro' }>
        const [work, intro] = await findBoth(introId)
        const made = await withFileOf(req, options, intro, (introPath) =>
          withFileOf(req, options, work, (workPath) =>
            prependIntro({
              introPath,
              workPath,
              // Files probed before the streams were kept are probed now.
              intro: storedLayout(intro.probe),
              work: storedLayout(work.probe),
            }),
          ),
        )
        outputPath = made.outputPath
        method = made.method
        const base = path.parse(work.filename ?? `media-${mediaId}`).name
        return {
          filePath: made.outputPath,
          size: (await fs.stat(made.outputPath)).size,
          sha256: made.sha256,
          mimetype: 'video/mp4',
          filename: `${base}-intro.mp4`,
          fields: {},
        }
      },
    })
    return { rendition, method }
  } finally {
    if (outputPath) {
      await fs.rm(outputPath, { force: true })
    }
  }
}
