import type { TaskConfig } from 'payload'

import path from 'node:path'

import type { ResolvedOptions } from '../types'
import type { WantedCopy } from '../utilities/labelledCopies'

import { withLocalCopy } from '../../shared/storedFile'
import { reconcileLabelledCopy } from '../utilities/labelledCopies'
import { watermarkImage } from '../utilities/watermark'

type UploadDoc = { id: number; filename?: string | null; mediaKind?: string | null }

/**
 * Brings a photo's labelled copy for one campaign in line (option 照片水印 of the campaign): the
 * campaign's label, as titles carry it, drawn into the corner, as a rendition named `label`
 * linked to the original (never changed) and the campaign, remembering its text; the campaign's
 * copies with an old text, or all of them once the option is off or no work of the campaign uses
 * the photo, go. Another campaign's copy of the same photo is never touched. Retried by the
 * queue on failure.
 */
export const watermarkTask = (options: ResolvedOptions): TaskConfig => ({
  slug: options.watermarkTaskSlug as TaskConfig['slug'],
  label: '照片加标识水印 / Watermark a photo with the label',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 5_000 } },
  inputSchema: [
    { name: 'media', type: 'number', required: true },
    { name: 'campaign', type: 'number', required: true },
  ],
  outputSchema: [{ name: 'rendition', type: 'number' }],
  handler: async ({ input, req }) => {
    const { media, campaign } = input as { media: number; campaign: number }
    const { payload } = req
    const output = await reconcileLabelledCopy({
      req,
      options,
      file: { mediaId: Number(media), campaignId: Number(campaign) },
      kind: 'image',
      make: async (wanted) => {
        const photo = (await payload.findByID({
          collection: options.slugs.media,
          id: Number(media),
          depth: 0,
          req,
        })) as unknown as UploadDoc
        if (!photo.filename) {
          throw new Error(`媒体 ${media} 没有文件 / media ${media} has no file`)
        }
        // A photo's wanted copy is always its watermarked version.
        const { labelText: text } = wanted as Extract<WantedCopy, { name: 'label' }>
        // On this server's disk, or a temp copy from the bucket.
        const { data, mimeType, width, height } = await withLocalCopy({
          payload,
          collection: options.slugs.media,
          doc: photo,
          req,
          work: (input) => watermarkImage({ input, text }),
        })
        const base = path.parse(photo.filename).name
        return {
          data,
          mimetype: mimeType,
          filename: `${base}-label.${mimeType === 'image/png' ? 'png' : 'jpg'}`,
          fields: { renditionWidth: width, renditionHeight: height },
        }
      },
    })
    return { output }
  },
})
